// Uncertainty in quadrature.
#include "harness/analysis/uncertainty.hpp"

#include <fmt/format.h>

#include <cmath>

namespace wb {

PowerUncertainty combine_uncertainty(const std::vector<RailUncertainty>& rails) {
  PowerUncertainty u;
  double var = 0;
  bool stated = true;
  for (const auto& r : rails) {
    if (!r.accuracy_pct && !r.instrument_pct) stated = false;
    double acc = r.instrument_pct ? *r.instrument_pct : r.accuracy_pct.value_or(0), se = r.sampling_se_pct.value_or(0);
    double smear = r.edge_smear_pct.value_or(0);
    var += r.share * r.share * (acc * acc + se * se + smear * smear);
    u.detail +=
        fmt::format("{}{}: {}, sampling {:.3f} %{}", u.detail.empty() ? "" : "; ", r.probe,
                    r.instrument_pct ? fmt::format("instrument-evaluated {:.3f} % (mean of the window's samples)", acc)
                    : r.accuracy_pct ? fmt::format("accuracy {:g} %", acc)
                                     : "accuracy not stated",
                    se, r.edge_smear_pct ? fmt::format(", averaged-meter edge smear {:.3f} %", smear) : "");
  }
  if (stated) u.pct = std::sqrt(var);
  return u;
}

}  // namespace wb
