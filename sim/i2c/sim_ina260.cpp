// INA260 conversions (fixed LSBs) and its CURRENT register.
#include "sim/i2c/sim_ina260.hpp"

#include <algorithm>
#include <cmath>

#include "probes/ina260/protocol.hpp"

namespace wb::sim {

namespace c = wb::ina260;

Ina260Model::Ina260Model(Ina260ModelOptions opt, RailSource& source, std::function<double()> now)
    : Ina16Model({c::kConfigReset, 0x2270, c::kMaskOvf}, opt, source, std::move(now)) {}

Ina16Model::Conversion Ina260Model::convert(double t, const Noise& noise) {
  double amps = m_source.current_a(t) * (1.0 + noise());
  double volts = m_source.voltage_v(t) * (1.0 + noise() * 0.1);
  Conversion v;
  v.current = std::clamp(std::round(amps / c::kCurrentLsbA), -32768.0, 32767.0);
  v.bus = std::clamp(std::round(volts / c::kBusLsbV), 0.0, 32767.0);  // bus voltage is never negative
  double watts = std::abs(v.current) * c::kCurrentLsbA * v.bus * c::kBusLsbV;
  v.overflow = watts > c::kPowerOverflowW;
  v.power = std::min(std::trunc(std::abs(v.current) * v.bus / 6400.0), 65535.0);
  return v;
}

std::uint16_t Ina260Model::chip_register(std::uint8_t reg) const {
  if (reg == 0x01) return static_cast<std::uint16_t>(m_current);
  return 0;  // not in the register map (no 0x04/0x05); the datasheet does not say what reads there
}

std::uint16_t Ina260Model::config_written(std::uint16_t value) const {
  return static_cast<std::uint16_t>((value & 0x0FFF) | c::kConfigReserved);  // bits 14..12 read 110
}

}  // namespace wb::sim
