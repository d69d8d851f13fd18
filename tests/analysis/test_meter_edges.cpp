// Averaged meters (issue 17): readings centred on their span, the edge smear bound, the
// short-window rule; and the host's CPU load from /proc/stat counters.
#include <doctest/doctest.h>

#include <cmath>

#include "harness/analysis/energy.hpp"
#include "harness/analysis/host_load.hpp"
#include "harness/analysis/meter_edges.hpp"
#include "harness/analysis/uncertainty.hpp"

using namespace wb;

namespace {
// True power: 2 W before t = 3, 10 W from then on. Its integral from 0 to t.
double true_energy(double t) { return t < 3 ? 2 * t : 6 + 10 * (t - 3); }
// What a meter averaging over the last `w` seconds reads at t (NVML's 1 s power on Ampere):
// the exact moving average, sampled at 100 Hz.
std::vector<Sample> averaged_trace(double w) {
  std::vector<Sample> s;
  for (int k = 0; k <= 1200; ++k) {
    double t = k / 100.0;
    s.push_back({t, {(true_energy(t) - true_energy(t - w)) / w}, 0, ""});
  }
  return s;
}
ProbeInfo power_only(MeterInfo m) {
  ProbeInfo i;
  i.rate_hz = 100;
  i.channels = {{"power_w", "W", Quantity::power, m}};
  i.power_channel = 0;
  return i;
}
}  // namespace

TEST_CASE("an averaged meter's readings are centred on their span: the window's energy comes out right") {
  const double w = 1.0;
  auto trace = averaged_trace(w);
  const Window win{3.0, 7.0, "test", ""};                // the step at the window's start; flat to its end and beyond
  const double truth = true_energy(7) - true_energy(3);  // 40 J
  auto naive = window_energy(trace, power_only({}), win);
  auto centred = window_energy(trace, power_only({MeterKind::averaged, w, "test"}), win);
  REQUIRE(naive.energy_j);
  REQUIRE(centred.energy_j);
  // Taken as instantaneous, the reading lags the step by the whole ramp: 4 J (10 %) short.
  CHECK(*naive.energy_j == doctest::Approx(truth - 4).epsilon(1e-3));
  // Centred, what is left is the smear of the start: w/8 × 8 W = 1 J, and it is the stated bound.
  CHECK(*centred.energy_j == doctest::Approx(truth - 1).epsilon(1e-3));
  REQUIRE(centred.edge_smear_pct);
  CHECK(*centred.edge_smear_pct == doctest::Approx(1.0 / *centred.energy_j * 100).epsilon(0.02));
  CHECK(std::abs(*centred.energy_j - truth) <= *centred.edge_smear_pct / 100 * *centred.energy_j * 1.001);
  CHECK_FALSE(naive.edge_smear_pct);
}

TEST_CASE("on flat power an averaged meter has no smear, and an accumulator is not shifted") {
  std::vector<Sample> flat;
  for (int k = 0; k <= 1000; ++k) flat.push_back({k / 100.0, {5.0, 5.0 * k / 100.0}, 0, ""});
  auto info = power_only({MeterKind::averaged, 0.5, "test"});
  auto r = window_energy(flat, info, {2.0, 6.0, "test", ""});
  REQUIRE(r.energy_j);
  CHECK(*r.energy_j == doctest::Approx(20.0).epsilon(1e-9));
  REQUIRE(r.edge_smear_pct);
  CHECK(*r.edge_smear_pct == doctest::Approx(0.0));
  // The energy channel (an accumulator) is read at the edges as stamped.
  info.channels.push_back({"energy_j", "J", Quantity::energy, {MeterKind::accumulator, 0, ""}});
  info.energy_channel = 1;
  auto acc = window_energy(flat, info, {2.0, 6.0, "test", ""});
  CHECK(acc.method == "accumulator");
  CHECK(*acc.energy_j == doctest::Approx(20.0).epsilon(1e-9));
}

TEST_CASE("the short-window rule: warning under min_averaging_periods, invalid under invalid_averaging_periods") {
  MeterInfo nvml{MeterKind::averaged, 1.0, "NVML"};
  auto warn = check_meter_window("gpu", "power_w", nvml, 3.2, 5, 2);
  CHECK(warn.invalid.empty());
  CHECK(warn.warning ==
        "probe gpu: power_w is a 1 s average; the 3.2 s window spans only 3.2 averaging periods — edges smeared by up "
        "to 1 s "
        "(validity.min_averaging_periods 5)");
  auto bad = check_meter_window("gpu", "power_w", nvml, 1.5, 5, 2);
  CHECK(bad.warning.empty());
  CHECK(bad.invalid.find("validity.invalid_averaging_periods 2") != std::string::npos);
  CHECK(check_meter_window("gpu", "power_w", nvml, 5.0, 5, 2).warning.empty());
  CHECK(check_meter_window("gpu", "power_w", nvml, 12.0, 5, 2).warning.empty());
  for (auto kind : {MeterKind::instantaneous, MeterKind::accumulator}) {
    auto c = check_meter_window("gpu", "power_w", {kind, 0, ""}, 0.5, 5, 2);
    CHECK(c.warning.empty());
    CHECK(c.invalid.empty());
  }
}

TEST_CASE("edge smear joins the power uncertainty in quadrature") {
  auto u = combine_uncertainty({{"gpu", 1.0, 3.0, std::nullopt, 0.0, 4.0}});
  REQUIRE(u.pct);
  CHECK(*u.pct == doctest::Approx(5.0));
  CHECK(u.detail.find("edge smear 4.000 %") != std::string::npos);
}

TEST_CASE("meter kinds by name, both ways") {
  for (auto k : {MeterKind::instantaneous, MeterKind::averaged, MeterKind::accumulator})
    CHECK(meter_kind_from_name(meter_kind_name(k)) == k);
  CHECK_FALSE(meter_kind_from_name("average"));
}

TEST_CASE("host CPU load: /proc/stat parsed, counters interpolated at the window's edges") {
  const char* stat =
      "cpu  100 5 50 800 20 3 2 10 0 0\n"
      "cpu0 50 2 25 400 10 1 1 5 0 0\n"
      "cpu1 50 3 25 400 10 2 1 5 0 0\n"
      "intr 12345\nctxt 999\n";
  auto c = parse_proc_stat(stat);
  REQUIRE(c);
  CHECK(c->busy == 170);  // user nice system irq softirq steal
  CHECK(c->total == 990);
  CHECK(c->cores == 2);
  CHECK_FALSE(parse_proc_stat("intr 1\n"));
  // 2 cores, 100 ticks/s each: 200 ticks/s in all, 50 busy for t < 5 s, 150 busy after.
  std::vector<Sample> s;
  for (int k = 0; k <= 100; ++k) {
    double t = k / 10.0;
    double busy = t < 5 ? 50 * t : 250 + 150 * (t - 5);
    s.push_back({t, {busy, 200 * t, 2}, 0, ""});
  }
  auto h = host_load_over(s, 6.0, 9.0);
  REQUIRE(h.busy_pct);
  CHECK(*h.busy_pct == doctest::Approx(75.0));
  CHECK(h.cores == 2);
  auto across = host_load_over(s, 4.0, 6.0);
  CHECK(*across.busy_pct == doctest::Approx(50.0));
  // Outside the samples: unknown, not 0.
  CHECK_FALSE(host_load_over(s, 9.0, 12.0).busy_pct);
}
