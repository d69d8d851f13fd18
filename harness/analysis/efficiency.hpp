// FPS/W and J/inference from the window's rate and power, as a pure step. A paced run
// (benchmark.target_fps) counts the rate it achieved, not the tool's own figure, and is judged
// against its target.
#pragma once
#include <optional>
#include <string>

namespace wb {

struct EfficiencyInputs {
  std::optional<double> fps;     // the headline rate (harness/analysis/headline_rate.hpp)
  std::optional<double> frames;  // the tool's count over the window
  double window_s = 0, window_uncertainty_s = 0;
  double power_w = 0;
  std::optional<double> target_fps;
  double rate_tolerance_pct = 0;  // validity.rate_tolerance_pct
};

struct Efficiency {
  std::optional<double> fps, tool_fps, rate_error_pct, fps_per_w, j_per_inference;
  std::string warning;       // a paced run's achieved rate replaced the tool's figure
  std::string invalid;       // no rate at all: nothing else is set
  std::string rate_invalid;  // a paced run off its target (the figures stand, the run is invalid)
};

Efficiency efficiency(const EfficiencyInputs& in);

}  // namespace wb
