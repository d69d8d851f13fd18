// Seconds (a double from a config or a tool) to a steady_clock duration without overflow:
// 1e10 s is 1e19 ns, past int64, and became a deadline in the past.
#pragma once
#include <algorithm>
#include <chrono>
#include <cmath>

namespace wb {

inline std::chrono::steady_clock::duration steady_seconds(double s) {
  constexpr double kMax = 100.0 * 365 * 24 * 3600;                   // a century: "no limit", far inside int64 ns
  if (!(s > 0)) return std::chrono::steady_clock::duration::zero();  // also NaN
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(std::min(s, kMax)));
}

}  // namespace wb
