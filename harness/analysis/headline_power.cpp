#include "harness/analysis/headline_power.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "harness/metrics/window_folds.hpp"

namespace wb {

HeadlinePower headline_power(const std::vector<ProbeFigures>& probes, const std::string& scope) {
  HeadlinePower h;
  double idle = 0, idle_after = 0;
  bool idle_ok = true, idle_after_ok = true;
  std::size_t rails = 0;
  for (const auto& pf : probes) {
    if (pf.scope != scope) continue;
    if (!pf.energy_j) {
      h.invalid = fmt::format("no watts from probe {} (scope {})", pf.probe, pf.scope);
      return h;
    }
    h.energy_j += *pf.energy_j;
    merge_folds(h.window_folds, pf.window_folds);
    idle_ok = idle_ok && pf.idle_power_w.has_value();
    if (pf.idle_power_w) idle += *pf.idle_power_w;
    idle_after_ok = idle_after_ok && pf.idle_after_w.has_value();
    if (pf.idle_after_w) idle_after += *pf.idle_after_w;
    if (rails++ == 0) {
      h.probe = pf.probe;
      h.rail = pf.rail;
      h.energy_method = pf.method;
      h.sample_rate_hz = pf.sample_rate_hz;
      h.fresh_rate_hz = pf.fresh_rate_hz;
      continue;
    }
    h.probe += "+" + pf.probe;
    h.rail += " + " + pf.rail;
    // A rail with no rate makes the sum's rate 0: not sampled, not unknown.
    h.sample_rate_hz = std::min(h.sample_rate_hz.value_or(0), pf.sample_rate_hz.value_or(0));
    h.fresh_rate_hz = std::min(h.fresh_rate_hz.value_or(0), pf.fresh_rate_hz.value_or(0));
    if (pf.method != h.energy_method) h.energy_method += "+" + pf.method;
  }
  if (rails && idle_ok) h.idle_w = idle;
  if (rails && idle_after_ok) h.idle_after_w = idle_after;
  return h;
}

}  // namespace wb
