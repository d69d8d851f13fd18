// End to end: a GPU bench measured through NVML's energy counter (the fake libnvidia-ml on
// the simulated bench), within 1 % of the simulator's truth.
#include <doctest/doctest.h>

#include "e2e_support.hpp"

using namespace wb::e2e;

TEST_CASE("NVML energy counter on a simulated GPU bench: FPS/W within 1 % of truth") {
  auto o = run_once("nvml", "configs/sim/rtx4060-trtexec-nvml.yaml", {"phases.idle_s=1"});
  CHECK(o.run["energy_method"] != "trapezoid");
  CHECK(o.run["fps_per_w"].get<double>() == doctest::Approx(o.truth["fps_per_w"].get<double>()).epsilon(0.01));
  auto summary = read_json(o.out / "summary.json");
  CHECK(summary["probes"][0]["kind"] == "nvml");
  auto probe = read_json(o.dir / "probe-gpu.json");
  CHECK(probe["instrument"].get<std::string>().find("NVIDIA simulated GPU") != std::string::npos);
  CHECK(probe["energy_channel"] == 1);
  fs::remove_all(o.out);
}
