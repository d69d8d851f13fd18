// The headline power, as a pure step: every probe of the primary probe's scope summed (several
// rails of one card), with its idle before and after, its folds, and what the label says.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/report/summary.hpp"

namespace wb {

struct HeadlinePower {
  double energy_j = 0;
  std::string probe, rail, energy_method;               // "a+b", "rail a + rail b", "accumulator+trapezoid"
  std::optional<double> sample_rate_hz, fresh_rate_hz;  // the slowest rail's
  std::optional<double> idle_w, idle_after_w;           // only where every rail has one
  std::map<std::string, double> window_folds;
  std::string invalid;  // a rail of the scope without energy
};

// `probes`: the probes that measure power, the primary first of its scope.
HeadlinePower headline_power(const std::vector<ProbeFigures>& probes, const std::string& scope);

}  // namespace wb
