// FTDI URL parsing (pure).
#include "probes/i2c/ftdi_url.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace wb {

namespace {
[[noreturn]] void bad(const std::string& url, const std::string& why) {
  throw std::invalid_argument(
      fmt::format("FTDI URL '{}': {}; expected ftdi://[vendor][:[product][:serial|:index|:bus:addr]]/interface, e.g. "
                  "ftdi://ftdi:232h:FT9ABC12/1",
                  url, why));
}
std::optional<unsigned long> number(const std::string& s) {
  if (s.empty()) return std::nullopt;
  try {
    std::size_t used = 0;
    unsigned long v = std::stoul(s, &used, 0);
    if (used == s.size()) return v;
  } catch (...) {
  }
  return std::nullopt;
}
std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}
}  // namespace

FtdiUrl parse_ftdi_url(const std::string& url) {
  FtdiUrl u;
  const std::string scheme = "ftdi://";
  if (url.rfind(scheme, 0) != 0) bad(url, "must start with ftdi://");
  std::string rest = url.substr(scheme.size());
  auto slash = rest.find('/');
  if (slash == std::string::npos) bad(url, "missing /interface");
  std::string dev = rest.substr(0, slash), iface = rest.substr(slash + 1);
  if (!iface.empty() && iface.back() == '/') iface.pop_back();
  auto n = number(iface);
  if (!n || *n < 1 || *n > 4) bad(url, "interface must be 1..4");
  u.interface = static_cast<unsigned>(*n);
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= dev.size(); ++i)
    if (i == dev.size() || dev[i] == ':') {
      parts.push_back(dev.substr(start, i - start));
      start = i + 1;
    }
  if (parts.size() > 4) bad(url, "too many ':' fields");
  if (!parts.empty() && !parts[0].empty()) {
    if (lower(parts[0]) == "ftdi")
      u.vendor = 0x0403;
    else if (auto v = number(parts[0]); v && *v <= 0xFFFF)
      u.vendor = static_cast<std::uint16_t>(*v);
    else
      bad(url, "unknown vendor '" + parts[0] + "'");
  }
  if (parts.size() > 1 && !parts[1].empty()) {
    std::string p = lower(parts[1]);
    if (p == "232h" || p == "ft232h")
      u.product = 0x6014;
    else if (p == "2232h" || p == "ft2232h" || p == "2232")
      u.product = 0x6010;
    else if (p == "4232h" || p == "ft4232h")
      u.product = 0x6011;
    else if (auto v = number(parts[1]); v && *v <= 0xFFFF)
      u.product = static_cast<std::uint16_t>(*v);
    else
      bad(url, "unknown product '" + parts[1] + "'");
  }
  if (parts.size() == 4) {
    auto hex = [&](const std::string& s, const char* what) {
      unsigned long v = 0;
      try {
        std::size_t used = 0;
        v = std::stoul(s, &used, 16);
        if (used != s.size() || v > 255) throw std::invalid_argument(s);
      } catch (const std::exception&) {
        bad(url, fmt::format("{} '{}' must be a hexadecimal number up to ff", what, s));
      }
      return static_cast<std::uint8_t>(v);
    };
    u.bus_address = std::pair{hex(parts[2], "USB bus"), hex(parts[3], "USB address")};
  } else if (parts.size() > 2 && !parts[2].empty()) {
    // A plain number up to 255 is a 1-based index among the matching devices, anything else a serial.
    auto idx = number(parts[2]);
    if (idx && parts[2].find_first_not_of("0123456789") == std::string::npos && *idx <= 255)
      u.index = *idx ? static_cast<unsigned>(*idx - 1) : 0u;
    else
      u.serial = parts[2];
  }
  return u;
}

std::string to_string(const FtdiUrl& u) {
  std::string where = u.serial        ? *u.serial
                      : u.bus_address ? fmt::format("{:x}:{:x}", u.bus_address->first, u.bus_address->second)
                      : u.index       ? std::to_string(*u.index + 1)
                                      : "";
  return fmt::format("ftdi://0x{:04x}:0x{:04x}{}{}/{}", u.vendor, u.product, where.empty() ? "" : ":", where,
                     u.interface);
}

}  // namespace wb
