// Mean, sd (n-1), cv, 95 % CI half-width (Student t), min, max, median.
#include "harness/analysis/stats.hpp"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace wb {

double student_t95(std::size_t dof) {
  if (dof == 0) return NAN;
  // Two-sided 95 %: the 0.975 quantile, exact for any degrees of freedom (a table rounds and stops).
  return boost::math::quantile(boost::math::students_t_distribution<double>(static_cast<double>(dof)), 0.975);
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
  return {{"n", s.n},          {"mean", o(s.mean)}, {"sd", o(s.sd)},   {"cv", o(s.cv)},
          {"ci95", o(s.ci95)}, {"min", o(s.min)},   {"max", o(s.max)}, {"median", o(s.median)}};
}

}  // namespace wb
