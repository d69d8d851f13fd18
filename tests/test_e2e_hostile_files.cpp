// End to end, hostile files (issue 13): `run`, `report`, `compare` and `check` against cut
// traces, emptied or mistyped summaries, missing run folders, unwritable outputs and a results
// folder that another run holds. Each must say what is wrong and never report a false pass.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "e2e_support.hpp"
#include "file_text.hpp"
#include "harness/process/process.hpp"

using namespace wb;
namespace fs = std::filesystem;

namespace {
using e2e::fresh_dir;
using e2e::read_json;
using e2e::run_cli;
using e2e::wattbench;

using test::slurp;

// A short demo run; the phases are cut to the minimum the analysis accepts.
const std::vector<std::string> kShort{"--set", "benchmark.args.time_s=1", "--set", "phases.settle_s=0",
                                      "--set", "phases.idle_s=0.2",       "--set", "phases.tail_s=0.1"};

std::vector<std::string> run_args(const fs::path& out, int repeat) {
  std::vector<std::string> a{
      "run", "configs/demo.yaml", "--output", out.string(), "--set", fmt::format("repeat={}", repeat)};
  a.insert(a.end(), kShort.begin(), kShort.end());
  return a;
}

// One two-run results folder made once per test process; each case works on its own copy.
fs::path copy_of_two_runs(const std::string& name) {
  static fs::path base = [] {
    fs::path b = fresh_dir("hostile-base");
    auto r = wattbench(run_args(b, 2));
    INFO(r.out);
    REQUIRE(r.exit_code == 0);
    return b;
  }();
  fs::path d = fresh_dir(name);
  fs::copy(base, d, fs::copy_options::recursive);
  return d;
}

std::size_t ok_runs(const nlohmann::json& summary) {
  std::size_t n = 0;
  for (const auto& r : summary["variants"][0]["runs"]) n += r["status"] == "ok";
  return n;
}
}  // namespace

TEST_CASE("hostile: report rebuilds an empty summary.json like a missing one") {
  auto out = copy_of_two_runs("empty-summary");
  std::ofstream(out / "summary.json", std::ios::trunc).close();
  auto r = wattbench({"report", out.string()});
  INFO(r.out);
  CHECK(r.exit_code == 0);
  auto s = read_json(out / "summary.json");
  CHECK(s["variants"][0]["runs"].size() == 2);
  CHECK(ok_runs(s) == 2);
  CHECK(r.out.find((out / "summary.json").string()) != std::string::npos);  // says what it found
  fs::remove_all(out);
}

TEST_CASE("hostile: report names a mistyped summary.json field and rebuilds it from the runs") {
  auto out = copy_of_two_runs("typed-summary");
  auto s = read_json(out / "summary.json");
  s["interrupted"] = "no";
  std::ofstream(out / "summary.json") << s.dump(2);
  auto r = wattbench({"report", out.string()});
  INFO(r.out);
  CHECK(r.out.find((out / "summary.json").string() + ": interrupted: expected boolean, got string") !=
        std::string::npos);
  CHECK(read_json(out / "summary.json")["interrupted"] == false);
  // compare and check refuse it with the same words.
  std::ofstream(out / "summary.json") << s.dump(2);
  auto c = wattbench({"check", out.string(), "--baseline", out.string()});
  CHECK(c.exit_code != 0);
  CHECK(c.out.find((out / "summary.json").string() + ": interrupted: expected boolean, got string") !=
        std::string::npos);
  fs::remove_all(out);
}

TEST_CASE("hostile: a trace cut by a file size limit is recorded in the run, not silently cut") {
  auto out = fresh_dir("fsize-run");
  // bash passes the ignored SIGXFSZ and the 64 KiB limit on to wattbench: writes past it fail (EFBIG).
  std::string cmd = "trap '' XFSZ; ulimit -f 64; exec \"$0\" \"$@\"";
  std::vector<std::string> args{"-c", cmd, WB_WATTBENCH};
  auto rest = run_args(out, 1);
  args.insert(args.end(), rest.begin(), rest.end());
  auto r = run_cli("/bin/bash", args);
  INFO(r.out);
  CHECK(r.exit_code == 1);  // no false pass
  auto s = read_json(out / "summary.json");
  const auto& run = s["variants"][0]["runs"][0];
  CHECK(run["status"] != "ok");
  bool recorded = false;
  for (const auto& w : run["warnings"]) recorded |= w.get<std::string>().find("power-m2_3v3.csv") != std::string::npos;
  CHECK(recorded);
  fs::remove_all(out);
}

