// End to end with hostile tools (tests/hostile/*.sh through the generic adapter): bytes that
// are not UTF-8, terminal escapes, huge lines, helpers that keep stdout open, odd signals.
// Each must end in a complete results folder with the right status, never a crash.
#include <doctest/doctest.h>
#include <sys/resource.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "e2e_support.hpp"
#include "file_text.hpp"

using namespace wb::e2e;
namespace fs = std::filesystem;

namespace {
const fs::path kHostile = fs::path(WB_SOURCE_DIR) / "tests" / "hostile";

// A config for one hostile script, written into `dir`; `extra` lands under benchmark.args.
fs::path hostile_config(const fs::path& dir, const std::string& script, const std::vector<std::string>& argv,
                        const std::string& accelerator = "Hostile card", const std::string& extra = "") {
  fs::create_directories(dir);
  std::string args;
  for (const auto& a : argv) args += "'" + a + "', ";
  fs::path p = dir / "hostile.yaml";
  std::ofstream(p) << "name: hostile\n"
                      "device:\n  manufacturer: Test\n  accelerator: "
                   << accelerator
                   << "\n"
                      "probes:\n  - {name: rail, kind: ina228, transport: sim, shunt_ohm: 0.005, max_current_a: 4.0,"
                      " rail: R, scope: board, rate_hz: 200}\n"
                      "benchmark:\n  tool: generic\n  executable: "
                   << (kHostile / script).string()
                   << "\n"
                      "  args:\n    argv: ["
                   << args
                   << "]\n"
                      "    fps: {regex: 'fps: ([0-9.]+)'}\n    start_marker: 'start'\n    end_marker: 'done'\n"
                   << extra
                   << "phases: {settle_s: 0.1, idle_s: 0.2}\n"
                      "validity: {min_window_s: 0.1}\n"
                      "sim: {rail_v: 5.0, idle_w: 4.9, active_w: 9.8, warmup_w: 9.4, fps: 100, latency_ms: 1}\n";
  return p;
}

using wb::test::slurp;

bool valid_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    i += n;
  }
  return true;
}

// Text meant for people: valid UTF-8, no escape or bell bytes.
void check_clean_text(const std::string& what, const std::string& s) {
  INFO(what);
  CHECK(valid_utf8(s));
  CHECK(s.find('\x1b') == std::string::npos);
  CHECK(s.find('\x07') == std::string::npos);
}

std::string joined_warnings(const nlohmann::json& run) {
  std::string w;
  for (const auto& x : run.value("warnings", nlohmann::json::array())) w += x.get<std::string>() + "\n";
  return w;
}
}  // namespace

TEST_CASE(
    "hostile text: non-UTF-8 bytes and escapes from the tool and the config, every repeat and file is written, raw "
    "logs keep the bytes") {
  auto out = fresh_dir("hostile-bytes");
  auto cfg = hostile_config(out.string() + "-cfg", "bytes.sh", {"0"}, "Card \xff \x1b[31mred");
  auto r = wattbench({"run", cfg.string(), "--output", out.string(), "--set", "repeat=2"});
  INFO(r.out);
  CHECK(r.exit_code == 0);
  check_clean_text("terminal", r.out);
  REQUIRE(fs::exists(out / "summary.json"));
  auto runs = read_json(out / "summary.json")["variants"][0]["runs"];
  REQUIRE(runs.size() == 2);
  for (const auto& run : runs) {
    CHECK(run["status"] == "ok");
    CHECK(run["fps"].get<double>() == doctest::Approx(123.5));
    CHECK(fs::exists(out / run["dir"].get<std::string>() / "run.json"));
    std::string raw = slurp(out / run["dir"].get<std::string>() / "tool.stdout.log");
    CHECK(raw.find("\xff") != std::string::npos);  // raw logs keep every byte
    CHECK(raw.find("\x1b[31m") != std::string::npos);
  }
  for (const char* f : {"summary.md", "report.html"}) {
    REQUIRE(fs::exists(out / f));
    check_clean_text(f, slurp(out / f));
  }
  auto rep = wattbench({"report", out.string()});
  INFO(rep.out);
  CHECK(rep.exit_code == 0);
  check_clean_text("report terminal", rep.out);

  // A failing tool whose last stderr line carries the bytes: the reason keeps the text, cleaned.
  auto out2 = fresh_dir("hostile-bytes-fail");
  auto cfg2 = hostile_config(out2.string() + "-cfg", "bytes.sh", {"3"});
  auto f = wattbench({"run", cfg2.string(), "--output", out2.string(), "--set", "repeat=1"});
  INFO(f.out);
  CHECK(f.exit_code == 1);
  check_clean_text("failing run terminal", f.out);
  REQUIRE(fs::exists(out2 / "summary.json"));
  auto failed = read_json(out2 / "summary.json")["variants"][0]["runs"][0];
  CHECK(failed["status"] == "failed");
  std::string reason = failed["reason"].get<std::string>();
  CHECK(reason.find("warn") != std::string::npos);
  CHECK(reason.find("\xef\xbf\xbd") != std::string::npos);  // U+FFFD stands for the byte
  check_clean_text("reason", reason);
  check_clean_text("summary.md of the failing run", slurp(out2 / "summary.md"));
}

