// Whether the tool's process gave a run to analyse, as a pure step over process.json's record:
// why not (it did not start, was interrupted, timed out, was killed, exited non-zero), in the
// tool's own words where its adapter found them.
#pragma once
#include <functional>
#include <optional>
#include <string>

#include "harness/run/run_files.hpp"

namespace wb {

// A failed tool's own reason, where its adapter recognises one (ToolError from parse_run).
struct ToolWords {
  std::string said;            // "" when the adapter found none
  bool model_refused = false;  // the words are about the model: a result, not a failure
};

struct ProcessFailure {
  std::string reason;
  bool tool_refused = false;
};

// nullopt: the tool ran to an exit code 0 in time. The tool's words and its last stderr line
// are read only for a run that ended by a signal or an exit code.
std::optional<ProcessFailure> process_failure(const ProcessRecord& proc, const std::function<ToolWords()>& words,
                                              const std::function<std::string()>& last_stderr_line);

// "SIGHUP (Hangup)": the name, so a hang-up is not read as the SIGKILL of a timeout.
std::string describe_signal(int sig);

}  // namespace wb
