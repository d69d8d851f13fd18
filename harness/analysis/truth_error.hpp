// A simulated run against its simulator's truth (sim-truth.json, read as data): the measured
// FPS/W's error overall and over the cold and sustained spans, percent.
#pragma once
#include <optional>

#include "harness/report/summary.hpp"

namespace wb {

struct TruthErrors {
  std::optional<double> fps_per_w_pct, cold_pct, sustained_pct;
};

TruthErrors truth_errors(const SimTruth& truth, std::optional<double> fps_per_w,
                         const std::optional<TimeSlices>& slices);

}  // namespace wb
