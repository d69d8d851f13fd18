// The INA226/INA260 conversion cycle and shared register file.
#include "sim/i2c/ina16_model.hpp"

#include <cmath>

#include "probes/i2c/ina_family16.hpp"

namespace wb::sim {

namespace c = wb::ina16;

Ina16Model::Ina16Model(const Ina16ModelChip& chip, const Ina16ModelOptions& opt, RailSource& source,
                       std::function<double()> now)
    : Register16Slave(opt.address), m_source(source), m_chip(chip), m_opt(opt), m_now(std::move(now)), m_rng(opt.seed) {
  power_on_reset();
}

void Ina16Model::power_on_reset() {
  m_config = m_chip.config_reset;
  m_mask = m_alert = 0;
  m_shunt = m_current = 0;
  m_bus = m_power = 0;
  reset_chip_registers();  // a no-op from the constructor: the derived registers start at 0
  restart_conversions();
}

double Ina16Model::set_time_s() const {
  auto cfg = c::decode_config(m_config);
  return c::update_period_s(cfg) / cfg.averaging;
}

void Ina16Model::restart_conversions() {
  m_sets = 0;
  m_sum_shunt = m_sum_bus = m_sum_current = m_sum_power = 0;
  m_overflow_in_cycle = false;
  m_triggered_done = false;
  m_next_set_t = m_now() + set_time_s();
}

void Ina16Model::convert_set(double t) {
  auto cfg = c::decode_config(m_config);
  std::normal_distribution<double> noise(0.0, m_opt.adc_noise_pct / 100.0);
  Conversion v = convert(t, [&] { return noise(m_rng); });
  if (v.overflow) m_overflow_in_cycle = true;
  if (cfg.mode & 1) {
    m_sum_shunt += v.shunt;
    m_sum_current += v.current;
  }
  if (cfg.mode & 2) m_sum_bus += v.bus;
  m_sum_power += v.power;
  if (++m_sets < cfg.averaging) return;

  double n = cfg.averaging;
  if (cfg.mode & 1) {
    m_shunt = static_cast<std::int16_t>(std::lround(m_sum_shunt / n));
    m_current = static_cast<std::int16_t>(std::lround(m_sum_current / n));
  }
  if (cfg.mode & 2) m_bus = static_cast<std::uint16_t>(std::lround(m_sum_bus / n));
  if ((cfg.mode & 3) == 3) m_power = static_cast<std::uint16_t>(std::lround(m_sum_power / n));
  m_mask = static_cast<std::uint16_t>((m_mask & ~m_chip.mask_ovf) | c::kMaskCvrf |
                                      (m_overflow_in_cycle ? m_chip.mask_ovf : 0));
  m_sets = 0;
  m_sum_shunt = m_sum_bus = m_sum_current = m_sum_power = 0;
  m_overflow_in_cycle = false;
  ++m_updates;
  if (!(cfg.mode & 4)) m_triggered_done = true;
}

void Ina16Model::advance() {
  auto cfg = c::decode_config(m_config);
  if ((cfg.mode & 3) == 0 || m_triggered_done) return;  // power-down, or the triggered cycle is done
  double set_s = set_time_s();
  double now = m_now();
  while (m_next_set_t <= now && !m_triggered_done) {
    convert_set(m_next_set_t - set_s / 2);
    m_next_set_t += set_s;
  }
}

std::uint16_t Ina16Model::register_value(std::uint8_t reg) const {
  switch (reg) {
    case 0x00:
      return m_config;
    case 0x02:
      return m_bus;
    case 0x03:
      return m_power;
    case 0x06:
      return m_mask;
    case 0x07:
      return m_alert;
    case 0xFE:
      return c::kManufacturerTi;
    case 0xFF:
      return m_chip.die_id;
    default:
      return chip_register(reg);
  }
}

std::uint16_t Ina16Model::read_register(std::uint8_t reg) {
  advance();
  std::uint16_t v = register_value(reg);
  if (reg == 0x06) m_mask = static_cast<std::uint16_t>(m_mask & ~c::kMaskCvrf);
  return v;
}

void Ina16Model::write_register(std::uint8_t reg, std::uint16_t value) {
  advance();
  switch (reg) {
    case 0x00:
      if (value & c::kConfigRst) return power_on_reset();
      m_config = config_written(value);
      if ((value & 3) != 0) m_mask = static_cast<std::uint16_t>(m_mask & ~c::kMaskCvrf);  // not on power-down
      restart_conversions();
      return;
    case 0x06: {
      constexpr std::uint16_t writable = 0xFC00 | 0x0003;  // alert functions, CNVR, APOL, LEN; flags are read-only
      m_mask = static_cast<std::uint16_t>((m_mask & ~writable) | (value & writable));
      return;
    }
    case 0x07:
      m_alert = value;
      return;
    default:
      return write_chip_register(reg, value);  // read-only or absent: ignored
  }
}

}  // namespace wb::sim
