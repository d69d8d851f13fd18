// The INA260 as its datasheet (TI SBOS656C) describes it, for the simulated bench. Its
// register tables (§8.6) were not read; what comes from driver libraries
// (adafruit/Adafruit_INA260 and others) is marked so.
// - registers (driver libraries): CONFIG 0x00, CURRENT 0x01, BUS_VOLTAGE 0x02, POWER 0x03,
//   MASK/ENABLE 0x06, ALERT_LIMIT 0x07, MANUFACTURER_ID 0x5449; no 0x04/0x05; CONFIG reset
//   0x6127 and DIE_ID 0x2270 unconfirmed in the datasheet;
// - the integrated 2 mΩ shunt (§8.3.1), "internally calibrated": CURRENT 1.25 mA/LSB two's
//   complement, negative from IN- to IN+; BUS 1.25 mV/LSB; POWER 10 mW/LSB, always positive
//   (§8.5.1); POWER = |CURRENT| × BUS / 6400 follows from those LSBs (bit-exactness unstated);
// - CONFIG as the INA226's (ISHCT in place of VSHCT; driver libraries): RST restores every
//   register and self-clears; AVG, VBUSCT, ISHCT and MODE; a write aborts the cycle and starts
//   a new one; outputs load together once per AVG × (t_VBUS + t_ISH), and CVRF sets;
// - MASK/ENABLE as the INA226's (OCL/UCL in place of the shunt limits): CVRF clears on its read
//   or a CONFIG write; OVF above 419.43 W (as driver libraries quote the datasheet: unconfirmed).
//   Not stated, chosen here: OVF follows the latest update, POWER saturates at 0xFFFF.
// Pointer and 16-bit framing, cycle, CONFIG, MASK/ENABLE and IDs as the INA226
// (Register16Slave, sim/i2c/ina16_model.hpp). Each conversion samples the rail
// at its midpoint, with optional gaussian noise.
#pragma once
#include <cstdint>
#include <functional>

#include "sim/i2c/ina16_model.hpp"

namespace wb::sim {

using Ina260ModelOptions = Ina16ModelOptions;

class Ina260Model : public Ina16Model {
 public:
  // now(): the model's clock in steady seconds (real time on the bench, manual in tests).
  Ina260Model(Ina260ModelOptions opt, RailSource& source, std::function<double()> now);

 protected:
  Conversion convert(double t, const Noise& noise) override;
  std::uint16_t chip_register(std::uint8_t reg) const override;
  std::uint16_t config_written(std::uint16_t value) const override;
};

}  // namespace wb::sim
