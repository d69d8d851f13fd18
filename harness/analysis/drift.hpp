// Idle drift: how far the idle power after the run moved from the idle power before it.
#pragma once
#include <cmath>
#include <optional>

namespace wb {

// Beyond this the run gets a warning: thermal state, or a device that did not return to idle.
inline constexpr double kIdleDriftWarnPct = 5;

inline std::optional<double> idle_drift_pct(std::optional<double> idle_before_w, double idle_after_w) {
  if (!idle_before_w || !(*idle_before_w > 0)) return std::nullopt;
  return (idle_after_w / *idle_before_w - 1) * 100;
}

inline bool idle_drift_warns(double drift_pct) { return std::abs(drift_pct) > kIdleDriftWarnPct; }

}  // namespace wb
