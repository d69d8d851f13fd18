// The rows of the metric table. Adding a metric is adding a row here.
#include "harness/metrics/metric_table.hpp"

#include <algorithm>

#include "harness/report/summary.hpp"

namespace wb {

namespace {
constexpr unsigned kEverywhere = kHeadline | kRunTable | kSweep | kCompare;

const Metric kTable[] = {
    {"fps",
     "FPS",
     "",
     Hint::fps,
     true,
     Aggregate::mean_ci,
     [](const RunRecord& r) { return r.fps; },
     kEverywhere,
     3.0,
     {}},
    {"power_w",
     "Power",
     "W",
     Hint::watts,
     false,
     Aggregate::mean_ci,
     [](const RunRecord& r) { return r.power_w; },
     kEverywhere,
     5.0,
     {}},
    {"fps_per_w",
     "FPS/W",
     "",
     Hint::fps_per_watt,
     true,
     Aggregate::mean_ci,
     [](const RunRecord& r) { return r.fps_per_w; },
     kEverywhere,
     5.0,
     {}},
    {"j_per_inference",
     "J/inference",
     "",
     Hint::joules_per_inference,
     false,
     Aggregate::mean_ci,
     [](const RunRecord& r) { return r.j_per_inference; },
     kHeadline,
     5.0,
     {}},
    // Idle power is small, so its relative noise is larger; a lost ASPM state still shows as +30 % or more.
    {"idle_power_w",
     "Idle",
     "W",
     Hint::watts,
     false,
     Aggregate::mean_ci,
     [](const RunRecord& r) { return r.idle_power_w; },
     kHeadline | kRunTable,
     10.0,
     {}},
    {"dynamic_power_w",
     "Dynamic power",
     "W",
     Hint::watts,
     false,
     Aggregate::mean_ci,
     [](const RunRecord& r) { return r.dynamic_power_w; },
     0,
     std::nullopt,
     {}},
    {"energy_j",
     "Window energy",
     "J",
     Hint::joules,
     false,
     Aggregate::mean_ci,
     [](const RunRecord& r) { return r.energy_j; },
     0,
     std::nullopt,
     {}},
    // The largest summed power sample of the window; across repeats the largest (sizing a supply).
    // Several rails are sampled at different instants, so their peaks add up to an upper bound.
    {"peak_power_w",
     "Peak power",
     "W",
     Hint::watts,
     false,
     Aggregate::max,
     [](const RunRecord& r) {
       auto it = r.window_folds.find("peak_power_w");
       return it == r.window_folds.end() ? std::optional<double>() : it->second;
     },
     kHeadline | kRunTable | kCompare,
     std::nullopt,
     {[](double acc, double w) { return std::max(acc, w); }, [](double a, double b) { return a + b; }}},
    {"inferences_per_j",
     "Inferences/J",
     "",
     Hint::fps_per_watt,
     true,
     Aggregate::mean_ci,
     [](const RunRecord& r) -> std::optional<double> {
       if (!r.frames || !r.energy_j || !(*r.energy_j > 0)) return std::nullopt;
       return *r.frames / *r.energy_j;
     },
     kHeadline | kCompare,
     std::nullopt,
     {}},
};
}  // namespace

std::span<const Metric> metric_table() { return kTable; }

const Metric* find_metric(const std::string& key) {
  for (const auto& m : metric_table())
    if (key == m.key) return &m;
  return nullptr;
}

std::string metric_keys() {
  std::string out;
  for (const auto& m : metric_table()) out += (out.empty() ? "" : ", ") + std::string(m.key);
  return out;
}

}  // namespace wb
