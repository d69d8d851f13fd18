// FTDI device URLs in pyftdi's form: ftdi://[vendor][:[product][:serial|:index]]/interface
// e.g. ftdi://ftdi:232h:FT9ABC12/1, ftdi://::FT9ABC12/1, ftdi:///1 (first FT232H), ftdi://ftdi:232h:1/1.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace wb {

struct FtdiUrl {
  std::uint16_t vendor = 0x0403;
  std::uint16_t product = 0x6014;  // FT232H
  std::optional<std::string> serial;
  unsigned index = 0;      // n-th matching device when no serial is given
  unsigned interface = 1;  // 1 = A
};

// Throws std::invalid_argument explaining the expected form.
FtdiUrl parse_ftdi_url(const std::string& url);
std::string to_string(const FtdiUrl& u);

}  // namespace wb
