// The INA226/INA260 shared CONFIG codes and driver: register traffic only, any transport.
#include "probes/i2c/ina_family16.hpp"

#include <fmt/format.h>

#include <chrono>
#include <stdexcept>
#include <thread>

namespace wb::ina16 {

namespace {
template <class T, std::size_t N>
int code_of(const Chip16& chip, const std::array<T, N>& table, T value, const char* what) {
  for (std::size_t i = 0; i < N; ++i)
    if (table[i] == value) return static_cast<int>(i);
  std::string allowed;
  for (const auto& v : table) allowed += fmt::format("{}{}", allowed.empty() ? "" : ", ", v);
  throw std::invalid_argument(
      fmt::format("{} {} {} is not available; expected one of: {}", chip.name, what, value, allowed));
}
}  // namespace

std::uint16_t encode_config(const Chip16& chip, const AdcConfig& c) {
  int avg = code_of(chip, kAveragingCount, c.averaging, "averaging");
  int vbus = code_of(chip, kConversionTimeUs, c.vbus_ct_us, "bus conversion time (us)");
  int sh = code_of(chip, kConversionTimeUs, c.shunt_ct_us, chip.shunt_ct_what);
  return static_cast<std::uint16_t>(chip.config_reserved | avg << 9 | vbus << 6 | sh << 3 | (c.mode & 7));
}

AdcConfig decode_config(std::uint16_t value) {
  AdcConfig c;
  c.mode = value & 7;
  c.shunt_ct_us = kConversionTimeUs[(value >> 3) & 7];
  c.vbus_ct_us = kConversionTimeUs[(value >> 6) & 7];
  c.averaging = kAveragingCount[(value >> 9) & 7];
  return c;
}

double update_period_s(const AdcConfig& c) {
  double t = ((c.mode & 1) ? c.shunt_ct_us : 0) + ((c.mode & 2) ? c.vbus_ct_us : 0);
  return c.averaging * t * 1e-6;
}

Driver::Driver(I2cBus& bus, std::uint8_t address, const Chip16& chip, DriverSetup setup, const AdcConfig& adc)
    : m_dev(bus, address, chip.name), m_chip(chip), m_setup(setup), m_config(encode_config(chip, adc)) {}

void Driver::init() {
  m_dev.write(reg::config, kConfigRst);
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  auto ids = m_dev.read({reg::manufacturer_id, reg::die_id});
  if (ids[0] != kManufacturerTi || (ids[1] >> 4) != m_chip.die_id)
    throw std::runtime_error(fmt::format(
        "device at 0x{:02X} on {} is not an {}: MANUFACTURER_ID 0x{:04X} (expected 0x5449 'TI'), DIE_ID 0x{:04X} "
        "(expected 0x{:03X}x)",
        m_dev.address(), m_dev.describe_bus(), m_chip.name, ids[0], ids[1], m_chip.die_id));
  if (m_setup.calibration) {
    m_dev.write(*m_setup.calibration, m_setup.cal);
    m_dev.write(reg::config, m_config);  // starts conversions with the new settings
    // Read back what we set: a silent mis-write would scale every figure wrongly.
    auto back = m_dev.read({*m_setup.calibration, reg::config});
    if (back[0] != m_setup.cal || back[1] != m_config)
      throw std::runtime_error(
          fmt::format("{} at 0x{:02X}: read back CALIBRATION 0x{:04X}, CONFIG 0x{:04X}; wrote 0x{:04X}, 0x{:04X}",
                      m_chip.name, m_dev.address(), back[0], back[1], m_setup.cal, m_config));
  } else {
    m_dev.write(reg::config, m_config);  // starts conversions with the new settings
    auto back = m_dev.read({reg::config})[0];
    if (back != m_config)
      throw std::runtime_error(fmt::format("{} at 0x{:02X}: read back CONFIG 0x{:04X}; wrote 0x{:04X}", m_chip.name,
                                           m_dev.address(), back, m_config));
  }
  m_has_data = false;
}

Reading Driver::read() {
  // MASK/ENABLE first: its CVRF/OVF then describe the values read right after.
  const bool cal = m_setup.calibration.has_value();
  auto raw =
      m_dev.read({reg::mask_enable, reg::bus, m_setup.current, reg::power, cal ? *m_setup.calibration : reg::config});
  Reading r;
  if (raw[4] != (cal ? m_setup.cal : m_config)) {
    // A power-on reset sets CALIBRATION to 0 (current and power read 0), or restores the
    // default CONFIG and restarts the chip's cycle.
    r.lost = true;
    return r;
  }
  r.new_conversion = raw[0] & kMaskCvrf;
  r.overflow = raw[0] & m_setup.mask_ovf;
  m_has_data = m_has_data || r.new_conversion;
  r.has_data = m_has_data;
  r.vbus_v = raw[1] * kBusLsbV;
  r.current_a = static_cast<std::int16_t>(raw[2]) * m_setup.current_lsb_a;
  r.power_w = raw[3] * m_setup.power_lsb_w;
  return r;
}

}  // namespace wb::ina16
