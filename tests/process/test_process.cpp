// ProcessRunner: argv without a shell, per-line timestamps, pty vs pipe, exit status,
// timeout killing the process group, a missing executable.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "harness/process/process.hpp"

using namespace wb;
namespace fs = std::filesystem;

namespace {
ProcessSpec spec_for(const std::string& exe, std::vector<std::string> args) {
  ProcessSpec s;
  s.executable = *find_executable(exe, {});
  s.args = std::move(args);
  s.cwd = fs::temp_directory_path();
  s.t0 = std::chrono::steady_clock::now();
  s.timeout_s = 20;
  return s;
}
}  // namespace

TEST_CASE("argv is passed verbatim: no shell expansion") {
  auto s = spec_for("printf", {"%s|%s\\n", "a b", "$HOME;rm -rf x"});
  auto r = make_process_runner()->run(s, nullptr, nullptr);
  REQUIRE(r.started);
  CHECK(r.exit_code == 0);
  REQUIRE(r.lines.size() == 1);
  CHECK(r.lines[0].text == "a b|$HOME;rm -rf x");
}

TEST_CASE("lines are stamped as they arrive and logged to files") {
  auto dir = fs::temp_directory_path() / "wattbench-proc-test";
  fs::create_directories(dir);
  auto s = spec_for("sh", {"-c", "echo one; sleep 0.3; echo two; echo err >&2"});
  s.stdout_log = dir / "out.log";
  s.stderr_log = dir / "err.log";
  s.lines_log = dir / "lines.tsv";
  int callbacks = 0;
  auto r = make_process_runner()->run(s, [&](const TimedLine&) { ++callbacks; }, nullptr);
  REQUIRE(r.lines.size() == 3);
  CHECK(callbacks == 3);
  CHECK(r.lines[0].text == "one");
  CHECK(r.lines[1].text == "two");
  CHECK(r.lines[1].t_s - r.lines[0].t_s == doctest::Approx(0.3).epsilon(0.3));
  CHECK(r.lines[2].stream == 2);
  std::ifstream out(s.stdout_log);
  std::stringstream ss;
  ss << out.rdbuf();
  CHECK(ss.str() == "one\ntwo\n");  // raw bytes, no \r\n from the pseudo-terminal
  std::ifstream lines(s.lines_log);
  std::string header;
  std::getline(lines, header);
  CHECK(header == "t_s\tstream\ttext");
  fs::remove_all(dir);
}

TEST_CASE("stdout is a terminal only when a pty is requested") {
  auto s = spec_for("test", {"-t", "1"});
  s.pty = true;
  CHECK(make_process_runner()->run(s, nullptr, nullptr).exit_code == 0);
  s.pty = false;
  CHECK(make_process_runner()->run(s, nullptr, nullptr).exit_code == 1);
}

TEST_CASE("exit codes and signals are told apart") {
  auto s = spec_for("sh", {"-c", "exit 3"});
  auto r = make_process_runner()->run(s, nullptr, nullptr);
  CHECK(r.exit_code == 3);
  CHECK(r.signal == 0);
  auto k = spec_for("sh", {"-c", "kill -SEGV $$"});
  auto rk = make_process_runner()->run(k, nullptr, nullptr);
  CHECK(rk.signal == 11);
}

TEST_CASE("timeout kills the whole process group") {
  auto marker = fs::temp_directory_path() / "wattbench-orphan-marker";
  fs::remove(marker);
  // The child spawns a grandchild that would touch the marker after 2 s if it survived.
  auto s = spec_for("sh", {"-c", "(sleep 2; touch " + marker.string() + ") & sleep 30"});
  s.timeout_s = 0.5;
  s.kill_grace_s = 0.5;
  auto t = std::chrono::steady_clock::now();
  auto r = make_process_runner()->run(s, nullptr, nullptr);
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  CHECK(r.timed_out);
  CHECK(took < 5);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  CHECK_FALSE(fs::exists(marker));
}

TEST_CASE("a missing executable is reported, not thrown") {
  CHECK_FALSE(find_executable("no-such-tool-wattbench", {}).has_value());
  ProcessSpec s;
  s.executable = "/nonexistent/tool";
  s.cwd = fs::temp_directory_path();
  s.t0 = std::chrono::steady_clock::now();
  auto r = make_process_runner()->run(s, nullptr, nullptr);
  CHECK_FALSE(r.started);
  CHECK(r.start_error.find("/nonexistent/tool") != std::string::npos);
}

TEST_CASE("stderr is a terminal only when pty_stderr is requested; \\r redraws there arrive as lines") {
  auto s = spec_for("sh", {"-c", "test -t 2"});
  s.pty_stderr = true;
  CHECK(make_process_runner()->run(s, nullptr, nullptr).exit_code == 0);
  s.pty_stderr = false;
  CHECK(make_process_runner()->run(s, nullptr, nullptr).exit_code == 1);
  // A progress bar's "\r<frame>" writes on the terminal stderr: one line per redraw.
  auto bar = spec_for("sh", {"-c", "printf '\\r1/3\\r2/3\\r3/3\\r   \\r' >&2"});
  bar.pty_stderr = true;
  auto r = make_process_runner()->run(bar, nullptr, nullptr);
  std::vector<std::string> err;
  for (const auto& l : r.lines)
    if (l.stream == 2) err.push_back(l.text);
  CHECK(err == std::vector<std::string>{"1/3", "2/3", "3/3", "   "});
}
