// The demo with its INA228 losing power mid-window while the FT232H stays up: the run notices,
// re-initialises the chip, says what happened, and its energy stays within 1 % of the truth.
#include <doctest/doctest.h>

#include "e2e_support.hpp"

using namespace wb::e2e;

TEST_CASE(
    "demo: an INA228 power-on reset mid-window is detected, the chip re-initialised, energy within 1 % of truth") {
  // The window opens ~4.7 s after the bench starts and lasts ~6 s: 7 s lands inside it.
  for (const char* outage_s : {"0.03", "0.0003"}) {  // long enough to NACK; shorter than one read period
    CAPTURE(outage_s);
    auto o = run_once("por", "configs/demo.yaml",
                      {"sim.ina_power_loss_at_s=7", std::string("sim.ina_power_loss_for_s=") + outage_s});
    INFO(o.run.dump(2));
    CHECK(o.run["energy_j"].get<double>() == doctest::Approx(o.truth["energy_j"].get<double>()).epsilon(0.01));
    CHECK(o.run["fps_per_w"].get<double>() == doctest::Approx(o.truth["fps_per_w"].get<double>()).epsilon(0.01));
    CHECK(o.run["energy_method"] == "trapezoid");  // the accumulator restarted: not integrated across the gap
    std::string said;
    for (const auto& w : o.run["warnings"]) said += w.get<std::string>() + "\n";
    CHECK(said.find("re-initialised") != std::string::npos);
    CHECK(said.find("inside the window") != std::string::npos);
    // A 30 ms outage NACKs; a 0.3 ms one is usually seen only as lost settings afterwards, but a
    // read delayed on a loaded machine may land inside it and be NACKed too.
    bool nacked = said.find("stopped answering") != std::string::npos;
    if (std::string(outage_s) == "0.03")
      CHECK(nacked);
    else
      CHECK((nacked || said.find("SHUNT_CAL reads 0x1000") != std::string::npos));
    fs::remove_all(o.out);
  }
}
