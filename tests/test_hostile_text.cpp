// Hostile text reaching the parsers and the process runner: lines of 100 kB and more (one-line
// JSON, progress bars), user regexes that backtrack, tools that never print a newline, helpers
// that keep stdout open.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapters/generic/adapter.hpp"
#include "harness/plugin/tool_kind.hpp"
#include "harness/process/process.hpp"
#include "harness/util/printable.hpp"
#include "probes/command/protocol.hpp"

using namespace wb;
namespace fs = std::filesystem;

namespace {
constexpr std::size_t kLongLine = 150'000;  // std::regex overflowed the stack from about 100 kB
constexpr double kFastS = 2.0;              // a linear matcher needs milliseconds; std::regex took 7 s on 20 kB

// Long lines of the shapes the parsers' patterns meet: a run of one character, a key with a
// long value, a one-line JSON array, a progress bar.
std::string hostile_text() {
  std::string t;
  t += std::string(kLongLine, 'x') + "\n";
  t += std::string(kLongLine, ' ') + "\n";
  t += "Key: " + std::string(kLongLine, 'a') + "\n";
  t += "INFO: " + std::string(kLongLine, '.') + " : 1\n";
  std::string json = "[";
  while (json.size() < kLongLine) json += "{\"FPS\": 1.5, \"x\": \"=\"},";
  t += json + "{}]\n";
  std::string bar = "[";
  while (bar.size() < kLongLine) bar += "=====>    \r";
  t += bar + "] 50% 0:00:01\n";
  return t;
}

fs::path temp_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("wattbench-hostile-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

ProcessSpec sh_spec(const std::string& script) {
  ProcessSpec s;
  s.executable = *find_executable("sh", {});
  s.args = {"-c", script};
  s.cwd = fs::temp_directory_path();
  s.t0 = std::chrono::steady_clock::now();
  s.pty = false;
  s.timeout_s = 20;
  return s;
}
}  // namespace

TEST_CASE("hostile regex: every adapter's parsers take 150 kB lines without a crash, fast") {
  auto dir = temp_dir("parse");
  fs::path file = dir / "out.txt";
  std::ofstream(file) << hostile_text();
  std::vector<TimedLine> lines;
  double t_s = 0;
  for (const auto& l :
       {std::string(kLongLine, 'x'), "Key: " + std::string(kLongLine, '='), std::string(kLongLine, ' ')})
    lines.push_back({t_s += 0.1, 1, l});
  for (const Adapter* a : tool_kinds()) {
    CAPTURE(a->name());
    auto t = std::chrono::steady_clock::now();
    try {
      a->parse_files({file});
    } catch (const ParseError&) {
      // a clear "not this tool's output" is fine
    } catch (const ToolError&) {
    }
    ToolInvocation inv;
    if (a->name() == "generic") inv.context = {{"start_marker", ".*x$"}, {"end_marker", ".*=$"}};
    a->window_evidence(lines, inv);
    CHECK(seconds_since(t) < kFastS);
  }
  fs::remove_all(dir);
}

TEST_CASE("hostile regex: the generic adapter's user regexes with a leading .* on 150 kB lines") {
  auto dir = temp_dir("generic");
  std::ofstream(dir / "out.log") << "start\n" << std::string(kLongLine, 'x') << "\nfps: 42.5\n";
  std::ofstream(dir / "err.log") << std::string(kLongLine, 'y') << "\n";
  ToolInvocation inv;
  inv.context = {{"fps", {{"regex", ".*fps: ([0-9.]+)"}}},
                 {"duration_s", {{"regex", ".*y(1)?"}, {"stream", "stderr"}}}};
  const Adapter& g = generic_adapter();
  auto t = std::chrono::steady_clock::now();
  auto r = g.parse_run(dir, dir / "out.log", dir / "err.log", inv);
  CHECK(seconds_since(t) < kFastS);
  REQUIRE(r.fps);
  CHECK(*r.fps == doctest::Approx(42.5));
  fs::remove_all(dir);
}

TEST_CASE("hostile regex: a command probe's regex on 150 kB of output") {
  std::vector<command::ChannelRule> rules{{"p", ".*power: ([0-9.]+)", "W", Quantity::other, 1.0}};
  auto t = std::chrono::steady_clock::now();
  auto v = command::extract(std::string(kLongLine, 'z') + " power: 2.5\n", rules);
  CHECK(seconds_since(t) < kFastS);
  REQUIRE(v.size() == 1);
  CHECK(v[0] == doctest::Approx(2.5));
}

TEST_CASE(
    "hostile pipes: a helper keeps stdout busy after the tool exits 0; the result comes back after a short grace") {
  auto s = sh_spec("(while :; do echo tick; sleep 0.01; done) & echo figures; exit 0");
  auto t = std::chrono::steady_clock::now();
  auto r = make_process_runner()->run(s, nullptr, nullptr);
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 0);
  CHECK(seconds_since(t) < s.timeout_s / 2);
  // One warning for the output held open, one naming the helper that was then ended.
  REQUIRE(r.warnings.size() == 2);
  CHECK(r.warnings[0].find("kept its output open") != std::string::npos);
  CHECK(r.warnings[1].find("the tool left") != std::string::npos);
}