TEST_CASE("hostile: report with a bad trace line replaces the stale report.html and exits non-zero") {
  auto out = copy_of_two_runs("stale-html");
  std::string before = slurp(out / "report.html");
  REQUIRE(before.find("2 of 2 runs ok") != std::string::npos);
  fs::path trace = out / "default" / "run-2" / "power-m2_3v3.csv";
  std::ifstream in(trace);
  std::string text, line;
  for (int n = 1; std::getline(in, line); ++n) text += (n == 50 ? std::string("garbage,line") : line) + "\n";
  in.close();
  std::ofstream(trace) << text;
  auto r = wattbench({"report", out.string()});
  INFO(r.out);
  CHECK(r.exit_code != 0);
  CHECK(r.out.find("power-m2_3v3.csv:50") != std::string::npos);
  std::string html = slurp(out / "report.html");
  CHECK(html.find("2 of 2 runs ok") == std::string::npos);
  CHECK(html.find("power-m2_3v3.csv:50") != std::string::npos);  // the page says why it has no report
  auto s = read_json(out / "summary.json");
  CHECK(ok_runs(s) == 1);
  CHECK(slurp(out / "summary.md").find("1 of 2 runs ok") != std::string::npos);
  fs::remove_all(out);
}

TEST_CASE("hostile: report keeps the runs after a missing run folder and names the missing one") {
  auto out = copy_of_two_runs("gap");
  fs::remove_all(out / "default" / "run-1");
  auto r = wattbench({"report", out.string()});
  INFO(r.out);
  CHECK(r.exit_code != 0);  // a run is missing: not a clean pass
  auto s = read_json(out / "summary.json");
  REQUIRE(s["variants"][0]["runs"].size() == 1);
  CHECK(s["variants"][0]["runs"][0]["index"] == 2);
  CHECK(s["variants"][0]["runs"][0]["status"] == "ok");
  CHECK(r.out.find("default/run-1 is missing") != std::string::npos);
  fs::remove_all(out);
}

TEST_CASE("hostile: compare --output and check --junit to unwritable paths fail naming the path") {
  auto out = copy_of_two_runs("unwritable");
  std::vector<fs::path> targets{out / "default", "/proc/wattbench-compare.md", "/proc/version"};
  if (::geteuid() != 0) {  // root writes through permissions
    fs::create_directories(out / "ro");
    fs::permissions(out / "ro", fs::perms::owner_read | fs::perms::owner_exec);
    targets.push_back(out / "ro" / "table.md");
  }
  for (const auto& t : targets) {
    CAPTURE(t);
    auto c = wattbench({"compare", out.string(), "--output", t.string()});
    CHECK(c.exit_code != 0);
    CHECK(c.out.find(t.string()) != std::string::npos);
    auto k = wattbench({"check", out.string(), "--baseline", out.string(), "--junit", t.string()});
    CHECK(k.exit_code != 0);
    CHECK(k.out.find(t.string()) != std::string::npos);
  }
  if (fs::exists(out / "ro")) fs::permissions(out / "ro", fs::perms::owner_all);
  // A writable path still works.
  auto ok = wattbench({"compare", out.string(), "--output", (out / "table.md").string()});
  CHECK(ok.exit_code == 0);
  CHECK(fs::file_size(out / "table.md") > 0);
  fs::remove_all(out);
}

TEST_CASE("hostile: a second run into a folder another run holds fails naming the holder, a stale lock is taken over") {
  auto out = fresh_dir("shared-folder");
  std::thread first([&] { wattbench(run_args(out, 1)); });
  for (int i = 0; i < 200 && !fs::exists(out / "default"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  auto second = wattbench(run_args(out, 1));
  first.join();
  INFO(second.out);
  CHECK(second.exit_code == 2);
  CHECK(second.out.find("in use by wattbench pid") != std::string::npos);
  CHECK(ok_runs(read_json(out / "summary.json")) == 1);  // the first run is untouched
  CHECK_FALSE(fs::exists(out / ".wattbench.lock"));      // released when it finished
  fs::remove_all(out);

  // A lock left by a process that no longer exists on this host.
  pid_t dead = ::fork();
  if (dead == 0) _exit(0);
  ::waitpid(dead, nullptr, 0);
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  fs::create_directories(out);
  std::ofstream(out / ".wattbench.lock") << nlohmann::json{{"pid", dead}, {"host", host}, {"since", "earlier"}}.dump();
  auto taken = wattbench(run_args(out, 1));
  INFO(taken.out);
  CHECK(taken.exit_code == 0);
  CHECK(taken.out.find(fmt::format("stale lock of pid {}", dead)) != std::string::npos);
  fs::remove_all(out);
}
