// The metric table: every figure a run yields, how it is aggregated over repeats, printed,
// compared and checked. Reporters, `compare` and `check` walk it, so a new metric is one row.
#pragma once
#include <optional>
#include <span>
#include <string>

#include "harness/metrics/hint.hpp"

namespace wb {

struct RunRecord;

enum class Aggregate { mean_ci, max };  // mean with sd and 95 % CI over repeats; or the largest repeat

// Where a metric appears (bit set): the headline figures, the per-run tables, the sweep and
// compare efficiency tables.
enum Show : unsigned { kHeadline = 1, kRunTable = 2, kSweep = 4, kCompare = 8 };

// A fold over the window's power samples of one probe (W), e.g. the peak; the probes summed
// into the headline power are then combined pairwise.
struct SampleFold {
  double (*step)(double acc, double sample_w) = nullptr;  // acc starts as the first sample
  double (*combine)(double a, double b) = nullptr;
};

struct Metric {
  const char* key;    // summary.json, compare CSV/JSON, --tolerance, --sort
  const char* label;  // column and headline label
  const char* unit;   // printed after values ("" when the label says it)
  Hint hint;
  bool higher_is_better;
  Aggregate aggregate;
  std::optional<double> (*value)(const RunRecord&);  // the run's value from its measurements
  unsigned show = 0;
  std::optional<double> default_tolerance_pct;  // checked by default when set
  SampleFold fold;                              // filled by the analysis when step is set
};

std::span<const Metric> metric_table();
const Metric* find_metric(const std::string& key);
// "fps, power_w, …": for help texts and error messages.
std::string metric_keys();

}  // namespace wb
