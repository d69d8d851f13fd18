// What the INA226 and INA260 models share (the INA260 is the INA226's interface with an
// integrated shunt): the conversion cycle and the register file around it. CONFIG (RST
// restores every register and self-clears; AVG, VBUSCT, VSHCT/ISHCT and MODE; a write aborts
// the cycle and starts a new one), averaging (outputs load together once per
// AVG × (t_VBUS + t_SH) and CVRF sets), MASK/ENABLE (CVRF clears on its read or a CONFIG write
// that is not power-down; OVF follows the latest update), ALERT_LIMIT and the IDs. Each chip's
// model (in its folder, with its datasheet's facts) converts one set and owns its other
// registers. Each conversion samples the rail at its midpoint, with optional gaussian noise.
// Sources: TI SBOS547 (INA226) §6.3.1.1 (conversion cycle, averaging), Tables 3-6 (CONFIG),
// the Mask/Enable register description (CVRF, OVF). The INA260's register tables (SBOS656C
// §8.6) were not read: that it shares these fields is from driver libraries and is marked
// unconfirmed in its header. Each chip's header names the sections of what differs.
#pragma once
#include <cstdint>
#include <functional>
#include <random>

#include "sim/bench/rail_source.hpp"
#include "sim/i2c/register16_slave.hpp"

namespace wb::sim {

struct Ina16ModelChip {
  std::uint16_t config_reset;  // CONFIG after power-on or RST
  std::uint16_t die_id;        // the DIE_ID register (0xFF), revision included
  std::uint16_t mask_ovf;      // the OVF bit in MASK/ENABLE
};

struct Ina16ModelOptions {
  std::uint8_t address = 0x40;
  double adc_noise_pct = 0;  // gaussian noise on each conversion, % of reading
  unsigned seed = 1;
};

class Ina16Model : public Register16Slave {
 public:
  // now(): the model's clock in steady seconds (real time on the bench, manual in tests).
  Ina16Model(const Ina16ModelChip& chip, const Ina16ModelOptions& opt, RailSource& source, std::function<double()> now);

  // Runs every conversion completed up to now().
  void advance();
  // The register as the chip holds it, without the side effects of a bus read.
  std::uint16_t register_value(std::uint8_t reg) const;
  std::uint64_t updates() const { return m_updates; }

 protected:
  // One set's raw register values; shunt is 0 where the chip has no shunt register.
  struct Conversion {
    double shunt = 0, current = 0, bus = 0, power = 0;
    bool overflow = false;
  };
  using Noise = std::function<double()>;  // one gaussian draw, relative (0 without noise)
  virtual Conversion convert(double t, const Noise& noise) = 0;
  // The chip's registers beyond the shared ones; 0 where it has none.
  virtual std::uint16_t chip_register(std::uint8_t reg) const = 0;
  virtual void write_chip_register(std::uint8_t, std::uint16_t) {}
  // CONFIG as stored after a write (fixed bits forced).
  virtual std::uint16_t config_written(std::uint16_t value) const { return value; }
  virtual void reset_chip_registers() {}

  std::uint16_t read_register(std::uint8_t reg) override;
  void write_register(std::uint8_t reg, std::uint16_t value) override;

  RailSource& m_source;
  std::int16_t m_shunt = 0, m_current = 0;

 private:
  void power_on_reset();
  void restart_conversions();
  double set_time_s() const;
  void convert_set(double t);

  Ina16ModelChip m_chip;
  Ina16ModelOptions m_opt;
  std::function<double()> m_now;
  std::mt19937 m_rng;

  std::uint16_t m_config = 0, m_mask = 0, m_alert = 0;
  std::uint16_t m_bus = 0, m_power = 0;

  double m_next_set_t = 0;
  int m_sets = 0;
  double m_sum_shunt = 0, m_sum_bus = 0, m_sum_current = 0, m_sum_power = 0;
  bool m_overflow_in_cycle = false, m_triggered_done = false;
  std::uint64_t m_updates = 0;
};

}  // namespace wb::sim
