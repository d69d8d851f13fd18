// Spawning vendor tools: argv only (never a shell), own process group, optional
// pseudo-terminal for stdout so tools line-buffer, every line stamped on the steady
// clock as it arrives, stdout/stderr teed to files as they arrive, timeout -> SIGTERM to
// the group -> SIGKILL after a grace period.
#pragma once
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/process/timed_line.hpp"

namespace wb {

struct ProcessSpec {
  std::filesystem::path executable;  // resolved path
  std::vector<std::string> args;
  std::filesystem::path cwd;
  std::map<std::string, std::string> env;  // added to the inherited environment
  bool pty = true;
  bool pty_stderr = false;  // stderr on a terminal of its own too (tools that draw progress only on a tty)
  double timeout_s = 600;
  double kill_grace_s = 3;
  // Once the tool has exited, how long a helper it left behind may keep its output open.
  double pipe_grace_s = 2;
  std::size_t max_line_bytes = kMaxLineBytes;               // longer lines are cut for parsing (raw logs keep all)
  bool keep_lines = true;                                   // false: lines only go to on_line and lines_log
  std::filesystem::path stdout_log, stderr_log, lines_log;  // raw bytes, raw bytes, "t_s<TAB>stream<TAB>text"
  std::chrono::steady_clock::time_point t0;                 // run clock origin
};

struct ProcessResult {
  bool started = false;
  std::string start_error;  // e.g. executable not found / not executable
  int exit_code = -1;       // valid when exited normally
  int signal = 0;           // non-zero when killed by a signal
  bool timed_out = false;
  bool interrupted = false;
  double start_s = 0, end_s = 0;  // run-relative
  // The tool's CPU time from wait4's rusage (its reaped children included); nullopt: not reaped.
  std::optional<double> cpu_user_s, cpu_sys_s;
  std::vector<TimedLine> lines;
  std::vector<std::string> warnings;  // e.g. a line cut, output left open by a helper
};

class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  // on_line runs on the reader thread for every complete line (\n or \r terminated).
  virtual ProcessResult run(const ProcessSpec& spec, const std::function<void(const TimedLine&)>& on_line,
                            const std::atomic<bool>* stop_requested) = 0;
};

std::unique_ptr<ProcessRunner> make_process_runner();

// Looks for `name` (a bare name) in `first_dirs`, then PATH; a name with '/' is taken as a path.
std::optional<std::filesystem::path> find_executable(const std::string& name,
                                                     const std::vector<std::filesystem::path>& first_dirs);

}  // namespace wb
