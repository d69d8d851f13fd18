// `check --references FILE`: per-device baselines, a YAML list of {accelerator, baseline,
// tolerance}; the entry whose accelerator is the current result's device is the one used.
#pragma once
#include <filesystem>
#include <string>

#include "harness/report/check.hpp"

namespace wb {

struct ReferenceChoice {
  std::filesystem::path baseline;  // relative ones resolved against the file's folder
  Tolerances tolerances;           // `base` with the entry's tolerances applied
};

// The entry for `accelerator` in the references text (read from `file`); throws ConfigError
// naming file:line:col for a malformed file, a non-text accelerator or baseline, an accelerator
// listed twice, a bad tolerance, or no entry for `accelerator`.
ReferenceChoice choose_reference(const std::string& text, const std::filesystem::path& file,
                                 const std::string& accelerator, Tolerances base);
// The same, reading `file` (bounded, never blocking).
ReferenceChoice choose_reference(const std::filesystem::path& file, const std::string& accelerator, Tolerances base);

}  // namespace wb
