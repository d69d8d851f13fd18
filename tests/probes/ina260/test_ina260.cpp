// INA260: fixed scaling of the integrated 2 mΩ shunt (SBOS656), the simulated chip at register
// level (reset, CVRF timing, negative current, OVF), the real driver over the simulated
// FT232H, and the config block.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "config_test_support.hpp"
#include "harness/config/config.hpp"
#include "harness/plugin/probe.hpp"
#include "ina16_test_bench.hpp"
#include "probes/i2c/mpsse_i2c.hpp"
#include "probes/i2c/register16.hpp"
#include "probes/ina260/driver.hpp"
#include "probes/ina260/protocol.hpp"
#include "probes/ina260/settings.hpp"
#include "sim/i2c/mpsse_sim.hpp"
#include "sim/i2c/sim_ina260.hpp"

using namespace wb;
using config_test::load_error;
using config_test::write_probes_config;
namespace fs = std::filesystem;

namespace {

struct Bench : test::Ina16TestBench<sim::Ina260Model> {
  explicit Bench(sim::Ina260ModelOptions opt = {}) : Ina16TestBench({12.0, 2.5, 35}, opt, "INA260") {}
};

bool cvrf(std::uint16_t mask) { return (mask & ina260::kMaskCvrf) != 0; }
bool ovf(std::uint16_t mask) { return (mask & ina260::kMaskOvf) != 0; }

}  // namespace

TEST_CASE("INA260 configuration codes and update period") {
  CHECK(ina260::encode_config({7, 1100, 1100, 1}) == 0x6127);  // the reset value decodes to the default
  CHECK(ina260::update_period_s(ina260::decode_config(0x6127)) == doctest::Approx(2.2e-3));
  CHECK(ina260::update_period_s({7, 588, 588, 4}) == doctest::Approx(4.704e-3));
  CHECK(ina260::update_period_s({5, 140, 588, 1}) == doctest::Approx(588e-6));  // current only
  CHECK_THROWS_WITH(ina260::encode_config({7, 150, 140, 1}), doctest::Contains("140, 204"));
}

TEST_CASE("simulated INA260: fixed LSBs (1.25 mA, 1.25 mV, 10 mW), no CALIBRATION to write") {
  Bench b;
  b.now += 2.2e-3;                             // the reset configuration converts at once
  CHECK(b.reg(ina260::reg::current) == 2000);  // 2.5 A / 1.25 mA
  CHECK(b.reg(ina260::reg::bus) == 9600);      // 12 V / 1.25 mV
  CHECK(b.reg(ina260::reg::power) == 3000);    // 30 W / 10 mW
  CHECK(b.reg(ina260::reg::manufacturer_id) == 0x5449);
  CHECK((b.reg(ina260::reg::die_id) >> 4) == 0x227);
  b.rail.i = -1.0;  // IN- to IN+: CURRENT negative, POWER still positive
  b.now += 2.2e-3;
  CHECK(static_cast<std::int16_t>(b.reg(ina260::reg::current)) == -800);
  CHECK(b.reg(ina260::reg::power) == 1200);
}

TEST_CASE(
    "INA260 reset restores CONFIG; CVRF per AVG × (t_bus + t_ish), cleared by a MASK/ENABLE read or a CONFIG write") {
  Bench b;
  b.dev->write(ina260::reg::config, ina260::encode_config({7, 588, 588, 4}));
  CHECK(b.reg(ina260::reg::config) == ina260::encode_config({7, 588, 588, 4}));
  b.now += 4.6e-3;
  CHECK_FALSE(cvrf(b.reg(ina260::reg::mask_enable)));
  b.now += 0.2e-3;
  CHECK(cvrf(b.reg(ina260::reg::mask_enable)));
  CHECK_FALSE(cvrf(b.reg(ina260::reg::mask_enable)));  // the read cleared it
  b.now += 4.704e-3;
  b.chip.advance();
  CHECK(cvrf(b.chip.register_value(0x06)));
  b.dev->write(ina260::reg::config, ina260::encode_config({7, 588, 588, 4}));
  CHECK_FALSE(cvrf(b.reg(ina260::reg::mask_enable)));  // the CONFIG write cleared it
  b.now += 4.65e-3;                                    // the old cycle would have ended 4.608 ms after the write
  CHECK(b.chip.updates() == 2);
  b.dev->write(ina260::reg::config, ina260::kConfigRst);
  CHECK(b.reg(ina260::reg::config) == 0x6127);
  CHECK(b.reg(ina260::reg::current) == 0);  // outputs back to their reset value until the next conversion
}

