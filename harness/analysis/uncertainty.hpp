// The headline power's uncertainty: every summed probe's stated accuracy (weighted by its
// share of the power), its sampling error and an averaged meter's edge smear, in quadrature.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace wb {

struct RailUncertainty {
  std::string probe;
  double share = 0;                      // of the summed energy
  std::optional<double> accuracy_pct;    // stated in the config
  std::optional<double> instrument_pct;  // evaluated per sample by the instrument (taken at its word)
  std::optional<double> sampling_se_pct;
  std::optional<double> edge_smear_pct;  // an averaged meter's window edges (harness/analysis/meter_edges.hpp)
};

struct PowerUncertainty {
  std::optional<double> pct;  // nullopt when some rail states no accuracy
  std::string detail;
};

PowerUncertainty combine_uncertainty(const std::vector<RailUncertainty>& rails);

}  // namespace wb
