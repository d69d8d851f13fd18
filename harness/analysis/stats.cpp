// Mean, sd (n-1), cv, 95 % CI half-width (Student t), min, max, median.
#include "harness/analysis/stats.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

namespace wb {

double student_t95(std::size_t dof) {
  static constexpr std::array<double, 30> table{12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                                2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                                2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (dof == 0) return NAN;
  if (dof <= table.size()) return table[dof - 1];
  if (dof <= 40) return 2.021;
  if (dof <= 60) return 2.000;
  if (dof <= 120) return 1.980;
  return 1.960;
}

Stats describe(const std::vector<double>& values) {
  Stats s;
  s.n = values.size();
  if (values.empty()) return s;
  double mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(s.n);
  s.mean = mean;
  auto sorted = values;
  std::sort(sorted.begin(), sorted.end());
  s.min = sorted.front();
  s.max = sorted.back();
  s.median = s.n % 2 ? sorted[s.n / 2] : 0.5 * (sorted[s.n / 2 - 1] + sorted[s.n / 2]);
  if (s.n >= 2) {
    double ss = 0;
    for (double v : values) ss += (v - mean) * (v - mean);
    double sd = std::sqrt(ss / static_cast<double>(s.n - 1));
    s.sd = sd;
    if (mean != 0) s.cv = sd / std::abs(mean);
    s.ci95 = student_t95(s.n - 1) * sd / std::sqrt(static_cast<double>(s.n));
  }
  return s;
}

nlohmann::json to_json(const Stats& s) {
  auto o = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  return {{"n", s.n}, {"mean", o(s.mean)}, {"sd", o(s.sd)}, {"cv", o(s.cv)}, {"ci95", o(s.ci95)},
          {"min", o(s.min)}, {"max", o(s.max)}, {"median", o(s.median)}};
}

}  // namespace wb
