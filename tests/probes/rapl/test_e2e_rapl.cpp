// End to end: a CPU bench measured by its RAPL package counter on a simulated powercap tree
// whose range is cut so that the counter wraps during the run.
#include <doctest/doctest.h>

#include "e2e_support.hpp"

using namespace wb::e2e;

TEST_CASE("RAPL package energy on a simulated CPU bench: FPS/W within 1 % of truth across counter wraps") {
  auto o = run_once("rapl", "configs/sim/x86-cpu-tflite-rapl.yaml", {"phases.idle_s=1"});
  CHECK(o.run["energy_method"] != "trapezoid");
  CHECK(o.run["fps_per_w"].get<double>() == doctest::Approx(o.truth["fps_per_w"].get<double>()).epsilon(0.01));
  CHECK(o.run["power_w"].get<double>() == doctest::Approx(o.truth["mean_power_w"].get<double>()).epsilon(0.01));
  auto summary = read_json(o.out / "summary.json");
  CHECK(summary["probes"][0]["kind"] == "rapl");
  CHECK(summary["probes"][0]["scope"] == "soc");
  CHECK(nlohmann::json(summary).dump().find("wrapped") != std::string::npos);
  fs::remove_all(o.out);
}
