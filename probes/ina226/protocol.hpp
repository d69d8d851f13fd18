// INA226 register map, configuration codes, calibration and scaling (TI SBOS547); pure.
// The CONFIG layout, code tables and driver it shares with the INA260 live in
// probes/i2c/ina_family16.hpp.
#pragma once
#include <array>
#include <cstdint>

#include "probes/i2c/ina_family16.hpp"

namespace wb::ina226 {

namespace reg {              // SBOS547 Table 7-1
using namespace ina16::reg;  // CONFIG 0x00, BUS 0x02, POWER 0x03, MASK/ENABLE 0x06, ALERT 0x07, IDs 0xFE/0xFF
inline constexpr Register16 shunt{"SHUNT_VOLTAGE", 0x01};
inline constexpr Register16 current{"CURRENT", 0x04};
inline constexpr Register16 calibration{"CALIBRATION", 0x05};
}  // namespace reg

using ina16::kManufacturerTi;
inline constexpr std::uint16_t kDieId = 0x226;         // DIE_ID bits 15..4; 3..0 the revision
inline constexpr std::uint16_t kConfigReset = 0x4127;  // power-on CONFIG
using ina16::kConfigRst;
inline constexpr std::uint16_t kConfigReserved = 1u << 14;  // reads 1; written back as read (Linux does too)
using ina16::kMaskCvrf;                                     // conversion ready; cleared by reading MASK/ENABLE
inline constexpr std::uint16_t kMaskOvf = 1u << 2;          // math overflow: current and power may be invalid

// CONFIG AVG, VBUSCT and VSHCT codes (SBOS547 Tables 3-6).
using ina16::kAveragingCount;
using ina16::kConversionTimeUs;
inline constexpr double kShuntLsbV = 2.5e-6;
using ina16::kBusLsbV;
inline constexpr double kShuntFullScaleV = 0.08192;

inline constexpr ina16::Chip16 kChip{"INA226", kDieId, kConfigReserved, "shunt conversion time (us)"};

using AdcConfig = ina16::AdcConfig;  // mode 7: shunt and bus, continuous; shunt_ct_us is VSHCT
// Throws std::invalid_argument naming the allowed times and counts.
inline std::uint16_t encode_config(const AdcConfig& c) { return ina16::encode_config(kChip, c); }
using ina16::decode_config;
using ina16::update_period_s;

struct Calibration {
  double shunt_ohm = 0;
  std::uint16_t cal = 0;
  double current_lsb_a = 0;  // as CAL realises it: 0.00512 / (CAL × R)
  double power_lsb_w() const { return 25.0 * current_lsb_a; }
};
// CAL = 0.00512 / (Current_LSB × R) with Current_LSB = max_current / 2^15 (Eq. 1, 2), rounded;
// throws std::invalid_argument when the full-scale shunt voltage exceeds 81.92 mV or CAL
// leaves 1..32767.
Calibration calibrate(double shunt_ohm, double max_current_a);

}  // namespace wb::ina226
