// A simulated card that reaches its thermal limit and steps its clock down: from `after_s`
// into the timed phase, FPS and active power approach (1 - drop) of their cold values with a
// first-order time constant. The fake tools count frames with fps_integral, the load model
// scales power with factor, and the analysis's truth integrates both the same way.
#pragma once
#include <algorithm>
#include <cmath>

#include "sim/bench/sim_params.hpp"

namespace wb::sim {

struct Throttle {
  double after_s = -1;  // < 0: never
  double fps_drop = 0, power_drop = 0;
  double tau_s = 15;

  // Multiplier `dt` seconds into the timed phase for a quantity that falls by `drop`.
  double factor(double dt, double drop) const {
    if (after_s < 0 || dt <= after_s) return 1.0;
    return 1.0 - drop * (1.0 - std::exp(-(dt - after_s) / tau_s));
  }
  // ∫0^dt of the FPS multiplier: frames in the first dt seconds = cold FPS × this.
  double fps_integral(double dt) const {
    dt = std::max(dt, 0.0);
    if (after_s < 0 || dt <= after_s) return dt;
    double x = dt - after_s;
    return dt - fps_drop * (x - tau_s * (1.0 - std::exp(-x / tau_s)));
  }
  // The inverse of fps_integral: when a tool running at this curve has done `x` cold seconds'
  // worth of frames (frames / cold FPS), so a fake that counts frames one by one can pace them.
  double time_of(double x) const {
    if (after_s < 0 || x <= after_s) return std::max(x, 0.0);
    // The integral's slope (factor) stays at or above 1 - fps_drop, which bounds the answer.
    double lo = after_s, hi = after_s + (x - after_s) / std::max(1.0 - fps_drop, 1e-6);
    for (int i = 0; i < 64 && hi - lo > 1e-9; ++i) {
      double mid = 0.5 * (lo + hi);
      (fps_integral(mid) < x ? lo : hi) = mid;
    }
    return hi;
  }
};

inline Throttle throttle_of(const SimParams& p) {
  return {p.throttle_after_s, p.throttle_fps_drop_pct / 100.0, p.throttle_power_drop_pct / 100.0,
          std::max(p.throttle_tau_s, 1e-3)};
}

}  // namespace wb::sim