TEST_CASE("INA260 OVF above 419.43 W of power") {
  Bench b;
  b.rail = sim::ConstantRail(36.0, 12.0, 35);  // 432 W
  b.now += 2.2e-3;
  CHECK(ovf(b.reg(ina260::reg::mask_enable)));
  b.rail.i = 10.0;  // 360 W
  b.now += 2.2e-3;
  CHECK_FALSE(ovf(b.reg(ina260::reg::mask_enable)));
}

TEST_CASE("INA260 driver over the simulated FT232H: scaling, stale reads, a reset chip, a NACK") {
  Bench b;
  b.rail = sim::ConstantRail(3.3, 1.4, 35);
  ina260::Driver drv(*b.i2c, 0x40, {7, 140, 140, 1});
  drv.init();
  CHECK_FALSE(drv.read().has_data);
  b.now += 0.3e-3;
  auto r = drv.read();
  REQUIRE(r.has_data);
  CHECK(r.new_conversion);
  CHECK(std::abs(r.vbus_v - 3.3) <= ina260::kBusLsbV);
  CHECK(std::abs(r.current_a - 1.4) <= ina260::kCurrentLsbA);
  CHECK(std::abs(r.power_w - 3.3 * 1.4) <= 2 * ina260::kPowerLsbW);
  CHECK_FALSE(drv.read().new_conversion);
  b.dev->write(ina260::reg::config, ina260::kConfigRst);  // a power dip
  CHECK(drv.read().config_lost);
  ina260::Driver absent(*b.i2c, 0x4F, {7, 140, 140, 1});
  CHECK_THROWS_WITH(absent.init(), doctest::Contains("INA260 at 0x4F did not answer"));
}

TEST_CASE("ina260 config block: no shunt to set, errors with position") {
  auto dir = fs::temp_directory_path() / "wattbench-ina260-tests";
  auto load = [](const std::string& probe) {
    return load_config(write_probes_config("wattbench-ina260-tests", probe));
  };
  auto err = [](const std::string& probe) {
    return load_error(write_probes_config("wattbench-ina260-tests", probe), {}).value_or("");
  };
  auto cfg = load(
      "  - {name: r, kind: ina260, rail: 12V, scope: board, conversion_us: {vbus: 588, ishunt: 1100}, averaging: "
      "16}\n");
  const auto& s = cfg.probes[0].settings_as<Ina260Settings>();
  CHECK(s.ishunt_ct_us == 1100);
  auto probe = make_unopened_probe(cfg.probes[0]);
  CHECK(probe->info().energy_channel == -1);
  CHECK(probe->settings()["config"] == "0x64E7");  // AVG 16, VBUSCT 588 µs, ISHCT 1.1 ms, continuous
  auto shunt = err("  - {name: r, kind: ina260, rail: 12V, scope: board, shunt_ohm: 0.01}\n");
  CHECK(shunt.find("c.yaml:4") != std::string::npos);
  CHECK(shunt.find("unknown key 'probes[0].shunt_ohm'") != std::string::npos);
  CHECK(err("  - {name: r, kind: ina260, rail: 12V, scope: board, i2c_hz: 1000000}\n").find("INA260 fast mode") !=
        std::string::npos);
  fs::remove_all(dir);
}
