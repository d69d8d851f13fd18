// End to end, hostile round 3 (issue 27): tools that leave processes behind or die with
// wattbench, result files that are not files, a locked folder, a 2-row terminal, odd
// references. Each case runs the built wattbench as a user would, under a time limit, so a
// hang fails the case instead of the suite.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "e2e_support.hpp"
#include "file_text.hpp"

extern char** environ;

using namespace wb::e2e;
namespace fs = std::filesystem;

namespace {
const fs::path kHostile = fs::path(WB_SOURCE_DIR) / "tests" / "hostile";

// A config running one hostile script through the generic adapter; `figures` replaces the fps rule.
fs::path procs_config(const fs::path& dir, const std::string& script, const std::vector<std::string>& argv,
                      const std::string& extra = "", const std::string& fps = "{regex: 'fps: ([0-9.]+)'}") {
  fs::create_directories(dir);
  std::string args;
  for (const auto& a : argv) args += "'" + a + "', ";
  fs::path p = dir / "procs.yaml";
  std::ofstream(p) << "name: procs\n"
                      "device:\n  manufacturer: Test\n  accelerator: Procs card\n"
                      "probes:\n  - {name: rail, kind: ina228, transport: sim, shunt_ohm: 0.005, max_current_a: 4.0,"
                      " rail: R, scope: board, rate_hz: 100}\n"
                      "benchmark:\n  tool: generic\n  executable: "
                   << (kHostile / script).string()
                   << "\n"
                      "  args:\n    argv: ["
                   << args
                   << "]\n"
                      "    fps: "
                   << fps << "\n    start_marker: 'start'\n    end_marker: 'done'\n"
                   << extra
                   << "phases: {settle_s: 0.1, idle_s: 0.2, idle_after_s: 0.2}\n"
                      "validity: {min_window_s: 0.1}\n"
                      "sim: {rail_v: 5.0, idle_w: 4.9, active_w: 9.8, warmup_w: 9.4, fps: 100, latency_ms: 1}\n";
  return p;
}

// wattbench under a time limit: a hang ends as a timeout here, not as a stuck suite.
struct Limited {
  int exit_code = -1;
  bool timed_out = false;
  double seconds = 0;
  std::string out;
  std::optional<double> cpu_s;
};
Limited limited(std::vector<std::string> args, double limit_s, bool pty = false,
                std::map<std::string, std::string> env = {}) {
  wb::ProcessSpec s;
  s.executable = WB_WATTBENCH;
  s.args = std::move(args);
  s.cwd = WB_SOURCE_DIR;
  s.pty = pty;
  s.env = std::move(env);
  s.timeout_s = limit_s;
  s.kill_grace_s = 1;
  s.t0 = std::chrono::steady_clock::now();
  auto r = wb::make_process_runner()->run(s, nullptr, nullptr);
  Limited l;
  l.exit_code = r.exit_code;
  l.timed_out = r.timed_out;
  l.seconds = r.end_s - r.start_s;
  for (const auto& line : r.lines) l.out += line.text + "\n";
  if (r.cpu_user_s && r.cpu_sys_s) l.cpu_s = *r.cpu_user_s + *r.cpu_sys_s;
  return l;
}

bool running(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!std::getline(in, stat)) return false;
  auto close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z' && stat[close + 2] != 'X';
}
long wait_for_pid(const fs::path& p, double limit_s) {
  auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(limit_s);
  while (!fs::exists(p) && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  long pid = 0;
  std::ifstream(p) >> pid;
  return pid;
}
bool ends_within(long pid, double limit_s) {
  auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(limit_s);
  while (running(pid) && std::chrono::steady_clock::now() < until) {
    ::waitpid(static_cast<pid_t>(pid), nullptr, WNOHANG);  // ours if it was reparented to this test
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return !running(pid);
}
std::string joined_warnings(const nlohmann::json& run) {
  std::string w;
  for (const auto& x : run.value("warnings", nlohmann::json::array())) w += x.get<std::string>() + "\n";
  return w;
}
bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// `wattbench run CONFIG` started in the background (stdout to a file), killed with SIGKILL once
// the tool has written its pid; the tool must not outlive it.
void kill9_case(const std::string& name, bool live_lines) {
  auto out = fresh_dir(name);
  auto pidfile = fs::path(out.string() + "-cfg") / "tool.pid";
  auto cfg = procs_config(out.string() + "-cfg", "pid_then_sleep.sh", {pidfile.string()},
                          live_lines ? "" : "    live_lines: false\n", "{regex: 'fps: ([0-9.]+)'}");
  std::vector<std::string> args{WB_WATTBENCH, "run",        cfg.string(),
                                "--output",   out.string(), "--set",
                                "repeat=1",   "--set",      "benchmark.timeout_s=100"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  std::string log = out.string() + "-cfg/wattbench.out";
  posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  pid_t wb_pid = 0;
  REQUIRE(posix_spawn(&wb_pid, WB_WATTBENCH, &fa, nullptr, argv.data(), environ) == 0);
  posix_spawn_file_actions_destroy(&fa);
  long tool = wait_for_pid(pidfile, 60);
  INFO(wb::test::slurp(log));
  REQUIRE(tool > 0);
  REQUIRE(running(tool));
  ::kill(wb_pid, SIGKILL);
  ::waitpid(wb_pid, nullptr, 0);
  CHECK(ends_within(tool, 5));
  if (running(tool)) ::kill(static_cast<pid_t>(tool), SIGKILL);
}
}  // namespace

TEST_CASE("hostile procs: kill -9 of wattbench ends the tool too (pipe: live_lines false)") {
  kill9_case("procs-kill9-pipe", false);
}

TEST_CASE("hostile procs: kill -9 of wattbench ends the tool too (pty)") { kill9_case("procs-kill9-pty", true); }

TEST_CASE("hostile procs: a setsid helper left by a tool that exits ok is ended and named in the run's warnings") {
  auto out = fresh_dir("procs-daemon");
  auto pidfile = fs::path(out.string() + "-cfg") / "helper.pid";
  auto cfg = procs_config(out.string() + "-cfg", "leaves_daemon.sh", {pidfile.string()});
  auto r = limited({"run", cfg.string(), "--output", out.string(), "--set", "repeat=1"}, 120);
  INFO(r.out);
  CHECK(r.exit_code == 0);
  long helper = wait_for_pid(pidfile, 1);
  REQUIRE(helper > 0);
  CHECK_FALSE(running(helper));
  if (running(helper)) ::kill(static_cast<pid_t>(helper), SIGKILL);
  REQUIRE(fs::exists(out / "summary.json"));
  auto run = read_json(out / "summary.json")["variants"][0]["runs"][0];
  CHECK(run["status"] == "ok");
  auto w = joined_warnings(run);
  CHECK(has(w, "left 1 process running"));
  CHECK(has(w, std::to_string(helper) + " (sleep)"));
}

TEST_CASE(
    "hostile files: a FIFO as the tool's result file fails the run naming it — run, report and parse never hang") {
  auto out = fresh_dir("procs-fifo");
  auto cfg = procs_config(out.string() + "-cfg", "odd_result_file.sh", {"fifo"}, "",
                          "{file: result.json, json_pointer: /fps}");
  auto r = limited({"run", cfg.string(), "--output", out.string(), "--set", "repeat=1"}, 60);
  INFO(r.out);
  REQUIRE_FALSE(r.timed_out);
  CHECK(r.exit_code == 1);
  auto run = read_json(out / "summary.json")["variants"][0]["runs"][0];
  CHECK(run["status"] == "failed");
  CHECK(has(run["reason"].get<std::string>(), "result.json"));
  CHECK(has(run["reason"].get<std::string>(), "FIFO"));
  auto rep = limited({"report", out.string()}, 60);
  INFO(rep.out);
  CHECK_FALSE(rep.timed_out);
  auto fifo = out / "fifo-input";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto parse = limited({"parse", "hailortcli", fifo.string()}, 30);
  INFO(parse.out);
  CHECK_FALSE(parse.timed_out);
  CHECK(parse.exit_code != 0);
  CHECK(has(parse.out, "FIFO"));
  auto validate = limited({"validate", fifo.string()}, 30);
  CHECK_FALSE(validate.timed_out);
  CHECK(has(validate.out, "FIFO"));
}

TEST_CASE("hostile files: a result file linked to /dev/zero fails the run naming a device, in bounded memory") {
  auto out = fresh_dir("procs-zero");
  auto cfg = procs_config(out.string() + "-cfg", "odd_result_file.sh", {"zero"}, "",
                          "{file: result.json, json_pointer: /fps}");
  auto r = limited({"run", cfg.string(), "--output", out.string(), "--set", "repeat=1"}, 60);
  INFO(r.out);
  REQUIRE_FALSE(r.timed_out);
  CHECK(r.exit_code == 1);
  auto run = read_json(out / "summary.json")["variants"][0]["runs"][0];
  CHECK(run["status"] == "failed");
  CHECK(has(run["reason"].get<std::string>(), "character device"));
}

TEST_CASE("hostile files: report refuses a folder a live run holds and leaves its summary as it was") {
  auto out = fresh_dir("procs-locked");
  auto cfg = procs_config(out.string() + "-cfg", "helper_keeps_stdout.sh", {}, "    live_lines: false\n",
                          "{regex: 'fps: ([0-9.]+)'}");
  auto r = limited({"run", cfg.string(), "--output", out.string(), "--set", "repeat=1"}, 120);
  INFO(r.out);
  REQUIRE(fs::exists(out / "summary.json"));
  std::string before = wb::test::slurp(out / "summary.json");
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  // This test process is alive: to wattbench it is a run still writing the folder.
  std::ofstream(out / ".wattbench.lock") << nlohmann::json{{"pid", ::getpid()}, {"host", host}, {"since", "now"}}.dump()
                                         << "\n";
  auto rep = limited({"report", out.string()}, 60);
  INFO(rep.out);
  CHECK(rep.exit_code != 0);
  CHECK(has(rep.out, "in use"));
  CHECK(wb::test::slurp(out / "summary.json") == before);
  fs::remove(out / ".wattbench.lock");
  CHECK(limited({"report", out.string()}, 60).exit_code == 0);
}

TEST_CASE("hostile references: a list-valued accelerator and a duplicate entry are errors naming the file and line") {
  auto out = fresh_dir("procs-refs");
  auto cfg = procs_config(out.string() + "-cfg", "helper_keeps_stdout.sh", {}, "    live_lines: false\n");
  auto r = limited({"run", cfg.string(), "--output", out.string(), "--set", "repeat=1"}, 120);
  REQUIRE(fs::exists(out / "summary.json"));
  auto refs = fs::path(out.string() + "-cfg") / "refs.yaml";
  std::ofstream(refs) << "- {accelerator: [Procs card, other], baseline: " << out.string() << "}\n";
  auto list = limited({"check", out.string(), "--references", refs.string()}, 60);
  INFO(list.out);
  CHECK(list.exit_code != 0);
  CHECK(has(list.out, refs.string() + ":1:"));
  CHECK(has(list.out, "accelerator: expected a single name"));
  std::ofstream(refs) << "- {accelerator: Procs card, baseline: " << out.string() << "}\n"
                      << "- {accelerator: Procs card, baseline: /elsewhere}\n";
  auto dup = limited({"check", out.string(), "--references", refs.string()}, 60);
  INFO(dup.out);
  CHECK(dup.exit_code != 0);
  CHECK(has(dup.out, refs.string() + ":2:"));
  CHECK(has(dup.out, "second entry"));
}

TEST_CASE("hostile terminal: monitor on a 2-row terminal with stdin at its end neither crashes nor spins") {
  auto dir = fresh_dir("procs-monitor");
  auto cfg = procs_config(dir.string() + "-cfg", "helper_keeps_stdout.sh", {});
  auto r = limited({"monitor", cfg.string(), "--duration", "2", "--csv", dir.string()}, 60, true,
                   {{"TERM", "xterm"}, {"LINES", "2"}, {"COLUMNS", "80"}});
  INFO(r.out);
  CHECK(r.exit_code == 0);
  CHECK_FALSE(has(r.out, "range_insert"));
  REQUIRE(r.cpu_s);
  // A loop spinning on getch takes the whole 2 s of a core; reading one 100 Hz probe takes little.
  CHECK(*r.cpu_s < 0.8);
}
