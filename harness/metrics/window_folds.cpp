// Sample folds of the metric table.
#include "harness/metrics/window_folds.hpp"

#include "harness/metrics/metric_table.hpp"

namespace wb {

void WindowFolds::add(double power_w) {
  for (const auto& m : metric_table()) {
    if (!m.fold.step) continue;
    auto [it, first] = m_values.try_emplace(m.key, power_w);
    if (!first) it->second = m.fold.step(it->second, power_w);
  }
}

void merge_folds(std::map<std::string, double>& into, const std::map<std::string, double>& rail) {
  for (const auto& [key, value] : rail) {
    const Metric* m = find_metric(key);
    auto [it, first] = into.try_emplace(key, value);
    if (!first && m && m->fold.combine) it->second = m->fold.combine(it->second, value);
  }
}

}  // namespace wb
