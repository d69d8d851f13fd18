// Fixed summaries for the golden-file tests: every reporter is pinned on the same inputs.
#pragma once
#include <string>
#include <vector>

#include "harness/report/summary.hpp"

namespace wb::golden {

struct NamedSummary {
  std::string name;  // golden file stem
  Summary summary;
};

// A cold run apart, a degraded run with a failed one, a matrix sweep with a baseline,
// and a published figure of another scope.
std::vector<NamedSummary> fixed_summaries();
// The sweep again with one variant slower and hungrier: the current side of `check`.
Summary regressed_sweep();

}  // namespace wb::golden
