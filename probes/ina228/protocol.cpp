// INA228 register decoding and calibration arithmetic.
#include "probes/ina228/protocol.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace wb::ina228 {

const Register* find_register(std::uint8_t address) {
  for (const auto& r : kRegisters)
    if (r.address == address) return &r;
  return nullptr;
}

std::int64_t decode_raw(const Register& r, std::span<const std::uint8_t> bytes) {
  if (bytes.size() != r.bytes)
    throw std::invalid_argument(fmt::format("{}: expected {} bytes, got {}", r.name, r.bytes, bytes.size()));
  std::uint64_t u = 0;
  for (auto b : bytes) u = (u << 8) | b;
  switch (r.format) {
    case Format::u16:
    case Format::u24:
    case Format::u40:
      return static_cast<std::int64_t>(u);
    case Format::s16:
      return static_cast<std::int16_t>(static_cast<std::uint16_t>(u));
    case Format::s20_in24: {
      std::int64_t v = static_cast<std::int64_t>(u >> 4);
      if (v & 0x80000) v -= 0x100000;
      return v;
    }
    case Format::s40: {
      std::int64_t v = static_cast<std::int64_t>(u);
      if (v & (std::int64_t{1} << 39)) v -= std::int64_t{1} << 40;
      return v;
    }
  }
  return 0;
}

static int code_for(const auto& table, double wanted, const char* what) {
  for (std::size_t i = 0; i < table.size(); ++i)
    if (std::abs(static_cast<double>(table[i]) - wanted) < 1e-9) return static_cast<int>(i);
  std::string allowed;
  for (auto v : table) allowed += fmt::format("{}{}", allowed.empty() ? "" : ", ", v);
  throw std::invalid_argument(fmt::format("{} {} is not an INA228 setting; expected one of {}", what, wanted, allowed));
}

std::uint16_t encode_adc_config(const AdcConfig& c) {
  if (c.mode < 0 || c.mode > 0xF) throw std::invalid_argument("ADC mode must be 0..15");
  int vbus = code_for(kConversionTimeUs, c.vbus_ct_us, "vbus conversion time (us)");
  int vsh = code_for(kConversionTimeUs, c.vshunt_ct_us, "vshunt conversion time (us)");
  int vt = code_for(kConversionTimeUs, c.vtemp_ct_us, "temperature conversion time (us)");
  int avg = code_for(kAveragingCount, c.averaging, "averaging count");
  return static_cast<std::uint16_t>((c.mode << 12) | (vbus << 9) | (vsh << 6) | (vt << 3) | avg);
}

AdcConfig decode_adc_config(std::uint16_t v) {
  AdcConfig c;
  c.mode = (v >> 12) & 0xF;
  c.vbus_ct_us = kConversionTimeUs[(v >> 9) & 7];
  c.vshunt_ct_us = kConversionTimeUs[(v >> 6) & 7];
  c.vtemp_ct_us = kConversionTimeUs[(v >> 3) & 7];
  c.averaging = kAveragingCount[v & 7];
  return c;
}

double update_period_s(const AdcConfig& c) {
  // MODE low three bits select TEMP(4), VSHUNT(2), VBUS(1) for both triggered and continuous modes.
  int channels = c.mode & 0x7;
  double sum_us = 0;
  if (channels & 1) sum_us += c.vbus_ct_us;
  if (channels & 2) sum_us += c.vshunt_ct_us;
  if (channels & 4) sum_us += c.vtemp_ct_us;
  return sum_us * c.averaging * 1e-6;
}

Calibration calibrate(double shunt_ohm, double max_current_a, std::optional<bool> adc_range_40mv) {
  if (!(shunt_ohm > 0)) throw std::invalid_argument(fmt::format("shunt_ohm must be > 0, got {}", shunt_ohm));
  if (!(max_current_a > 0))
    throw std::invalid_argument(fmt::format("max_current_a must be > 0, got {}", max_current_a));
  Calibration c;
  c.shunt_ohm = shunt_ohm;
  c.max_current_a = max_current_a;
  double full_scale_v = shunt_ohm * max_current_a;
  if (full_scale_v > 0.16384)
    throw std::invalid_argument(
        fmt::format("max_current_a {} A through {} ohm gives {:.1f} mV, beyond the INA228's ±163.84 mV shunt range",
                    max_current_a, shunt_ohm, full_scale_v * 1e3));
  c.adc_range_40mv = adc_range_40mv.value_or(full_scale_v <= 0.04096);
  if (c.adc_range_40mv && full_scale_v > 0.04096)
    throw std::invalid_argument(fmt::format("ADCRANGE ±40.96 mV cannot measure {} A through {} ohm ({:.1f} mV)",
                                            max_current_a, shunt_ohm, full_scale_v * 1e3));
  c.current_lsb_a = max_current_a / 524288.0;
  double cal = 13107.2e6 * c.current_lsb_a * shunt_ohm * (c.adc_range_40mv ? 4.0 : 1.0);
  long rounded = std::lround(cal);
  if (rounded < 1 || rounded > 0x7FFF)
    throw std::invalid_argument(
        fmt::format("SHUNT_CAL {} out of the 15-bit range 1..32767 for shunt {} ohm, max current {} A", rounded,
                    shunt_ohm, max_current_a));
  c.shunt_cal = static_cast<std::uint16_t>(rounded);
  return c;
}

}  // namespace wb::ina228
