// INA228 driver over any I2cBus: init (reset, ID check, calibration, ADC config, accumulator
// reset) and one-batch sampling of DIAG_ALRT, VBUS, CURRENT, POWER, ENERGY and DIETEMP.
#pragma once
#include <cstdint>
#include <string>

#include "probes/i2c/i2c_bus.hpp"
#include "probes/ina228/protocol.hpp"

namespace wb::ina228 {

// The chip no longer holds what init() set: it NACKed (unpowered), came back from a power-on
// reset (calibration reads its reset value), or its accumulator fell without ENERGYOF. The
// values of that read are not usable; init() again once it answers.
class ChipStateLost : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Reading {
  double vbus_v = 0, current_a = 0, power_w = 0, energy_j = 0, die_temp_c = 0;
  std::uint16_t diag = 0;
  bool new_conversion = false;  // CNVRF: the chip converted since the last read
  bool overflow = false;        // MATHOF, or CURRENT at full scale (saturated)
  bool has_data = false;        // false until the first conversion after init: registers still read 0
};

class Driver {
 public:
  Driver(I2cBus& bus, std::uint8_t address, Calibration cal, AdcConfig adc);
  // Throws std::runtime_error naming the address and register on NACK or a wrong chip.
  void init();
  // Throws ChipStateLost on a NACK or a detected reset; I2cTransportError when the USB side fails.
  Reading read();
  const Calibration& calibration() const { return m_cal; }
  std::uint16_t adc_config_value() const { return m_adc_value; }

 private:
  void write_reg(const Register& r, std::uint16_t value);
  void check(const I2cTransfer& t, const Register& r, const char* what) const;
  I2cTransfer read_transfer(const Register& r) const;

  I2cBus& m_bus;
  std::uint8_t m_address;
  Calibration m_cal;
  AdcConfig m_adc;
  std::uint16_t m_adc_value;
  std::uint64_t m_last_energy_raw = 0;
  std::uint64_t m_energy_wraps = 0;
  bool m_has_energy = false;
  bool m_has_data = false;
};

}  // namespace wb::ina228
