// The headline power's uncertainty: every summed probe's stated accuracy (weighted by its
// share of the power) and its sampling error, in quadrature.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace wb {

struct RailUncertainty {
  std::string probe;
  double share = 0;                           // of the summed energy
  std::optional<double> accuracy_pct;         // stated in the config
  std::optional<double> instrument_pct;       // evaluated per sample by the instrument (taken at its word)
  std::optional<double> sampling_se_pct;
};

struct PowerUncertainty {
  std::optional<double> pct;  // nullopt when some rail states no accuracy
  std::string detail;
};

PowerUncertainty combine_uncertainty(const std::vector<RailUncertainty>& rails);

}  // namespace wb
