// INA260 register map, configuration codes and fixed scaling (TI SBOS656): the INA226's
// interface with an integrated 2 mΩ shunt, so no CALIBRATION and no shunt-voltage register;
// pure. The CONFIG layout, code tables and driver it shares with the INA226 live in
// probes/i2c/ina_family16.hpp.
#pragma once
#include <array>
#include <cstdint>

#include "probes/i2c/ina_family16.hpp"

namespace wb::ina260 {

namespace reg {              // SBOS656 §8.6: there is no 0x04 or 0x05
using namespace ina16::reg;  // CONFIG 0x00, BUS 0x02, POWER 0x03, MASK/ENABLE 0x06, ALERT 0x07, IDs 0xFE/0xFF
inline constexpr Register16 current{"CURRENT", 0x01};
}  // namespace reg

using ina16::kManufacturerTi;
inline constexpr std::uint16_t kDieId = 0x227;         // DIE_ID bits 15..4; 3..0 the revision
inline constexpr std::uint16_t kConfigReset = 0x6127;  // power-on CONFIG
using ina16::kConfigRst;
inline constexpr std::uint16_t kConfigReserved = 0x6000;  // bits 14..12 read 110
using ina16::kMaskCvrf;                                   // conversion ready; cleared by reading MASK/ENABLE
inline constexpr std::uint16_t kMaskOvf = 1u << 2;        // power beyond 419.43 W

// CONFIG AVG, VBUSCT and ISHCT codes (the same tables as the INA226).
using ina16::kAveragingCount;
using ina16::kConversionTimeUs;
inline constexpr double kCurrentLsbA = 1.25e-3;
using ina16::kBusLsbV;
inline constexpr double kPowerLsbW = 10e-3;
inline constexpr double kShuntOhm = 0.002;  // integrated, "internally calibrated"
inline constexpr double kPowerOverflowW = 419.43;

inline constexpr ina16::Chip16 kChip{"INA260", kDieId, kConfigReserved, "current conversion time (us)"};

using AdcConfig = ina16::AdcConfig;  // mode 7: current and bus, continuous; shunt_ct_us is ISHCT
// Throws std::invalid_argument naming the allowed times and counts.
inline std::uint16_t encode_config(const AdcConfig& c) { return ina16::encode_config(kChip, c); }
using ina16::decode_config;
using ina16::update_period_s;

}  // namespace wb::ina260
