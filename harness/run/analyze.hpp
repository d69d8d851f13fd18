// Everything after the tool exits, as a function of the run folder alone: parse the tool's
// outputs, find the window, integrate every probe's trace, compare with the simulator's
// truth. `wattbench run` calls it right after acquisition; `wattbench report` calls it on
// an old folder and gets the same numbers.
#pragma once
#include <filesystem>

#include "harness/config/config.hpp"
#include "harness/report/summary.hpp"

namespace wb {

// Writes tool-result.json and (simulated bench) sim-truth.json into run_dir.
RunRecord analyze_run(const Config& cfg, const std::filesystem::path& results_dir, const std::filesystem::path& run_dir,
                      int index);

}  // namespace wb
