// The INA226 as its datasheet (TI SBOS547, rev. B) describes it, for the simulated bench:
// - registers, reset values and IDs: Table 7-1 (CONFIG 0x4127, CALIBRATION 0, DIE_ID 0x2260);
// - pointer write, 16-bit registers MSB first, pointer kept: §6.5.5.3 (Register16Slave);
// - CONFIG (Tables 3-6): RST restores every register and self-clears; AVG, VBUSCT, VSHCT and
//   MODE (power-down, triggered, continuous); a write aborts the cycle and starts a new one;
// - conversions (§6.3.1.1): CURRENT = SHUNT × CAL / 2048 (Eq. 3) after each shunt conversion,
//   POWER = CURRENT × BUS / 20000 (Eq. 4) after each bus conversion; with AVG > 1 the averages
//   load into the output registers together once per AVG × (t_VBUS + t_VSH), and CVRF sets;
// - CALIBRATION 0 (its reset value): CURRENT and POWER read 0, SHUNT and BUS convert (§6.5.1);
// - MASK/ENABLE: CVRF clears on a read of MASK/ENABLE or a CONFIG write; OVF on a math
//   overflow. Not stated by the datasheet, chosen here: CURRENT saturates at ±32767, POWER is
//   from |CURRENT| (the register is unsigned), OVF follows the latest update.
// Each conversion samples the rail at its midpoint, with optional gaussian noise. The cycle,
// CONFIG, MASK/ENABLE and IDs are the family's (sim/i2c/ina16_model.hpp).
#pragma once
#include <cstdint>
#include <functional>

#include "sim/i2c/ina16_model.hpp"

namespace wb::sim {

struct Ina226ModelOptions : Ina16ModelOptions {
  double shunt_ohm = 0.1;  // the physical shunt on the board
};

class Ina226Model : public Ina16Model {
 public:
  // now(): the model's clock in steady seconds (real time on the bench, manual in tests).
  Ina226Model(Ina226ModelOptions opt, RailSource& source, std::function<double()> now);

 protected:
  Conversion convert(double t, const Noise& noise) override;
  std::uint16_t chip_register(std::uint8_t reg) const override;
  void write_chip_register(std::uint8_t reg, std::uint16_t value) override;
  void reset_chip_registers() override { m_cal = 0; }

 private:
  double m_shunt_ohm;
  std::uint16_t m_cal = 0;
};

}  // namespace wb::sim
