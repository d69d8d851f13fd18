// Which TI power monitors answer on an I2C bus, for `wattbench init`: each address of the
// INA2xx strap range (0x40..0x4F, INA228 datasheet SLYS021A Table 7-2) read for its
// manufacturer and die IDs: INA228 MANUFACTURER_ID 0x3E = 0x5449, DEVICE_ID 0x3F with DIEID
// 0x228 in bits 15..4 (any revision, see reference/hardware.md); INA226 / INA260 at 0xFE / 0xFF
// (SBOS547 Table 7-1: DIE_ID 0x226x; INA260: 0x227x).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "probes/i2c/i2c_bus.hpp"

namespace wb {

struct FoundChip {
  unsigned address = 0;
  std::string kind;  // ina228 | ina226 | ina260 | "" (answers, but no INA we drive)
  std::uint16_t manufacturer_id = 0, die_id = 0;
};

// The A0/A1 straps give 0x40..0x4F.
inline constexpr unsigned kInaFirstAddress = 0x40, kInaLastAddress = 0x4F;

// Every address in the range that ACKs, identified; reads only (no register is written).
std::vector<FoundChip> identify_ina_chips(I2cBus& bus);

// An FT232H's chips: opens the adapter at `url` in MPSSE I2C at 100 kHz and scans it. Throws
// I2cTransportError (with libftdi's fix-it message) when the adapter cannot be opened.
std::vector<FoundChip> identify_ina_chips_on_ftdi(const std::string& url);

}  // namespace wb
