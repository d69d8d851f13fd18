#include "harness/analysis/efficiency.hpp"

#include <fmt/format.h>

#include "harness/analysis/validity.hpp"

namespace wb {

Efficiency efficiency(const EfficiencyInputs& in) {
  Efficiency e;
  if (!in.fps || !(*in.fps > 0)) {
    e.invalid = "the tool reported no FPS";
    return e;
  }
  e.fps = in.fps;
  if (in.target_fps) {
    if (auto counted = achieved_rate(in.fps, in.frames, in.window_s, in.window_uncertainty_s)) {
      e.warning = fmt::format(
          "paced run: the tool's own figure {:.4g} FPS is not the rate it ran at; FPS, FPS/W and J/inference use the "
          "achieved {:.4g} FPS ({:g} frames over the {:.3f} s window)",
          *in.fps, *counted, *in.frames, in.window_s);
      e.tool_fps = in.fps;
      e.fps = counted;
    }
    e.rate_error_pct = (*e.fps / *in.target_fps - 1) * 100;
    e.rate_invalid = rate_problem(*e.fps, *in.target_fps, in.rate_tolerance_pct);
  }
  e.fps_per_w = *e.fps / in.power_w;
  e.j_per_inference = in.power_w / *e.fps;
  return e;
}

}  // namespace wb
