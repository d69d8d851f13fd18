// One probe's pass over its trace, as a pure step: fed the samples in time order (memory flat in
// the trace's length), it integrates the run window, idle before and after, the window's first
// and last tenth, folds the metric table's rows, follows temperatures and the instrument's own
// uncertainty, and notes restarts and sentinel readings; finish() judges it by the validity rules.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "harness/analysis/energy.hpp"
#include "harness/analysis/sentinels.hpp"
#include "harness/metrics/window_folds.hpp"
#include "harness/report/summary.hpp"

namespace wb {

class SliceAccumulator;

struct ProbeWindows {
  Window run, idle, idle_after;
  bool has_idle = false, has_idle_after = false;
};

// What the run's rules ask of this probe.
struct ProbeRules {
  bool primary = false;         // the first probe that measures power: the headline's own
  bool headline_scope = false;  // of the primary's scope: summed into the headline power
  double min_averaging_periods = 0, invalid_averaging_periods = 0;  // validity.*
  double max_gap_pct = 0;                                           // validity.max_gap_pct
};

struct ProbePassResult {
  ProbeFigures figures;
  bool measures_power = false;  // false: a sensor-only probe (its temperatures still count)
  WindowEnergy energy;          // the run window's integration
  std::vector<SentinelCount> sentinels;
  std::vector<std::string> warnings;  // each already names the probe
  std::string degraded;               // gaps or failed reads inside the window ("" none)
  std::vector<TempSpan> temps;
  std::optional<double> head_w, tail_w;  // mean power over the window's first and last tenth
  std::string invalid;                   // makes the run invalid ("" passes)
  bool complete = false;                 // every check ran (an early invalid leaves figures, temps, degraded unset)
};

class ProbePass {
 public:
  // `slices` (may be null) gets this probe's clocks and temperatures, and its power where
  // `feeds_slice_power` (the headline's scope).
  ProbePass(const ProbeInfo& info, const ProbeWindows& windows, SliceAccumulator* slices, bool feeds_slice_power);
  void add(const Sample& raw);
  ProbePassResult finish(const ProbeRules& rules) const;

 private:
  const ProbeInfo& m_info;
  ProbeWindows m_windows;
  SliceAccumulator* m_slices;
  bool m_feeds_slice_power;
  std::vector<WindowAccumulator> m_acc;  // run, idle, idle-after, head tenth, tail tenth
  std::vector<TemperatureSpan> m_spans;
  double m_unc_sum = 0, m_unc_max = 0;
  std::size_t m_unc_n = 0, m_unc_over = 0;
  WindowFolds m_folds;
  std::vector<std::string> m_restarts;
  SentinelScreen m_sentinels;
  std::vector<std::pair<std::size_t, std::string>> m_clock_keys;  // built once, not per sample
  std::vector<std::string> m_temp_keys;
  std::string m_power_key;
  double m_power_shift = 0;  // an averaged reading belongs to the middle of its span
};

}  // namespace wb
