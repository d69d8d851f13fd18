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
  auto r = make_process_runner()->run(
      s, [&](const TimedLine&) { ++callbacks; }, nullptr);
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

namespace {
// A process that still runs (a zombie has ended): /proc/<pid>/stat's state after "(comm)".
bool running(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!std::getline(in, stat)) return false;
  auto close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z' && stat[close + 2] != 'X';
}
long read_pid(const fs::path& p) {
  for (int i = 0; i < 200 && !fs::exists(p); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::ifstream in(p);
  long pid = 0;
  in >> pid;
  return pid;
}
std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + "\n";
  return s;
}
}  // namespace

TEST_CASE("leftovers: a setsid child of a tool that exits ok is ended and named in the warnings") {
  auto dir = fs::temp_directory_path() / ("wattbench-leftover-setsid-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto pidfile = dir / "pid";
  // The child leaves the tool's session; the tool exits 0 at once.
  auto s = spec_for("sh", {"-c", "setsid sh -c 'echo $$ > " + pidfile.string() +
                                     "; exec sleep 30' </dev/null >/dev/null 2>&1 & "
                                     "while [ ! -s " +
                                     pidfile.string() + " ]; do sleep 0.01; done; echo ok"});
  auto r = make_process_runner()->run(s, nullptr, nullptr);
  CHECK(r.exit_code == 0);
  long pid = read_pid(pidfile);
  REQUIRE(pid > 0);
  CHECK_FALSE(running(pid));
  INFO(joined(r.warnings));
  CHECK(joined(r.warnings).find(std::to_string(pid) + " (sleep)") != std::string::npos);
  CHECK(joined(r.warnings).find("left 1 process running") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("leftovers: on a timeout a worker in its own process group and a TERM-ignoring grandchild are ended") {
  auto dir = fs::temp_directory_path() / ("wattbench-leftover-pgrp-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto worker = dir / "worker", stubborn = dir / "stubborn";
  // `set -m`: the background job gets a process group of its own (out of reach of kill -PGID).
  auto s = spec_for("sh", {"-c", "set -m; sh -c 'echo $$ > " + worker.string() +
                                     "; exec sleep 30' & "
                                     "sh -c \"trap '' TERM; echo \\$\\$ > " +
                                     stubborn.string() + "; exec sleep 30\" & sleep 30"});
  s.timeout_s = 0.5;
  s.kill_grace_s = 0.5;
  auto t = std::chrono::steady_clock::now();
  auto r = make_process_runner()->run(s, nullptr, nullptr);
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  CHECK(r.timed_out);
  CHECK(took < 5);
  long w = read_pid(worker), st = read_pid(stubborn);
  REQUIRE(w > 0);
  REQUIRE(st > 0);
  CHECK_FALSE(running(w));
  CHECK_FALSE(running(st));
  INFO(joined(r.warnings));
  CHECK(joined(r.warnings).find(std::to_string(w) + " (sleep)") != std::string::npos);
  CHECK(joined(r.warnings).find(std::to_string(st) + " (sleep)") != std::string::npos);
  CHECK(joined(r.warnings).find("then SIGKILL") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("leftovers: a double-forked daemon (reparented to us) is ended; a tool that leaves nothing gets no warning") {
  auto dir = fs::temp_directory_path() / ("wattbench-leftover-daemon-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto pidfile = dir / "pid";
  auto s = spec_for("sh", {"-c", "(setsid sh -c 'echo $$ > " + pidfile.string() +
                                     "; exec sleep 30' </dev/null >/dev/null 2>&1 &) ; "
                                     "while [ ! -s " +
                                     pidfile.string() + " ]; do sleep 0.01; done"});
  auto r = make_process_runner()->run(s, nullptr, nullptr);
  long pid = read_pid(pidfile);
  REQUIRE(pid > 0);
  CHECK_FALSE(running(pid));
  CHECK(joined(r.warnings).find("(sleep)") != std::string::npos);
  auto clean = make_process_runner()->run(spec_for("sh", {"-c", "sleep 0.1 & wait"}), nullptr, nullptr);
  CHECK(clean.warnings.empty());
  fs::remove_all(dir);
}

TEST_CASE("kept lines: a flood of short lines is kept up to 16 MiB, with a warning; the lines log has them all") {
  auto dir = fs::temp_directory_path() / ("wattbench-kept-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto s = spec_for("sh", {"-c", "yes 'flood line' | head -n 600000 >&2; echo last"});
  s.lines_log = dir / "lines.tsv";
  auto r = make_process_runner()->run(s, nullptr, nullptr);
  CHECK(r.exit_code == 0);
  std::size_t bytes = 0;
  for (const auto& l : r.lines) bytes += l.text.size() + sizeof l;
  CHECK(bytes <= (16u << 20));
  CHECK(r.lines.size() > 1000);
  CHECK(joined(r.warnings).find("kept in memory") != std::string::npos);
  std::ifstream in(s.lines_log);
  std::size_t logged = 0;
  for (std::string l; std::getline(in, l);) ++logged;
  CHECK(logged == 600000 + 2);  // header, the flood, "last"
  fs::remove_all(dir);
}
