// `wattbench run`: phases, tool, samplers, analysis and the results folder.
#pragma once
#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include "harness/config/config.hpp"

namespace wb {

struct RunOptions {
  std::filesystem::path output;       // exact results folder; empty = <config output>/<stamp>-<name>
  std::filesystem::path tools_dir;    // fake tools live here (next to the wattbench binary)
  bool dry_run = false;
  bool tty = false;
  const std::atomic<bool>* stop_requested = nullptr;  // set by SIGINT/SIGTERM
};

// Returns the process exit code: 0 all runs ok, 1 a run failed or was invalid.
int run_benchmark(const Config& cfg, const RunOptions& opt);

}  // namespace wb
