// INA226 driver over any I2cBus: init (reset, ID check, calibration, configuration) and
// one-batch sampling of MASK/ENABLE, BUS_VOLTAGE, CURRENT, POWER and CALIBRATION. The
// register traffic is the family's (ina16::Driver); this adds the calibration.
#pragma once
#include <cstdint>

#include "probes/i2c/ina_family16.hpp"
#include "probes/ina226/protocol.hpp"

namespace wb::ina226 {

struct Reading : ina16::Reading {  // overflow: OVF, current and power may be invalid
  bool calibration_lost = false;   // CALIBRATION no longer ours (the chip was reset): re-init
};

class Driver {
 public:
  Driver(I2cBus& bus, std::uint8_t address, Calibration cal, AdcConfig adc)
      : m_cal(cal),
        m_drv(bus, address, kChip,
              {reg::current, kMaskOvf, cal.current_lsb_a, cal.power_lsb_w(), reg::calibration, cal.cal}, adc) {}
  // Throws std::runtime_error naming the address and register on NACK or a wrong chip.
  void init() { m_drv.init(); }
  Reading read() {
    Reading r{m_drv.read()};
    r.calibration_lost = r.lost;  // a power-on reset sets CALIBRATION to 0: current and power read 0
    return r;
  }
  const Calibration& calibration() const { return m_cal; }
  std::uint16_t config_value() const { return m_drv.config_value(); }

 private:
  Calibration m_cal;
  ina16::Driver m_drv;
};

}  // namespace wb::ina226
