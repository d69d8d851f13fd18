// Change points in a benchmark's history: E-divisive means (Matteson & James, "A Nonparametric
// Approach for Multiple Change Point Analysis of Multivariate Data", JASA 109(505), 2014) with
// the significance test Hunter uses instead of permutations, so the answer is deterministic
// (Fleming et al., "Hunter: Using Change Point Detection to Hunt for Performance Regressions",
// ICPE 2023; Apache Otava): candidates by binary segmentation on the energy statistic, then each
// tested with a Student t test between its neighbouring candidates, the least significant
// dropped until all left are significant. p < 0.05 by default: nightly histories are short.
#pragma once
#include <cstddef>
#include <vector>

namespace wb {

struct ChangePoint {
  std::size_t index = 0;                   // the first point after the shift
  double pvalue = 1;                       // of the t test between the two sides of the split
  double mean_before = 0, mean_after = 0;  // the neighbouring segments' means
};

// x: the series in time order; se: each point's standard error (from its repeats; 0 when unknown),
// the floor of a segment's variance, so identical points do not make every split significant.
// Change points in increasing index order; mean_before/after are those of the neighbouring segments.
std::vector<ChangePoint> change_points(const std::vector<double>& x, const std::vector<double>& se,
                                       double max_pvalue = 0.05);

// Two-sided p-value of Student's t with `dof` degrees of freedom (dof > 0).
double student_t_pvalue(double t, double dof);

}  // namespace wb
