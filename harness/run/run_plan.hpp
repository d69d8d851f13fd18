// The run plan: which variant runs when. Grouped (A A B B) or interleaved (A B A B, so a slow
// drift of the bench favours no variant), each run named by its folder.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace wb {

struct Config;

struct PlannedRun {
  std::size_t variant = 0;  // index into cfg.variants
  int k = 1;                // repeat number, from 1
  std::string dir;          // <variant id>/run-<k>, relative to the results folder
};

std::vector<PlannedRun> plan_runs(const Config& cfg);

}  // namespace wb