TEST_CASE("hostile regex: leading .* in the user's regexes on a 150 kB line: run and report finish, fast") {
  constexpr int kLineBytes = 150'000;  // std::regex overflowed the stack from about 100 kB
  auto out = fresh_dir("hostile-regex");
  auto cfg = hostile_config(out.string() + "-cfg", "long_line.sh", {std::to_string(kLineBytes)});
  auto r = wattbench({"run", cfg.string(), "--output", out.string(), "--set", "repeat=1", "--set",
                      "benchmark.args.fps.regex='.*fps: ([0-9.]+)'", "--set", "benchmark.args.end_marker='.*done'"});
  INFO(r.out);
  CHECK(r.exit_code == 0);
  REQUIRE(fs::exists(out / "summary.json"));
  auto run = read_json(out / "summary.json")["variants"][0]["runs"][0];
  CHECK(run["status"] == "ok");
  CHECK(run["fps"].get<double>() == doctest::Approx(321.5));
  auto t = std::chrono::steady_clock::now();
  auto rep = wattbench({"report", out.string()});
  double report_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  CHECK(rep.exit_code == 0);
  CHECK(report_s < 5);  // std::regex needed 7 s for a 20 kB line; a linear matcher needs milliseconds
}

TEST_CASE(
    "hostile size: 200 MB without a newline: memory stays bounded, the raw log keeps every byte, the cut is a "
    "warning") {
  constexpr long kBytes = 200'000'000;
  auto out = fresh_dir("hostile-size");
  auto cfg = hostile_config(out.string() + "-cfg", "long_line.sh", {std::to_string(kBytes)});
  auto r = wattbench({"run", cfg.string(), "--output", out.string(), "--set", "repeat=1"});
  rusage ru{};
  ::getrusage(RUSAGE_CHILDREN, &ru);
  INFO(r.out);
  CHECK(r.exit_code == 0);
  REQUIRE(fs::exists(out / "summary.json"));
  auto run = read_json(out / "summary.json")["variants"][0]["runs"][0];
  CHECK(run["status"] == "ok");
  CHECK(run["fps"].get<double>() == doctest::Approx(321.5));
  CHECK(joined_warnings(run).find("cut") != std::string::npos);
  CHECK(fs::file_size(out / run["dir"].get<std::string>() / "tool.stdout.log") > static_cast<std::uintmax_t>(kBytes));
  // Peak RSS of the largest child so far (ru_maxrss is in KiB): far below what the tool printed.
  CHECK(ru.ru_maxrss * 1024L < kBytes / 2);
  fs::remove_all(out);
}

TEST_CASE(
    "hostile helper: a helper keeps the tool's stdout pipe open and busy after it exits 0, the result is kept, with a "
    "warning") {
  auto out = fresh_dir("hostile-helper");
  auto cfg =
      hostile_config(out.string() + "-cfg", "helper_keeps_stdout.sh", {}, "Hostile card", "    live_lines: false\n");
  auto r =
      wattbench({"run", cfg.string(), "--output", out.string(), "--set", "repeat=1", "--set", "benchmark.timeout_s=8"});
  INFO(r.out);
  CHECK(r.exit_code == 0);
  REQUIRE(fs::exists(out / "summary.json"));
  auto run = read_json(out / "summary.json")["variants"][0]["runs"][0];
  CHECK(run["status"] == "ok");
  CHECK(run["fps"].get<double>() == doctest::Approx(77.5));
  CHECK(joined_warnings(run).find("kept its output open") != std::string::npos);
}

TEST_CASE("hostile signal: a tool killed by SIGHUP is reported as SIGHUP, one killed by SIGKILL as SIGKILL") {
  for (const std::string sig : {"HUP", "KILL"}) {
    CAPTURE(sig);
    auto out = fresh_dir("hostile-signal-" + sig);
    auto cfg = hostile_config(out.string() + "-cfg", "signal.sh", {sig});
    auto r = wattbench({"run", cfg.string(), "--output", out.string(), "--set", "repeat=1"});
    INFO(r.out);
    CHECK(r.exit_code == 1);
    REQUIRE(fs::exists(out / "summary.json"));
    auto run = read_json(out / "summary.json")["variants"][0]["runs"][0];
    CHECK(run["status"] == "failed");
    std::string reason = run["reason"].get<std::string>();
    CHECK(reason.find("killed by SIG" + sig) != std::string::npos);
    CHECK(reason.find(sig == "HUP" ? "SIGKILL" : "SIGHUP") == std::string::npos);
  }
}
