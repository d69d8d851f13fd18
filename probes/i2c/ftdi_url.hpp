// FTDI device URLs in pyftdi's form: ftdi://[vendor][:[product][:serial|:index|:bus:addr]]/interface
// e.g. ftdi://ftdi:232h:FT9ABC12/1, ftdi://::FT9ABC12/1, ftdi:///1 (the only FT232H),
// ftdi://ftdi:232h:2/1 (the second), ftdi://ftdi:232h:1:1a/1 (bus 1, address 0x1a).
// Rules from pyftdi usbtools.py enumerate_candidates (eblot/pyftdi @ 998583bd): the index is
// 1-based (0 also means the first), a number above 255 is a serial, bus and address are hex.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace wb {

struct FtdiUrl {
  std::uint16_t vendor = 0x0403;
  std::uint16_t product = 0x6014;  // FT232H
  std::optional<std::string> serial;
  std::optional<unsigned> index;  // 0-based position among the matching devices (the URL's n - 1)
  std::optional<std::pair<std::uint8_t, std::uint8_t>> bus_address;
  unsigned interface = 1;  // 1 = A
};

// Throws std::invalid_argument explaining the expected form.
FtdiUrl parse_ftdi_url(const std::string& url);
std::string to_string(const FtdiUrl& u);

}  // namespace wb
