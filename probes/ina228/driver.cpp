// INA228 driver: register traffic only, any transport.
#include "probes/ina228/driver.hpp"

#include <fmt/format.h>

#include <chrono>
#include <stdexcept>
#include <thread>

namespace wb::ina228 {

Driver::Driver(I2cBus& bus, std::uint8_t address, Calibration cal, AdcConfig adc)
    : m_bus(bus), m_address(address), m_cal(cal), m_adc(adc), m_adc_value(encode_adc_config(adc)) {}

I2cTransfer Driver::read_transfer(const Register& r) const {
  I2cTransfer t;
  t.messages.push_back({m_address, false, {r.address}});
  t.messages.push_back({m_address, true, std::vector<std::uint8_t>(r.bytes)});
  return t;
}

void Driver::check(const I2cTransfer& t, const Register& r, const char* what) const {
  if (t.nacked_message < 0) return;
  if (t.nacked_byte < 0)
    throw std::runtime_error(fmt::format(
        "INA228 at 0x{:02X} did not answer ({} {}: address NACK) on {}; check wiring, power and the A0/A1 address",
        m_address, what, r.name, m_bus.describe()));
  throw std::runtime_error(fmt::format("INA228 at 0x{:02X} NACKed byte {} while {} {} on {}", m_address, t.nacked_byte,
                                       what, r.name, m_bus.describe()));
}

void Driver::write_reg(const Register& r, std::uint16_t value) {
  std::vector<I2cTransfer> batch(1);
  batch[0].messages.push_back(
      {m_address, false, {r.address, static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value & 0xFF)}});
  m_bus.run(batch);
  check(batch[0], r, "writing");
}

void Driver::init() {
  write_reg(reg::config, kConfigRst);
  std::this_thread::sleep_for(std::chrono::milliseconds(2));  // tPOR 300 µs; Adafruit waits 2 ms

  std::vector<I2cTransfer> ids{read_transfer(reg::manufacturer_id), read_transfer(reg::device_id)};
  m_bus.run(ids);
  check(ids[0], reg::manufacturer_id, "reading");
  check(ids[1], reg::device_id, "reading");
  auto mfg = static_cast<std::uint16_t>(decode_raw(reg::manufacturer_id, ids[0].messages[1].data));
  auto dev = static_cast<std::uint16_t>(decode_raw(reg::device_id, ids[1].messages[1].data));
  if (mfg != kManufacturerTi || (dev >> 4) != kDieId)
    throw std::runtime_error(
        fmt::format("device at 0x{:02X} on {} is not an INA228: MANUFACTURER_ID 0x{:04X} (expected 0x5449 'TI'), "
                    "DEVICE_ID 0x{:04X} (expected die 0x228x)",
                    m_address, m_bus.describe(), mfg, dev));

  std::uint16_t config = m_cal.adc_range_40mv ? kConfigAdcRange : 0;
  write_reg(reg::config, config);
  write_reg(reg::shunt_cal, m_cal.shunt_cal);
  write_reg(reg::adc_config, m_adc_value);
  write_reg(reg::config, static_cast<std::uint16_t>(config | kConfigRstAcc));

  // Read back what we set: a silent mis-write would scale every figure wrongly.
  std::vector<I2cTransfer> back{read_transfer(reg::shunt_cal), read_transfer(reg::adc_config)};
  m_bus.run(back);
  check(back[0], reg::shunt_cal, "reading");
  check(back[1], reg::adc_config, "reading");
  auto cal = decode_raw(reg::shunt_cal, back[0].messages[1].data);
  auto adc = decode_raw(reg::adc_config, back[1].messages[1].data);
  if (cal != m_cal.shunt_cal || adc != m_adc_value)
    throw std::runtime_error(
        fmt::format("INA228 at 0x{:02X}: read back SHUNT_CAL 0x{:04X}, ADC_CONFIG 0x{:04X}; wrote 0x{:04X}, 0x{:04X}",
                    m_address, cal, adc, m_cal.shunt_cal, m_adc_value));
  m_last_energy_raw = 0;
  m_energy_wraps = 0;
  m_has_energy = false;
  m_has_data = false;
}

