// Window energy, idle and statistics against hand computations.
#include <doctest/doctest.h>

#include <cmath>

#include "harness/analysis/energy.hpp"
#include "harness/analysis/stats.hpp"

using namespace wb;

namespace {
ProbeInfo info_with(int power, int energy) {
  ProbeInfo i;
  i.channels = {{"power_w", "W", Quantity::power}, {"energy_j", "J", Quantity::energy}};
  i.power_channel = power;
  i.energy_channel = energy;
  return i;
}
// Power 1 W before t=2, 5 W after; energy is its exact integral. Samples every 1 ms.
std::vector<Sample> step_trace(double rate_hz = 1000) {
  std::vector<Sample> s;
  for (int k = 0; k <= static_cast<int>(10 * rate_hz); ++k) {
    double t = k / rate_hz;
    double p = t < 2 ? 1.0 : 5.0;
    double e = t < 2 ? t : 2 + 5 * (t - 2);
    s.push_back({t, {p, e}, 0, ""});
  }
  return s;
}
}  // namespace

TEST_CASE("accumulator energy is interpolated at the window edges") {
  auto s = step_trace();
  auto r = window_energy(s, info_with(0, 1), {3.0005, 7.2503, "test", ""});
  REQUIRE(r.energy_j);
  CHECK(r.method == "accumulator");
  CHECK(*r.energy_j == doctest::Approx(5 * (7.2503 - 3.0005)).epsilon(1e-9));
  CHECK(*r.mean_power_w == doctest::Approx(5.0).epsilon(1e-9));
  CHECK(*r.sample_rate_hz == doctest::Approx(1000).epsilon(1e-6));
  CHECK(r.samples == 4250);
}

TEST_CASE("a window that includes the step is not the active power") {
  auto s = step_trace();
  auto r = window_energy(s, info_with(0, 1), {1.0, 3.0, "test", ""});
  CHECK(*r.mean_power_w == doctest::Approx(3.0).epsilon(1e-9));  // half at 1 W, half at 5 W
}

TEST_CASE("trapezoid fallback without an accumulator, and both reported when both exist") {
  auto s = step_trace();
  auto r = window_energy(s, info_with(0, -1), {3.0, 6.0, "test", ""});
  CHECK(r.method == "trapezoid");
  CHECK(*r.energy_j == doctest::Approx(15.0).epsilon(1e-9));
  auto both = window_energy(s, info_with(0, 1), {3.0, 6.0, "test", ""});
  CHECK(both.method == "accumulator");
  CHECK(*both.trapezoid_energy_j == doctest::Approx(*both.energy_j).epsilon(1e-6));
}

TEST_CASE("no samples bracketing the window: no watts, never 0") {
  auto s = step_trace();
  auto r = window_energy(s, info_with(0, 1), {9.5, 11.0, "test", ""});
  CHECK_FALSE(r.energy_j.has_value());
  CHECK_FALSE(r.mean_power_w.has_value());
  CHECK_FALSE(r.problem.empty());
  // Missing values and read errors are skipped, not read as 0.
  for (auto& x : s)
    if (x.t_s > 4 && x.t_s < 5) {
      x.values = {kMissing, kMissing};
      x.flags = kFlagReadError;
    }
  auto gap = window_energy(s, info_with(0, 1), {3.0, 6.0, "test", ""});
  CHECK(*gap.mean_power_w == doctest::Approx(5.0).epsilon(1e-9));
  CHECK(gap.invalid_samples > 900);
  CHECK(*gap.max_gap_s == doctest::Approx(1.0).epsilon(0.01));
}

TEST_CASE("statistics match a hand computation") {
  auto s = describe({1, 2, 3, 4});
  CHECK(*s.mean == doctest::Approx(2.5));
  CHECK(*s.sd == doctest::Approx(1.2909944487));
  CHECK(*s.ci95 == doctest::Approx(3.182446305 * 1.2909944487 / 2));  // t(0.975, 3) to 10 digits
  CHECK(*s.median == doctest::Approx(2.5));
  CHECK(*s.cv == doctest::Approx(1.2909944487 / 2.5));
  auto one = describe({7});
  CHECK(*one.mean == 7);
  CHECK_FALSE(one.sd.has_value());
  CHECK_FALSE(one.ci95.has_value());
  CHECK(describe({}).n == 0);
  // t(0.975, dof) as NIST/SEMATECH's table prints it (3 decimals), for degrees of freedom a table
  // of 30 rows and a few bands did not hold exactly (45 fell in the 2.021 band).
  CHECK(student_t95(1) == doctest::Approx(12.706).epsilon(1e-4));
  CHECK(student_t95(2) == doctest::Approx(4.303).epsilon(1e-4));
  CHECK(student_t95(45) == doctest::Approx(2.014).epsilon(1e-3));
  CHECK(student_t95(100) == doctest::Approx(1.984).epsilon(1e-3));
  CHECK(student_t95(1000) == doctest::Approx(1.962).epsilon(1e-3));
  CHECK(std::isnan(student_t95(0)));
}
