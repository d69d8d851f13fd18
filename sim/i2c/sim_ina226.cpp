// INA226 conversions and its own registers (SHUNT_VOLTAGE, CURRENT, CALIBRATION).
#include "sim/i2c/sim_ina226.hpp"

#include <algorithm>
#include <cmath>

#include "probes/ina226/protocol.hpp"

namespace wb::sim {

namespace c = wb::ina226;

Ina226Model::Ina226Model(Ina226ModelOptions opt, RailSource& source, std::function<double()> now)
    : Ina16Model({c::kConfigReset, 0x2260, c::kMaskOvf}, opt, source, std::move(now)), m_shunt_ohm(opt.shunt_ohm) {}

Ina16Model::Conversion Ina226Model::convert(double t, const Noise& noise) {
  double v_shunt = m_source.current_a(t) * m_shunt_ohm * (1.0 + noise());
  double v_bus = m_source.voltage_v(t) * (1.0 + noise() * 0.1);
  Conversion v;
  v.shunt = std::clamp(std::round(v_shunt / c::kShuntLsbV), -32768.0, 32767.0);
  v.bus = std::clamp(std::round(v_bus / c::kBusLsbV), 0.0, 32767.0);  // D15 of BUS is always 0
  v.current = m_cal ? std::trunc(v.shunt * m_cal / 2048.0) : 0.0;
  if (std::abs(v.current) > 32767) {
    v.overflow = true;
    v.current = std::clamp(v.current, -32767.0, 32767.0);
  }
  v.power = std::trunc(std::abs(v.current) * v.bus / 20000.0);
  return v;
}

std::uint16_t Ina226Model::chip_register(std::uint8_t reg) const {
  switch (reg) {
    case 0x01:
      return static_cast<std::uint16_t>(m_shunt);
    case 0x04:
      return static_cast<std::uint16_t>(m_current);
    case 0x05:
      return m_cal;
    default:
      return 0;  // not in the register map; the datasheet does not say what reads there
  }
}

void Ina226Model::write_chip_register(std::uint8_t reg, std::uint16_t value) {
  if (reg == 0x05) m_cal = value & 0x7FFF;  // bit 15 is reserved; others read-only or absent: ignored
}

}  // namespace wb::sim