Reading Driver::read() {
  // DIAG_ALRT first: its CNVRF/overflow flags then describe the values read right after.
  // SHUNT_CAL and ADC_CONFIG last: a chip back from a power-on reset holds their reset values
  // (0x1000, 0xFB68) and would scale every figure wrongly (x0.18 for 15 mOhm at 2 A).
  static constexpr const Register* kSampleRegs[] = {&reg::diag_alrt, &reg::vbus,    &reg::current,   &reg::power,
                                                    &reg::energy,    &reg::dietemp, &reg::shunt_cal, &reg::adc_config};
  std::vector<I2cTransfer> batch;
  batch.reserve(std::size(kSampleRegs));
  for (const auto* r : kSampleRegs) batch.push_back(read_transfer(*r));
  m_bus.run(batch);
  for (std::size_t i = 0; i < batch.size(); ++i)
    if (batch[i].nacked_message >= 0)
      throw ChipStateLost(
          fmt::format("INA228 at 0x{:02X} stopped answering (NACK reading {}) on {}: unpowered or reset?", m_address,
                      kSampleRegs[i]->name, m_bus.describe()));
  auto raw = [&](std::size_t i) { return decode_raw(*kSampleRegs[i], batch[i].messages[1].data); };
  auto cal = raw(6), adc = raw(7);
  if (cal != m_cal.shunt_cal || adc != m_adc_value)
    throw ChipStateLost(
        fmt::format("INA228 at 0x{:02X} lost its settings (power-on reset?): SHUNT_CAL reads 0x{:04X}, set 0x{:04X}; "
                    "ADC_CONFIG reads 0x{:04X}, set 0x{:04X}",
                    m_address, cal, m_cal.shunt_cal, adc, m_adc_value));

  Reading r;
  r.diag = static_cast<std::uint16_t>(raw(0));
  r.new_conversion = r.diag & kDiagCnvrf;
  m_has_data = m_has_data || r.new_conversion;
  r.has_data = m_has_data;
  std::int64_t current_raw = raw(2);
  r.overflow = (r.diag & kDiagMathOf) || current_raw == 524287 || current_raw == -524288;
  r.vbus_v = static_cast<double>(raw(1)) * kVbusLsbV;
  r.current_a = static_cast<double>(current_raw) * m_cal.current_lsb_a;
  r.power_w = static_cast<double>(raw(3)) * m_cal.power_lsb_w();
  auto energy_raw = static_cast<std::uint64_t>(raw(4));
  // ENERGY rolls over to 0 at 2^40, flagged by ENERGYOF; keep the total monotonic. Falling
  // without the flag is no wrap (counting it would add 2^40 LSB, ~215 MJ at 15 mOhm/2 A): the
  // accumulator restarted (a reset that left our settings in place) or the read was corrupt.
  if (m_has_energy && energy_raw < m_last_energy_raw) {
    if (!(r.diag & kDiagEnergyOf))
      throw ChipStateLost(
          fmt::format("INA228 at 0x{:02X}: ENERGY fell from {} to {} LSB without ENERGYOF (DIAG_ALRT 0x{:04X}): "
                      "the accumulator restarted or the read was corrupt",
                      m_address, m_last_energy_raw, energy_raw, r.diag));
    ++m_energy_wraps;
  }
  m_last_energy_raw = energy_raw;
  m_has_energy = true;
  r.energy_j =
      (static_cast<double>(energy_raw) + static_cast<double>(m_energy_wraps) * 1099511627776.0) * m_cal.energy_lsb_j();
  r.die_temp_c = static_cast<double>(raw(5)) * kDieTempLsbC;
  return r;
}

}  // namespace wb::ina228
