// INA226: calibration and scaling against the datasheet (SBOS547), the simulated chip at
// register level (reset, CALIBRATION 0, CVRF timing, negative current), the real driver over
// the simulated FT232H, and the config block.
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
#include "probes/ina226/driver.hpp"
#include "probes/ina226/protocol.hpp"
#include "probes/ina226/settings.hpp"
#include "sim/i2c/mpsse_sim.hpp"
#include "sim/i2c/sim_ina226.hpp"

using namespace wb;
using config_test::load_error;
using config_test::write_probes_config;
namespace fs = std::filesystem;

namespace {

struct Bench : test::Ina16TestBench<sim::Ina226Model> {
  explicit Bench(sim::Ina226ModelOptions opt = {}) : Ina16TestBench({3.3, 1.4, 35}, opt, "INA226") {}
};

bool cvrf(std::uint16_t mask) { return (mask & ina226::kMaskCvrf) != 0; }

sim::Ina226ModelOptions shunt(double ohm) {
  sim::Ina226ModelOptions o;
  o.shunt_ohm = ohm;
  return o;
}

}  // namespace

TEST_CASE("INA226 calibration: Eq. 1 and 2, and the effective LSBs") {
  auto c = ina226::calibrate(0.002, 32.768);  // Table 1: 2 mOhm, Current_LSB 1 mA
  CHECK(c.cal == 2560);
  CHECK(c.current_lsb_a == doctest::Approx(1e-3));
  CHECK(c.power_lsb_w() == doctest::Approx(25e-3));
  auto breakout = ina226::calibrate(0.1, 0.8);  // CAL rounds: the LSB follows the CAL written
  CHECK(breakout.current_lsb_a == doctest::Approx(0.00512 / (breakout.cal * 0.1)));
  CHECK(breakout.current_lsb_a == doctest::Approx(0.8 / 32768).epsilon(1e-3));
  CHECK_THROWS_WITH(ina226::calibrate(0.1, 1.0), doctest::Contains("81.92 mV"));
  CHECK(ina226::encode_config({7, 1100, 1100, 1}) == 0x4127);  // the reset value decodes to the default
  CHECK(ina226::update_period_s(ina226::decode_config(0x4127)) == doctest::Approx(2.2e-3));
  CHECK(ina226::update_period_s({7, 588, 588, 4}) == doctest::Approx(4.704e-3));  // §6.3.1.1's example
  CHECK_THROWS_WITH(ina226::encode_config({7, 150, 140, 1}), doctest::Contains("140, 204"));
}

TEST_CASE("simulated INA226 reproduces the datasheet's Table 1 registers") {
  Bench b(shunt(0.002));
  b.rail = sim::ConstantRail(11.98, 10.0, 25);
  b.dev->write(ina226::reg::calibration, 2560);
  b.dev->write(ina226::reg::config, 0x4127);
  b.now += 2.2e-3;
  CHECK(b.reg(ina226::reg::shunt) == 0x1F40);
  CHECK(b.reg(ina226::reg::bus) == 0x2570);
  CHECK(b.reg(ina226::reg::current) == 0x2710);
  CHECK(b.reg(ina226::reg::power) == 0x12B8);
  CHECK(b.reg(ina226::reg::manufacturer_id) == 0x5449);
  CHECK((b.reg(ina226::reg::die_id) >> 4) == 0x226);
}

TEST_CASE("INA226 reset: registers to their reset values, CALIBRATION 0, so current and power read 0") {
  Bench b(shunt(0.015));
  b.dev->write(ina226::reg::calibration, 5592);
  b.dev->write(ina226::reg::config, 0x4127);
  b.now += 3e-3;
  CHECK(b.reg(ina226::reg::current) != 0);
  b.dev->write(ina226::reg::config, ina226::kConfigRst);
  CHECK(b.reg(ina226::reg::config) == 0x4127);
  CHECK(b.reg(ina226::reg::calibration) == 0);
  b.now += 3e-3;
  CHECK(b.reg(ina226::reg::bus) == 2640);    // 3.3 V / 1.25 mV: still converting
  CHECK(b.reg(ina226::reg::shunt) == 8400);  // 1.4 A × 15 mOhm / 2.5 µV
  CHECK(b.reg(ina226::reg::current) == 0);
  CHECK(b.reg(ina226::reg::power) == 0);
}

TEST_CASE("INA226 CVRF: set once per AVG × (t_bus + t_shunt), cleared by reading MASK/ENABLE or writing CONFIG") {
  Bench b(shunt(0.015));
  b.dev->write(ina226::reg::calibration, 5592);
  b.dev->write(ina226::reg::config, ina226::encode_config({7, 588, 588, 4}));  // 4.704 ms per update
  b.now += 4.6e-3;
  CHECK_FALSE(cvrf(b.reg(ina226::reg::mask_enable)));
  CHECK(b.reg(ina226::reg::bus) == 0);  // nothing loaded before the averaging cycle ends
  b.now += 0.2e-3;
  CHECK(cvrf(b.reg(ina226::reg::mask_enable)));
  CHECK_FALSE(cvrf(b.reg(ina226::reg::mask_enable)));  // the read cleared it
  CHECK(b.chip.updates() == 1);
  b.now += 4.704e-3;
  b.chip.advance();
  CHECK(cvrf(b.chip.register_value(0x06)));
  b.dev->write(ina226::reg::config, ina226::encode_config({7, 588, 588, 4}));
  CHECK_FALSE(cvrf(b.reg(ina226::reg::mask_enable)));  // the CONFIG write cleared it
  b.now += 4.65e-3;                                    // the old cycle would have ended 4.608 ms after the write
  CHECK(b.chip.updates() == 2);                        // the write restarted the cycle
}

