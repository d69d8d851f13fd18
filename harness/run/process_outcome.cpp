#include "harness/run/process_outcome.hpp"

#include <fmt/format.h>

#include <cstring>

namespace wb {

std::string describe_signal(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev ? fmt::format("SIG{} ({})", abbrev, strsignal(sig)) : fmt::format("signal {}", sig);
}

std::optional<ProcessFailure> process_failure(const ProcessRecord& proc, const std::function<ToolWords()>& tool_words,
                                              const std::function<std::string()>& last_stderr_line) {
  if (!proc.failure.empty()) return ProcessFailure{proc.failure};
  if (!proc.started) return ProcessFailure{proc.start_error};
  if (proc.interrupted) return ProcessFailure{"interrupted while the tool ran"};
  if (proc.timed_out)
    return ProcessFailure{
        fmt::format("tool timed out after {:g} s (benchmark.timeout_s); it and every process it started were ended",
                    proc.timeout_s)};
  if (!proc.signal && proc.exit_code.value_or(-1) == 0) return std::nullopt;
  const ToolWords words = tool_words();
  if (proc.signal)
    return ProcessFailure{
        (words.said.empty() ? "" : words.said + "; ") + "tool killed by " + describe_signal(*proc.signal),
        words.model_refused};
  // A tool that refuses the model (it does not fit, an operator is unsupported) says why in its
  // own words; its adapter finds them, and that is the run's result.
  const int code = proc.exit_code.value_or(-1);
  if (!words.said.empty())
    return ProcessFailure{fmt::format("{} (exit code {})", words.said, code), words.model_refused};
  const std::string last = last_stderr_line();
  return ProcessFailure{
      fmt::format("tool exited with code {}{}", code, last.empty() ? "" : "; last stderr line: " + last),
      words.model_refused};
}

}  // namespace wb
