// INA260 driver over any I2cBus: init (reset, ID check, configuration) and one-batch
// sampling of MASK/ENABLE, BUS_VOLTAGE, CURRENT, POWER and CONFIG. The register traffic is
// the family's (ina16::Driver) with the fixed LSBs and no CALIBRATION.
#pragma once
#include <cstdint>

#include "probes/i2c/ina_family16.hpp"
#include "probes/ina260/protocol.hpp"

namespace wb::ina260 {

struct Reading : ina16::Reading {  // overflow: OVF, power beyond what POWER can report
  bool config_lost = false;        // CONFIG no longer ours (the chip was reset): re-init
};

class Driver {
 public:
  Driver(I2cBus& bus, std::uint8_t address, AdcConfig adc)
      : m_drv(bus, address, kChip, {reg::current, kMaskOvf, kCurrentLsbA, kPowerLsbW, std::nullopt, 0}, adc) {}
  // Throws std::runtime_error naming the address and register on NACK or a wrong chip.
  void init() { m_drv.init(); }
  Reading read() {
    Reading r{m_drv.read()};
    r.config_lost = r.lost;  // a power-on reset restores CONFIG 0x6127 and restarts the chip's cycle
    return r;
  }
  std::uint16_t config_value() const { return m_drv.config_value(); }

 private:
  ina16::Driver m_drv;
};

}  // namespace wb::ina260
