// End to end: the demo bench measured by a simulated INA260 (no energy accumulator), within
// 1 % of the simulator's truth, energy from the trapezoid of power samples.
#include <doctest/doctest.h>

#include "e2e_support.hpp"

using namespace wb::e2e;

TEST_CASE("INA260 on the simulated demo bench: FPS/W within 1 % of truth, energy by trapezoid") {
  auto o = run_once("ina260", "configs/sim/ina260-demo.yaml", {"benchmark.args.time_s=4", "phases.idle_s=1"});
  CHECK(o.run["energy_method"] == "trapezoid");
  CHECK(o.run["sample_rate_hz"].get<double>() > 900);
  CHECK(o.run["fps_per_w"].get<double>() == doctest::Approx(o.truth["fps_per_w"].get<double>()).epsilon(0.01));
  CHECK(o.run["power_w"].get<double>() == doctest::Approx(o.truth["mean_power_w"].get<double>()).epsilon(0.01));
  auto summary = read_json(o.out / "summary.json");
  CHECK(summary["probes"][0]["kind"] == "ina260");
  fs::remove_all(o.out);
}