TEST_CASE("INA226 driver over the simulated FT232H: LSB scaling, negative current, stale reads") {
  Bench b(shunt(0.015));
  auto cal = ina226::calibrate(0.015, 2.0);
  ina226::Driver drv(*b.i2c, 0x40, cal, {7, 140, 140, 1});
  drv.init();
  CHECK(b.chip.register_value(0x05) == cal.cal);
  auto first = drv.read();
  CHECK_FALSE(first.has_data);  // no conversion yet: the zeros are not readings
  b.now += 0.3e-3;
  auto r = drv.read();
  REQUIRE(r.has_data);
  CHECK(r.new_conversion);
  CHECK(r.vbus_v == doctest::Approx(3.3).epsilon(1e-3));
  CHECK(std::abs(r.current_a - 1.4) <= 2 * cal.current_lsb_a);
  CHECK(std::abs(r.power_w - 3.3 * 1.4) <= 2 * cal.power_lsb_w() + 1e-3 * 4.62);
  CHECK_FALSE(drv.read().new_conversion);  // read again before the next conversion: stale

  b.rail.i = -0.9;  // current flowing IN- to IN+
  b.now += 0.3e-3;
  auto neg = drv.read();
  CHECK(std::abs(neg.current_a + 0.9) <= 2 * cal.current_lsb_a);
  CHECK(neg.power_w == doctest::Approx(3.3 * 0.9).epsilon(2e-3));  // POWER is unsigned
}

TEST_CASE("INA226 driver: a reset chip is seen (CALIBRATION lost), a NACK and a wrong chip are named") {
  Bench b(shunt(0.015));
  ina226::Driver drv(*b.i2c, 0x40, ina226::calibrate(0.015, 2.0), {7, 140, 140, 1});
  drv.init();
  b.dev->write(ina226::reg::config, ina226::kConfigRst);  // a power dip
  CHECK(drv.read().calibration_lost);
  drv.init();
  b.now += 0.3e-3;
  CHECK(drv.read().has_data);

  ina226::Driver absent(*b.i2c, 0x45, ina226::calibrate(0.015, 2.0), {7, 140, 140, 1});
  CHECK_THROWS_WITH(absent.init(), doctest::Contains("INA226 at 0x45 did not answer"));
  b.dev->write(ina226::reg::config, ina226::kConfigRst);
  struct NotTi : sim::Register16Slave {
    NotTi() : Register16Slave(0x41) {}
    std::uint16_t read_register(std::uint8_t) override { return 0x1234; }
    void write_register(std::uint8_t, std::uint16_t) override {}
  } other;
  b.bus.attach(&other);
  ina226::Driver wrong(*b.i2c, 0x41, ina226::calibrate(0.015, 2.0), {7, 140, 140, 1});
  CHECK_THROWS_WITH(wrong.init(), doctest::Contains("is not an INA226"));
}

TEST_CASE("ina226 config block: its own keys, the shared I2C options, errors with position") {
  auto dir = fs::temp_directory_path() / "wattbench-ina226-tests";
  auto load = [](const std::string& probe) {
    return load_config(write_probes_config("wattbench-ina226-tests", probe));
  };
  auto err = [](const std::string& probe) {
    return load_error(write_probes_config("wattbench-ina226-tests", probe), {}).value_or("");
  };
  auto cfg = load(
      "  - {name: r, kind: ina226, rail: 5V, scope: board, address: 0x44, shunt_ohm: 0.01, max_current_a: 5,\n"
      "     conversion_us: {vbus: 588, vshunt: 1100}, averaging: 16}\n");
  const auto& s = cfg.probes[0].settings_as<Ina226Settings>();
  CHECK(s.i2c.address == 0x44);
  CHECK(s.shunt_ohm == 0.01);
  CHECK(s.vshunt_ct_us == 1100);
  CHECK(cfg.probes[0].settings->simulated());
  auto probe = make_unopened_probe(cfg.probes[0]);
  CHECK(probe->info().energy_channel == -1);  // no accumulator: the analysis integrates power
  CHECK(probe->info().channels[probe->info().power_channel].name == "power_w");
  CHECK(probe->settings()["config"] == "0x44E7");  // AVG 16, VBUSCT 588 µs, VSHCT 1.1 ms, continuous
  CHECK(err("  - {name: r, kind: ina226, rail: 5V, scope: board, address: 0x50}\n").find("c.yaml:4") !=
        std::string::npos);
  CHECK(err("  - {name: r, kind: ina226, rail: 5V, scope: board, address: 0x50}\n").find("not an INA226 address") !=
        std::string::npos);
  CHECK(err("  - {name: r, kind: ina226, rail: 5V, scope: board, transport: hwmon}\n")
            .find("expected one of: sim, ftdi, i2c-dev") != std::string::npos);
  CHECK(err("  - {name: r, kind: ina226, rail: 5V, scope: board, adc_range: auto}\n").find("unknown key") !=
        std::string::npos);
  fs::remove_all(dir);
}
