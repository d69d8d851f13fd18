// What the TI INA226 and INA260 share (the INA260 is the INA226's interface with an integrated
// shunt and fixed LSBs): the CONFIG layout (AVG, VBUSCT, shunt/current CT, MODE), its code
// tables, the MASK/ENABLE flags, the ID registers, and a driver that resets, checks the IDs,
// configures, and reads MASK/ENABLE, BUS_VOLTAGE, CURRENT, POWER plus one register whose
// value proves the chip was not reset under us. Each chip's facts stay in its own folder and
// come in as a Chip16 description; pure apart from the Driver's register traffic.
#pragma once
#include <array>
#include <cstdint>
#include <optional>

#include "probes/i2c/register16.hpp"

namespace wb::ina16 {

namespace reg {  // at the same addresses on both chips
inline constexpr Register16 config{"CONFIG", 0x00};
inline constexpr Register16 bus{"BUS_VOLTAGE", 0x02};
inline constexpr Register16 power{"POWER", 0x03};
inline constexpr Register16 mask_enable{"MASK_ENABLE", 0x06};
inline constexpr Register16 alert_limit{"ALERT_LIMIT", 0x07};
inline constexpr Register16 manufacturer_id{"MANUFACTURER_ID", 0xFE};
inline constexpr Register16 die_id{"DIE_ID", 0xFF};
}  // namespace reg

inline constexpr std::uint16_t kManufacturerTi = 0x5449;
inline constexpr std::uint16_t kConfigRst = 1u << 15;
inline constexpr std::uint16_t kMaskCvrf = 1u << 3;  // conversion ready; cleared by reading MASK/ENABLE

// CONFIG AVG, VBUSCT and VSHCT/ISHCT codes (the same tables on both chips).
inline constexpr std::array<double, 8> kConversionTimeUs{140, 204, 332, 588, 1100, 2116, 4156, 8244};
inline constexpr std::array<int, 8> kAveragingCount{1, 4, 16, 64, 128, 256, 512, 1024};
inline constexpr double kBusLsbV = 1.25e-3;

struct AdcConfig {
  int mode = 7;  // shunt (current) and bus, continuous
  double vbus_ct_us = 1100, shunt_ct_us = 1100;
  int averaging = 1;
};

// The chip-specific facts the shared code needs.
struct Chip16 {
  const char* name;               // "INA226"
  std::uint16_t die_id;           // DIE_ID bits 15..4
  std::uint16_t config_reserved;  // CONFIG bits that read fixed values, written back as read
  const char* shunt_ct_what;      // how errors name the shunt/current conversion time
};

// Throws std::invalid_argument naming the allowed times and counts.
std::uint16_t encode_config(const Chip16& chip, const AdcConfig& c);
AdcConfig decode_config(std::uint16_t value);
// AVG × (conversion times of the enabled channels): how often the output registers update.
double update_period_s(const AdcConfig& c);

struct Reading {
  double vbus_v = 0, current_a = 0, power_w = 0;
  bool new_conversion = false;  // CVRF: the chip converted since the last read
  bool overflow = false;        // OVF (see each chip's kMaskOvf)
  bool has_data = false;        // false until the first conversion after init: registers still read 0
  bool lost = false;            // the guard register no longer holds ours (the chip was reset): re-init
};

struct DriverSetup {
  Register16 current;  // CURRENT's address differs between the chips
  std::uint16_t mask_ovf;
  double current_lsb_a, power_lsb_w;
  std::optional<Register16> calibration;  // written before CONFIG when the chip has one
  std::uint16_t cal = 0;
};

class Driver {
 public:
  Driver(I2cBus& bus, std::uint8_t address, const Chip16& chip, DriverSetup setup, const AdcConfig& adc);
  // Throws std::runtime_error naming the address and register on NACK or a wrong chip.
  void init();
  // The guard register: CALIBRATION where there is one (a reset zeroes it), else CONFIG.
  Reading read();
  std::uint16_t config_value() const { return m_config; }

 private:
  Register16Device m_dev;
  const Chip16& m_chip;
  DriverSetup m_setup;
  std::uint16_t m_config;
  bool m_has_data = false;
};

}  // namespace wb::ina16
