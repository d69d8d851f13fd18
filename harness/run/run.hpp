// `wattbench run`: phases, tool, samplers, analysis and the results folder.
#pragma once
#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include "harness/config/config.hpp"
#include "harness/process/process.hpp"
#include "harness/report/exit_code.hpp"

namespace wb {

struct RunOptions {
  std::filesystem::path output;     // exact results folder; empty = <config output>/<stamp>-<name>
  std::filesystem::path tools_dir;  // fake tools live here (next to the wattbench binary)
  bool dry_run = false;
  bool resume = false;  // continue the unfinished folder `output` (progress.json)
  bool tty = false;
  const std::atomic<bool>* stop_requested = nullptr;  // set by SIGINT/SIGTERM
  // Starts the tool; null = the real one (make_process_runner). Tests pass a fake that replays output.
  ProcessRunner* runner = nullptr;
  // A campaign: a model its tool refused is a result, not a failure (exit_code_of).
  bool refusal_is_result = false;
};

// Throws ConfigError unless every variant's benchmark.executable is an executable file (in
// tools_dir, on PATH, or as a path): found before any idle phase, not after each repeat's.
void require_tool_executables(const Config& cfg, const std::filesystem::path& tools_dir);

// Returns the process exit code (exit_code_of): 0 all runs ok, 1 a run failed or was invalid,
// 3 a device was lost (its health check failed, after recovery if any; its remaining runs were
// skipped: a nightly job should look at the bench, not the figures).
int run_benchmark(const Config& cfg, const RunOptions& opt);

}  // namespace wb
