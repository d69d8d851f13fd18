// Capability-list walk to the PCIe Link Control register.
#include "harness/pci/link_control.hpp"

#include <fmt/format.h>

#include <set>

namespace wb {

namespace {
constexpr std::size_t kHeaderBytes = 64;
constexpr std::size_t kStatus = 0x06;                                     // PCI_STATUS
constexpr unsigned kStatusCapList = 0x10;                                 // PCI_STATUS_CAP_LIST
constexpr std::size_t kCapPointer = 0x34;                                 // PCI_CAPABILITY_LIST
constexpr unsigned kCapIdExpress = 0x10;                                  // PCI_CAP_ID_EXP
constexpr std::size_t kExpFlags = 0x02;                                   // PCI_EXP_FLAGS: device/port type in bits 7:4
constexpr std::size_t kLinkControl = 0x10;                                // PCI_EXP_LNKCTL
constexpr unsigned kTypeRcIntegrated = 0x9, kTypeRcEventCollector = 0xa;  // no link of their own
// 256-byte space, 4-byte aligned capabilities from 0x40: at most 48 entries; more means a loop.
constexpr int kMaxCapabilities = 48;

unsigned byte_at(std::string_view c, std::size_t at) { return static_cast<unsigned char>(c[at]); }
unsigned word_at(std::string_view c, std::size_t at) { return byte_at(c, at) | (byte_at(c, at + 1) << 8); }
std::string beyond(std::size_t need, std::size_t have) {
  return fmt::format("config space needs {} bytes, {} readable{}", need, have,
                     have == kHeaderBytes ? " (past the 64-byte header needs root)" : "");
}
}  // namespace

LinkControlRead parse_link_control(std::string_view c) {
  LinkControlRead r;
  if (c.size() < kHeaderBytes) {
    r.error = fmt::format("config space is {} bytes, shorter than the 64-byte header", c.size());
    return r;
  }
  if (word_at(c, 0) == 0xffff) {
    r.error = "vendor ID reads 0xffff: the device does not answer (removed or powered off)";
    return r;
  }
  if (!(word_at(c, kStatus) & kStatusCapList)) {
    r.error = "the status register says the device has no capability list";
    return r;
  }
  std::set<std::size_t> seen;
  std::size_t at = byte_at(c, kCapPointer) & 0xfcu;
  for (int n = 0; at != 0; ++n) {
    if (at < kHeaderBytes) {
      r.error = fmt::format("capability pointer 0x{:02x} points into the header", at);
      return r;
    }
    if (n >= kMaxCapabilities || !seen.insert(at).second) {
      r.error = fmt::format("the capability list loops (at 0x{:02x})", at);
      return r;
    }
    if (at + 2 > c.size()) {
      r.error = beyond(at + 2, c.size());
      return r;
    }
    if (byte_at(c, at) == kCapIdExpress) {
      r.pcie_cap_offset = static_cast<unsigned>(at);
      if (at + kLinkControl + 2 > c.size()) {
        r.error = beyond(at + kLinkControl + 2, c.size());
        return r;
      }
      unsigned type = (word_at(c, at + kExpFlags) >> 4) & 0xfu;
      if (type == kTypeRcIntegrated || type == kTypeRcEventCollector) {
        r.error = "a root-complex integrated device has no PCIe link";
        return r;
      }
      r.aspm_bits = word_at(c, at + kLinkControl) & 0x3u;
      return r;
    }
    at = byte_at(c, at + 1) & 0xfcu;
  }
  r.error = "no PCI Express capability in the capability list (a conventional PCI device)";
  return r;
}

std::string aspm_state_name(unsigned bits) {
  switch (bits & 3u) {
    case 0:
      return "off";
    case 1:
      return "l0s";
    case 2:
      return "l1";
    default:
      return "l0s-l1";
  }
}

std::string aspm_state_label(std::string_view name) {
  if (name == "l1") return "L1";
  if (name == "l0s") return "L0s";
  if (name == "l0s-l1") return "L0s L1";
  return std::string(name);
}

std::optional<unsigned> aspm_state_bits(std::string_view name) {
  if (name == "off") return 0u;
  if (name == "l0s") return 1u;
  if (name == "l1") return 2u;
  if (name == "l0s-l1") return 3u;
  return std::nullopt;
}

}  // namespace wb
