// `--resume DIR`: continuing a run or campaign whose invocation was killed, without repeating
// its finished runs and without mixing settings.
#pragma once
#include <filesystem>

#include "harness/config/config.hpp"
#include "harness/run/progress.hpp"

namespace wb {

// The folder's progress when it can be resumed with `cfg`; throws ConfigError naming why not:
// no progress.json, every run finished, or the config (a card's, the catalog, the campaign
// file, a --set) changed since the folder was started, with the first line that differs.
Progress resumable_progress(const Config& cfg, const std::filesystem::path& results_dir);
// A run folder whose run ended (ok, failed or refused, not cut short by a kill or Ctrl-C).
bool run_finished(const std::filesystem::path& run_dir);

}  // namespace wb