TEST_CASE(
    "hostile size: a tool printing 50 MB without a newline; lines kept for parsing are cut, the raw log has every "
    "byte") {
  constexpr long kBytes = 50'000'000;
  auto dir = temp_dir("size");
  auto s = sh_spec("head -c " + std::to_string(kBytes) + " /dev/zero | tr '\\0' x; echo; echo after");
  s.stdout_log = dir / "out.log";
  s.lines_log = dir / "lines.tsv";
  auto r = make_process_runner()->run(s, nullptr, nullptr);
  CHECK(r.exit_code == 0);
  CHECK(fs::file_size(dir / "out.log") > static_cast<std::uintmax_t>(kBytes));
  REQUIRE(!r.lines.empty());
  CHECK(r.lines.back().text == "after");
  for (const auto& l : r.lines) CHECK(l.text.size() < static_cast<std::size_t>(kBytes / 10));
  CHECK(fs::file_size(dir / "lines.tsv") < static_cast<std::uintmax_t>(kBytes / 10));
  REQUIRE(r.warnings.size() == 1);  // said once, however many bytes were cut
  CHECK(r.warnings[0].find("cut") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("hostile regex: a user regex that backtracks without end is a clear error, not a crash or a hang") {
  auto dir = temp_dir("backtrack");
  std::ofstream(dir / "out.log") << std::string(64, 'a') << "\n";
  std::ofstream(dir / "err.log") << "";
  ToolInvocation inv;
  inv.context = {{"fps", {{"regex", "(a*)*(b)"}}}};
  const Adapter& g = generic_adapter();
  CHECK_THROWS_WITH_AS(g.parse_run(dir, dir / "out.log", dir / "err.log", inv), doctest::Contains("too costly"),
                       ParseError);
  fs::remove_all(dir);
}

TEST_CASE("hostile text: printable() makes tool text valid UTF-8 without escapes or control characters") {
  CHECK(printable("plain \xce\xbcs, tab\tand\nnewline") == "plain \xce\xbcs, tab\tand\nnewline");
  CHECK(printable("a\xff b") == "a\xef\xbf\xbd b");                            // a stray byte
  CHECK(printable("\xc0\xaf") == "\xef\xbf\xbd\xef\xbf\xbd");                  // overlong "/"
  CHECK(printable("\xed\xa0\x80") == "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // a surrogate
  CHECK(printable("\xe2\x82") == "\xef\xbf\xbd\xef\xbf\xbd");                  // cut short
  CHECK(printable("\x1b[1;31mred\x1b[0m") == "red");                           // CSI
  CHECK(printable("\x1b]0;title\x07x\x1b]8;;u\x1b\\y") == "xy");               // OSC, ended by BEL or ST
  CHECK(printable("a\x1b") == "a");                                            // a lone ESC at the end
  CHECK(printable("bell\x07 cr\r del\x7f c1\xc2\x9b") == "bell cr del c1");
  CHECK(strip_escapes("\x1b[2Kbar\r50%") == "bar\r50%");  // the parsers keep \r redraws
}
