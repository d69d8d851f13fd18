// E-divisive means with a t-test significance check (see the header for the sources).
#include "harness/analysis/change_points.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace wb {

namespace {
// Regularized incomplete beta I_x(a, b) by its continued fraction (modified Lentz).
double beta_cf(double a, double b, double x) {
  const double tiny = 1e-300;
  double c = 1, d = 1 - (a + b) * x / (a + 1);
  if (std::abs(d) < tiny) d = tiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= 300; ++m) {
    double m2 = 2.0 * m;
    double num = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
    d = 1 + num * d;
    if (std::abs(d) < tiny) d = tiny;
    c = 1 + num / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
    d = 1 + num * d;
    if (std::abs(d) < tiny) d = tiny;
    c = 1 + num / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1 / d;
    double delta = d * c;
    h *= delta;
    if (std::abs(delta - 1) < 1e-14) break;
  }
  return h;
}

double incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x));
  if (x < (a + 1) / (a + b + 2)) return front * beta_cf(a, b, x) / a;
  return 1 - front * beta_cf(b, a, 1 - x) / b;
}

double mean_of(const std::vector<double>& x, std::size_t a, std::size_t b) {
  return std::accumulate(x.begin() + static_cast<long>(a), x.begin() + static_cast<long>(b), 0.0) /
         static_cast<double>(b - a);
}

// Q of Matteson & James (α = 1) for the split of x[a, e) at t: the scaled energy distance
// between the two sides; a side of one point has no within-distance term.
double energy(const std::vector<double>& x, std::size_t a, std::size_t t, std::size_t e) {
  double m = static_cast<double>(t - a), n = static_cast<double>(e - t);
  double between = 0, left = 0, right = 0;
  for (std::size_t i = a; i < t; ++i)
    for (std::size_t j = t; j < e; ++j) between += std::abs(x[i] - x[j]);
  for (std::size_t i = a; i < t; ++i)
    for (std::size_t k = i + 1; k < t; ++k) left += std::abs(x[i] - x[k]);
  for (std::size_t j = t; j < e; ++j)
    for (std::size_t k = j + 1; k < e; ++k) right += std::abs(x[j] - x[k]);
  double e_stat =
      2 * between / (m * n) - (m > 1 ? 2 * left / (m * (m - 1)) : 0) - (n > 1 ? 2 * right / (n * (n - 1)) : 0);
  return m * n / (m + n) * e_stat;
}

// The t test between x[a, t) and x[t, e): Welch's statistic with each side's variance floored at
// its points' mean squared standard error (and a relative 1e-9, so equal series stay equal).
double split_pvalue(const std::vector<double>& x, const std::vector<double>& se, std::size_t a, std::size_t t,
                    std::size_t e) {
  auto side = [&](std::size_t lo, std::size_t hi, double& mean, double& var, double& n) {
    n = static_cast<double>(hi - lo);
    mean = mean_of(x, lo, hi);
    double ss = 0, floor = 0;
    for (std::size_t i = lo; i < hi; ++i) {
      ss += (x[i] - mean) * (x[i] - mean);
      floor += se[i] * se[i];
    }
    var = std::max({n > 1 ? ss / (n - 1) : 0.0, floor / n, std::pow(1e-9 * std::abs(mean), 2)});
  };
  double m1, v1, n1, m2, v2, n2;
  side(a, t, m1, v1, n1);
  side(t, e, m2, v2, n2);
  double s2 = v1 / n1 + v2 / n2;
  if (!(s2 > 0)) return m1 == m2 ? 1.0 : 0.0;
  double tstat = (m1 - m2) / std::sqrt(s2);
  double dof = std::max(1.0, n1 + n2 - 2);
  return student_t_pvalue(tstat, dof);
}

// Candidates: binary segmentation on the energy statistic down to single points.
void candidates(const std::vector<double>& x, std::size_t a, std::size_t e, std::vector<std::size_t>& out) {
  if (e - a < 2) return;
  std::size_t best = 0;
  double best_q = 0;
  for (std::size_t t = a + 1; t < e; ++t) {
    double q = energy(x, a, t, e);
    if (q > best_q * (1 + 1e-12) + 1e-300) {  // the first of equal maxima
      best_q = q;
      best = t;
    }
  }
  if (best == 0) return;  // no split separates anything (equal points)
  out.push_back(best);
  candidates(x, a, best, out);
  candidates(x, best, e, out);
}
}  // namespace

double student_t_pvalue(double t, double dof) {
  if (!std::isfinite(t)) return 0;
  return incomplete_beta(dof / 2, 0.5, dof / (dof + t * t));
}

std::vector<ChangePoint> change_points(const std::vector<double>& x, const std::vector<double>& se_in,
                                       double max_pvalue) {
  std::vector<double> se = se_in;
  se.resize(x.size(), 0.0);
  std::vector<std::size_t> cps;
  candidates(x, 0, x.size(), cps);
  std::sort(cps.begin(), cps.end());
  // As Hunter does: test each candidate between its neighbouring candidates and drop the least
  // significant one until every one left is significant.
  std::vector<ChangePoint> out;
  while (!cps.empty()) {
    std::size_t weakest = 0;
    double worst_p = -1;
    out.clear();
    for (std::size_t i = 0; i < cps.size(); ++i) {
      std::size_t lo = i ? cps[i - 1] : 0, hi = i + 1 < cps.size() ? cps[i + 1] : x.size();
      double p = split_pvalue(x, se, lo, cps[i], hi);
      out.push_back({cps[i], p, 0, 0});
      if (p > worst_p) {
        worst_p = p;
        weakest = i;
      }
    }
    if (worst_p < max_pvalue) break;
    cps.erase(cps.begin() + static_cast<long>(weakest));
    out.clear();
  }
  std::sort(out.begin(), out.end(), [](const ChangePoint& a, const ChangePoint& b) { return a.index < b.index; });
  for (std::size_t i = 0; i < out.size(); ++i) {
    std::size_t lo = i ? out[i - 1].index : 0, hi = i + 1 < out.size() ? out[i + 1].index : x.size();
    out[i].mean_before = mean_of(x, lo, out[i].index);
    out[i].mean_after = mean_of(x, out[i].index, hi);
  }
  return out;
}

}  // namespace wb
