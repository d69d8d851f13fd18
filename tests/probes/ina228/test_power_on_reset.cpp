// An INA228 that loses power while the FT232H stays up comes back with its reset settings
// (datasheet Tables 7-5..7-7; shared/reference/hardware.md, Corrections): the driver must notice
// instead of reading power x0.18 and counting the falling ENERGY as a 40-bit wrap (~215 MJ).
#include <doctest/doctest.h>

#include <memory>

#include "probes/i2c/mpsse_i2c.hpp"
#include "probes/ina228/driver.hpp"
#include "sim/i2c/ina228_model.hpp"
#include "sim/i2c/mpsse_sim.hpp"

using namespace wb;

namespace {
struct ChipOnFt232h {
  double now = 100.0;
  sim::ConstantRail rail{3.3, 1.4, 35.5};
  sim::I2cBusSim bus;
  sim::Ina228Model chip{{}, rail, [this] { return now; }};
  std::unique_ptr<MpsseI2c> i2c;
  ChipOnFt232h() {
    bus.attach(&chip);
    i2c = std::make_unique<MpsseI2c>(std::make_unique<sim::MpsseSim>(bus), 400000);
    i2c->configure();
  }
};
const ina228::AdcConfig kFastAdc{0xF, 150, 150, 150, 1};
}  // namespace

TEST_CASE("INA228 power-on reset between two reads: detected from the read-back calibration, never read as x0.18") {
  ChipOnFt232h b;
  ina228::Driver drv(*b.i2c, 0x40, ina228::calibrate(0.015, 2.0), kFastAdc);
  drv.init();
  b.now += 1.0;
  auto before = drv.read();
  REQUIRE(before.power_w == doctest::Approx(3.3 * 1.4).epsilon(2e-3));
  b.chip.power_on_reset();  // supply dip shorter than one read period: no NACK seen
  b.now += 0.01;
  CHECK_THROWS_AS_MESSAGE(drv.read(), ina228::ChipStateLost, "a reset chip's readings must not be used");
  CHECK_THROWS_WITH(drv.read(), doctest::Contains("SHUNT_CAL reads 0x1000"));
  drv.init();  // what the probe does next
  b.now += 1.0;
  auto after = drv.read();
  CHECK(after.power_w == doctest::Approx(3.3 * 1.4).epsilon(2e-3));
  CHECK(after.energy_j < 10.0);  // restarted from 0, no 2^40 wrap added
}

TEST_CASE("INA228 unpowered for a while: reads NACK as lost state, and it answers again after its reset") {
  ChipOnFt232h b;
  ina228::Driver drv(*b.i2c, 0x40, ina228::calibrate(0.015, 2.0), kFastAdc);
  drv.init();
  b.now += 0.5;
  drv.read();
  b.chip.power_loss_between(b.now + 0.1, b.now + 0.3);
  b.now += 0.2;
  CHECK_THROWS_AS(drv.read(), ina228::ChipStateLost);
  CHECK_THROWS(drv.init());  // still unpowered: init NACKs too
  b.now += 0.2;
  CHECK_THROWS_WITH(drv.read(), doctest::Contains("lost its settings"));
  CHECK_NOTHROW(drv.init());
  b.now += 0.1;
  CHECK(drv.read().power_w == doctest::Approx(3.3 * 1.4).epsilon(2e-3));
}

TEST_CASE("INA228 ENERGY falling without ENERGYOF is no 40-bit wrap") {
  // Same calibration as the reset values (SHUNT_CAL 0x1000, ADC_CONFIG 0xFB68): only the
  // accumulator can tell that the chip restarted.
  ChipOnFt232h b;
  ina228::Calibration cal = ina228::calibrate(0.015, 2.0);
  cal.shunt_cal = 0x1000;
  auto reset_adc = ina228::decode_adc_config(0xFB68);
  ina228::Driver drv(*b.i2c, 0x40, cal, reset_adc);
  drv.init();
  b.now += 1.0;
  auto e1 = drv.read().energy_j;
  REQUIRE(e1 > 0);
  b.chip.power_on_reset();
  b.now += 0.5;  // the accumulator restarted from 0: half a second of energy, below the earlier total
  CHECK_THROWS_WITH(drv.read(), doctest::Contains("without ENERGYOF"));
}
