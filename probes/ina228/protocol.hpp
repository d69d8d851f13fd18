// INA228 register map, calibration and decoding (TI SLYS021A); pure functions only.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace wb::ina228 {

enum class Format : std::uint8_t {
  u16,       // whole 16 bits unsigned
  s16,       // whole 16 bits two's complement (DIETEMP)
  s20_in24,  // bits 23..4 two's complement (VSHUNT, VBUS, CURRENT)
  u24,       // whole 24 bits unsigned (POWER)
  u40,       // ENERGY
  s40,       // CHARGE
};

struct Register {
  std::string_view name;
  std::uint8_t address;
  std::uint8_t bytes;
  Format format;
};

namespace reg {
inline constexpr Register config{"CONFIG", 0x00, 2, Format::u16};
inline constexpr Register adc_config{"ADC_CONFIG", 0x01, 2, Format::u16};
inline constexpr Register shunt_cal{"SHUNT_CAL", 0x02, 2, Format::u16};
inline constexpr Register shunt_tempco{"SHUNT_TEMPCO", 0x03, 2, Format::u16};
inline constexpr Register vshunt{"VSHUNT", 0x04, 3, Format::s20_in24};
inline constexpr Register vbus{"VBUS", 0x05, 3, Format::s20_in24};
inline constexpr Register dietemp{"DIETEMP", 0x06, 2, Format::s16};
inline constexpr Register current{"CURRENT", 0x07, 3, Format::s20_in24};
inline constexpr Register power{"POWER", 0x08, 3, Format::u24};
inline constexpr Register energy{"ENERGY", 0x09, 5, Format::u40};
inline constexpr Register charge{"CHARGE", 0x0A, 5, Format::s40};
inline constexpr Register diag_alrt{"DIAG_ALRT", 0x0B, 2, Format::u16};
inline constexpr Register sovl{"SOVL", 0x0C, 2, Format::s16};
inline constexpr Register suvl{"SUVL", 0x0D, 2, Format::s16};
inline constexpr Register bovl{"BOVL", 0x0E, 2, Format::u16};
inline constexpr Register buvl{"BUVL", 0x0F, 2, Format::u16};
inline constexpr Register temp_limit{"TEMP_LIMIT", 0x10, 2, Format::s16};
inline constexpr Register pwr_limit{"PWR_LIMIT", 0x11, 2, Format::u16};
inline constexpr Register manufacturer_id{"MANUFACTURER_ID", 0x3E, 2, Format::u16};
inline constexpr Register device_id{"DEVICE_ID", 0x3F, 2, Format::u16};
}  // namespace reg

inline constexpr std::array<Register, 20> kRegisters{reg::config,
                                                     reg::adc_config,
                                                     reg::shunt_cal,
                                                     reg::shunt_tempco,
                                                     reg::vshunt,
                                                     reg::vbus,
                                                     reg::dietemp,
                                                     reg::current,
                                                     reg::power,
                                                     reg::energy,
                                                     reg::charge,
                                                     reg::diag_alrt,
                                                     reg::sovl,
                                                     reg::suvl,
                                                     reg::bovl,
                                                     reg::buvl,
                                                     reg::temp_limit,
                                                     reg::pwr_limit,
                                                     reg::manufacturer_id,
                                                     reg::device_id};

const Register* find_register(std::uint8_t address);

inline constexpr std::uint16_t kManufacturerTi = 0x5449;
inline constexpr std::uint16_t kDieId = 0x228;

// CONFIG bits
inline constexpr std::uint16_t kConfigRst = 1u << 15;
inline constexpr std::uint16_t kConfigRstAcc = 1u << 14;
inline constexpr std::uint16_t kConfigAdcRange = 1u << 4;
// DIAG_ALRT bits
inline constexpr std::uint16_t kDiagEnergyOf = 1u << 11;
inline constexpr std::uint16_t kDiagChargeOf = 1u << 10;
inline constexpr std::uint16_t kDiagMathOf = 1u << 9;
inline constexpr std::uint16_t kDiagCnvrf = 1u << 1;
inline constexpr std::uint16_t kDiagMemStat = 1u << 0;

// Conversion-time and averaging codes of ADC_CONFIG.
inline constexpr std::array<double, 8> kConversionTimeUs{50, 84, 150, 280, 540, 1052, 2074, 4120};
inline constexpr std::array<int, 8> kAveragingCount{1, 4, 16, 64, 128, 256, 512, 1024};

// Raw register bytes (MSB first) to a signed/unsigned integer per the register's format.
std::int64_t decode_raw(const Register& r, std::span<const std::uint8_t> bytes);

struct AdcConfig {
  int mode = 0xF;  // continuous all
  double vbus_ct_us = 1052;
  double vshunt_ct_us = 1052;
  double vtemp_ct_us = 1052;
  int averaging = 1;
};
// Picks the codes for the requested times; throws std::invalid_argument naming the allowed values.
std::uint16_t encode_adc_config(const AdcConfig& c);
AdcConfig decode_adc_config(std::uint16_t value);
// Output update period: AVG × sum of the enabled channels' conversion times.
double update_period_s(const AdcConfig& c);

struct Calibration {
  double shunt_ohm = 0;
  double max_current_a = 0;
  bool adc_range_40mv = false;
  double current_lsb_a = 0;  // max_current / 2^19
  std::uint16_t shunt_cal = 0;
  double power_lsb_w() const { return 3.2 * current_lsb_a; }
  double energy_lsb_j() const { return 16.0 * 3.2 * current_lsb_a; }
  double vshunt_lsb_v() const { return adc_range_40mv ? 78.125e-9 : 312.5e-9; }
};

// SHUNT_CAL = 13107.2e6 × CURRENT_LSB × R (×4 at ADCRANGE=1), rounded to nearest.
// adc_range: nullopt picks ±40.96 mV when the full-scale shunt voltage fits, for 4× resolution.
Calibration calibrate(double shunt_ohm, double max_current_a, std::optional<bool> adc_range_40mv = std::nullopt);

inline constexpr double kVbusLsbV = 195.3125e-6;
inline constexpr double kDieTempLsbC = 7.8125e-3;

}  // namespace wb::ina228
