// A 16-bit-family INA (INA226, INA260) model on a simulated FT232H, for the chip and driver tests:
// the model on the simulated bus behind the real MPSSE I2C master, a register view of the chip,
// a constant rail and a clock the test moves by hand.
#pragma once
#include <cstdint>
#include <memory>

#include "probes/i2c/mpsse_i2c.hpp"
#include "probes/i2c/register16.hpp"
#include "sim/bench/rail_source.hpp"
#include "sim/i2c/mpsse_sim.hpp"

namespace wb::test {

template <class Model>
struct Ina16TestBench {
  double now = 100.0;
  sim::ConstantRail rail;
  sim::I2cBusSim bus;
  Model chip;
  std::unique_ptr<MpsseI2c> i2c;
  std::unique_ptr<Register16Device> dev;
  // chip_name: what the register view calls the chip in its errors.
  template <class Options>
  Ina16TestBench(sim::ConstantRail r, const Options& opt, const char* chip_name)
      : rail(r), chip(opt, rail, [this] { return now; }) {
    bus.attach(&chip);
    i2c = std::make_unique<MpsseI2c>(std::make_unique<sim::MpsseSim>(bus), 400000);
    i2c->configure();
    dev = std::make_unique<Register16Device>(*i2c, opt.address, chip_name);
  }
  std::uint16_t reg(const Register16& r) { return dev->read({r})[0]; }
};

}  // namespace wb::test
