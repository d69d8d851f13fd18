// INA228 register and conversion model.
#include "sim/i2c/ina228_model.hpp"

#include <algorithm>
#include <cmath>

#include "probes/ina228/protocol.hpp"

namespace wb::sim {

namespace i = wb::ina228;

Ina228Model::Ina228Model(Ina228ModelOptions opt, RailSource& source, std::function<double()> now)
    : m_opt(opt), m_source(source), m_now(std::move(now)), m_rng(opt.seed) {
  power_on_reset();
}

void Ina228Model::power_on_reset() {
  m_config = 0;
  m_adc_config = 0xFB68;
  m_shunt_cal = 0x1000;
  m_tempco = 0;
  m_diag = i::kDiagMemStat;
  m_sovl = 0x7FFF;
  m_suvl = 0x8000;
  m_bovl = 0x7FFF;
  m_buvl = 0;
  m_temp_limit = 0x7FFF;
  m_pwr_limit = 0xFFFF;
  m_vshunt = m_vbus = m_current = 0;
  m_dietemp = 0;
  m_power = 0;
  m_energy_acc = m_charge_acc = 0;
  restart_conversions();
}

void Ina228Model::restart_conversions() {
  m_sets_in_avg = 0;
  m_sum_vshunt = m_sum_vbus = m_sum_temp = 0;
  m_triggered_done = false;
  auto cfg = i::decode_adc_config(m_adc_config);
  double set_s = i::update_period_s(cfg) / cfg.averaging;
  double convdly_s = ((m_config >> 6) & 0xFF) * 2e-3;
  m_next_set_t = m_now() + convdly_s + set_s;
}

void Ina228Model::convert_set(double t, double set_s) {
  auto cfg = i::decode_adc_config(m_adc_config);
  int ch = cfg.mode & 7;
  std::normal_distribution<double> noise(0.0, m_opt.adc_noise_pct / 100.0);
  bool range40 = m_config & i::kConfigAdcRange;
  double vsh_lsb = range40 ? 78.125e-9 : 312.5e-9;

  double v_shunt = m_source.current_a(t) * m_opt.shunt_ohm * (1.0 + noise(m_rng));
  double v_bus = m_source.voltage_v(t) * (1.0 + noise(m_rng) * 0.1);
  double temp = m_source.die_temp_c(t);

  // Instantaneous (per conversion set) values feed the accumulators; averaging applies to outputs only.
  auto clamp20 = [](double counts) { return std::clamp(counts, -524288.0, 524287.0); };
  double vsh_counts = clamp20(std::round(v_shunt / vsh_lsb));
  double vbus_counts = std::clamp(std::round(v_bus / i::kVbusLsbV), 0.0, 524287.0);
  // CURRENT = VSHUNT_raw × 4096 / SHUNT_CAL in both ADC ranges (datasheet: 311040·4096/4050 = 314572);
  // with SHUNT_CAL = 0 current, power, energy and charge read 0.
  auto to_current = [&](double vsh) { return m_shunt_cal ? std::trunc(vsh * 4096.0 / m_shunt_cal) : 0.0; };
  double cur_counts = to_current(vsh_counts);
  if (ch & 2) {
    m_charge_acc += cur_counts * set_s;              // CHARGE LSB = CURRENT_LSB·s
    if (std::abs(m_charge_acc) >= 549755813888.0) {  // 2^39
      m_charge_acc = std::fmod(m_charge_acc, 549755813888.0);
      m_diag |= i::kDiagChargeOf;
    }
  }
  if ((ch & 3) == 3) {
    // POWER LSB = 3.2·CURRENT_LSB, ENERGY LSB = 16·POWER LSB: energy counts = power counts·s/16.
    double p_counts = std::abs(cur_counts) * vbus_counts / 16384.0;
    m_energy_acc += p_counts * set_s / 16.0;
    if (m_energy_acc >= 1099511627776.0) {  // 2^40: rolls over to zero
      m_energy_acc -= 1099511627776.0;
      ++m_energy_wraps;
      m_diag |= i::kDiagEnergyOf;
    }
  }
  if (ch & 1) m_sum_vbus += vbus_counts;
  if (ch & 2) m_sum_vshunt += vsh_counts;
  if (ch & 4) m_sum_temp += temp;
  if (++m_sets_in_avg < cfg.averaging) return;

  double n = cfg.averaging;
  if (ch & 1) m_vbus = static_cast<std::int32_t>(std::round(m_sum_vbus / n));
  if (ch & 2) {
    m_vshunt = static_cast<std::int32_t>(std::round(m_sum_vshunt / n));
    double cur = to_current(static_cast<double>(m_vshunt));
    if (cur > 524287.0 || cur < -524288.0) m_diag |= i::kDiagMathOf;
    m_current = static_cast<std::int32_t>(std::clamp(cur, -524288.0, 524287.0));
  }
  if (ch & 4) m_dietemp = static_cast<std::int16_t>(std::lround(m_sum_temp / n / i::kDieTempLsbC));
  if (ch & 3) {
    double p = std::trunc(std::abs(static_cast<double>(m_current)) * m_vbus / 16384.0);
    m_power = static_cast<std::uint32_t>(std::min(p, 16777215.0));
  }
  m_diag |= i::kDiagCnvrf;
  m_sets_in_avg = 0;
  m_sum_vshunt = m_sum_vbus = m_sum_temp = 0;
  ++m_updates;
  if (cfg.mode < 8) m_triggered_done = true;
}

void Ina228Model::advance() {
  auto cfg = i::decode_adc_config(m_adc_config);
  if ((cfg.mode & 7) == 0 || m_triggered_done) return;  // shutdown, or single shot finished
  double set_s = i::update_period_s(cfg) / cfg.averaging;
  double now = m_now();
  while (m_next_set_t <= now && !m_triggered_done) {
    convert_set(m_next_set_t - set_s / 2, set_s);
    m_next_set_t += set_s;
  }
}

std::uint64_t Ina228Model::register_value(std::uint8_t reg) const {
  auto u20 = [](std::int32_t v) { return static_cast<std::uint64_t>(static_cast<std::uint32_t>(v) & 0xFFFFF) << 4; };
  switch (reg) {
    case 0x00:
      return m_config;
    case 0x01:
      return m_adc_config;
    case 0x02:
      return m_shunt_cal;
    case 0x03:
      return m_tempco;
    case 0x04:
      return u20(m_vshunt);
    case 0x05:
      return u20(m_vbus);
    case 0x06:
      return static_cast<std::uint16_t>(m_dietemp);
    case 0x07:
      return u20(m_current);
    case 0x08:
      return m_power;
    case 0x09:
      return static_cast<std::uint64_t>(std::floor(m_energy_acc));
    case 0x0A:
      return static_cast<std::uint64_t>(static_cast<std::int64_t>(std::floor(m_charge_acc))) & 0xFFFFFFFFFFull;
    case 0x0B:
      return m_diag;
    case 0x0C:
      return m_sovl;
    case 0x0D:
      return m_suvl;
    case 0x0E:
      return m_bovl;
    case 0x0F:
      return m_buvl;
    case 0x10:
      return m_temp_limit;
    case 0x11:
      return m_pwr_limit;
    case 0x3E:
      return m_opt.manufacturer_id;
    case 0x3F:
      return m_opt.device_id;
    default:
      return 0;
  }
}

double Ina228Model::accumulated_energy_j() const {
  auto cal_lsb =
      static_cast<double>(m_shunt_cal) / (13107.2e6 * m_opt.shunt_ohm * ((m_config & i::kConfigAdcRange) ? 4.0 : 1.0));
  return (m_energy_acc + static_cast<double>(m_energy_wraps) * 1099511627776.0) * 16 * 3.2 * cal_lsb;
}

void Ina228Model::write_register(std::uint8_t reg, std::uint16_t value) {
  switch (reg) {
    case 0x00:
      if (value & i::kConfigRst) {
        power_on_reset();
        return;
      }
      if (value & i::kConfigRstAcc) {
        m_energy_acc = m_charge_acc = 0;
        m_energy_wraps = 0;
        m_diag &= static_cast<std::uint16_t>(~(i::kDiagEnergyOf | i::kDiagChargeOf | i::kDiagMathOf));
      }
      m_config = value & 0x3FF0;  // RST/RSTACC self-clear; low nibble reserved
      return;
    case 0x01:
      m_adc_config = value;
      m_diag &= static_cast<std::uint16_t>(~i::kDiagCnvrf);
      restart_conversions();
      return;
    case 0x02:
      m_shunt_cal = value & 0x7FFF;
      return;
    case 0x03:
      m_tempco = value & 0x3FFF;
      return;
    case 0x0B: {
      // Only the R/W configuration and limit bits are writable; flags are read-only.
      constexpr std::uint16_t writable = 0xF000 | 0x00FC;
      m_diag = static_cast<std::uint16_t>((m_diag & ~writable) | (value & writable));
      return;
    }
    case 0x0C:
      m_sovl = value;
      return;
    case 0x0D:
      m_suvl = value;
      return;
    case 0x0E:
      m_bovl = value & 0x7FFF;
      return;
    case 0x0F:
      m_buvl = value & 0x7FFF;
      return;
    case 0x10:
      m_temp_limit = value;
      return;
    case 0x11:
      m_pwr_limit = value;
      return;
    default:
      return;  // read-only or unimplemented: ignored, as the silicon does
  }
}

void Ina228Model::start(bool read) {
  m_write_index = 0;
  m_read_index = 0;
  if (!read) return;
  advance();
  const auto* r = i::find_register(m_pointer);
  m_read_len = r ? r->bytes : 2;
  std::uint64_t v = register_value(m_pointer);
  for (int k = 0; k < m_read_len; ++k) m_read_buf[k] = static_cast<std::uint8_t>(v >> (8 * (m_read_len - 1 - k)));
  // Reading clears the flags that the datasheet says reading clears.
  if (m_pointer == 0x0B) m_diag &= static_cast<std::uint16_t>(~i::kDiagCnvrf);
  if (m_pointer == 0x09) m_diag &= static_cast<std::uint16_t>(~i::kDiagEnergyOf);
  if (m_pointer == 0x0A) m_diag &= static_cast<std::uint16_t>(~i::kDiagChargeOf);
}

bool Ina228Model::write_byte(std::uint8_t b) {
  if (m_write_index == 0) {
    m_pointer = b;
  } else if (m_write_index == 1) {
    m_write_value = static_cast<std::uint16_t>(b << 8);
  } else if (m_write_index == 2) {
    m_write_value |= b;
    advance();
    write_register(m_pointer, m_write_value);
  }
  ++m_write_index;
  return true;
}

std::uint8_t Ina228Model::read_byte() {
  if (m_read_index < m_read_len) return m_read_buf[m_read_index++];
  ++m_read_index;
  return 0x00;
}

void Ina228Model::stop() {}

bool Ina228Model::responds() {
  if (m_power_loss_to < 0) return true;
  double now = m_now();
  if (now >= m_power_loss_from && now < m_power_loss_to) {
    m_unpowered = true;
    return false;
  }
  if (now >= m_power_loss_to) {
    // Back from the dip (whether or not a read came during it): reset state, conversions restart.
    m_unpowered = false;
    m_power_loss_from = m_power_loss_to = -1;
    power_on_reset();
  }
  return true;
}

}  // namespace wb::sim
