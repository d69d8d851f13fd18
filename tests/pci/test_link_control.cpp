// The PCIe capability walk to Link Control's ASPM bits, on config spaces built here byte by byte.
#include <doctest/doctest.h>

#include <string>

#include "harness/pci/link_control.hpp"

namespace {
// A 256-byte type-0 config space: capabilities at `caps` ({offset, id}) chained in that order,
// the PCI Express one with Link Control's low byte `lnkctl`.
struct Space {
  std::string bytes = std::string(256, '\0');
  void w16(std::size_t at, unsigned v) {
    bytes[at] = static_cast<char>(v & 0xff);
    bytes[at + 1] = static_cast<char>(v >> 8);
  }
};
Space space(std::initializer_list<std::pair<unsigned, unsigned>> caps, unsigned lnkctl, unsigned port_type = 0) {
  Space s;
  s.w16(0, 0x1e60);
  s.w16(6, 0x0010);
  s.bytes[0x34] = caps.size() ? static_cast<char>(caps.begin()->first) : 0;
  for (auto it = caps.begin(); it != caps.end(); ++it) {
    auto next = std::next(it);
    s.bytes[it->first] = static_cast<char>(it->second);
    s.bytes[it->first + 1] = next == caps.end() ? 0 : static_cast<char>(next->first);
    if (it->second == 0x10) {
      s.w16(it->first + 2, 0x0002 | (port_type << 4));
      s.w16(it->first + 0x10, lnkctl);
    }
  }
  return s;
}
}  // namespace

TEST_CASE("link control: each ASPM Control value read behind other capabilities, other Link Control bits ignored") {
  for (unsigned bits : {0u, 1u, 2u, 3u}) {
    CAPTURE(bits);
    // Extended sync and common clock set beside ASPM Control: only bits 1:0 count.
    auto s = space({{0x40, 0x01}, {0x50, 0x05}, {0x80, 0x10}}, 0x0040 | 0x0080 | bits);
    auto r = wb::parse_link_control(s.bytes);
    REQUIRE(r.aspm_bits);
    CHECK(*r.aspm_bits == bits);
    CHECK(r.pcie_cap_offset == 0x80u);
    CHECK(r.error.empty());
  }
  CHECK(wb::aspm_state_name(0) == "off");
  CHECK(wb::aspm_state_name(1) == "l0s");
  CHECK(wb::aspm_state_name(2) == "l1");
  CHECK(wb::aspm_state_name(3) == "l0s-l1");
  for (const char* n : {"off", "l0s", "l1", "l0s-l1"}) CHECK(wb::aspm_state_name(*wb::aspm_state_bits(n)) == n);
  CHECK_FALSE(wb::aspm_state_bits("default"));
  CHECK_FALSE(wb::aspm_state_bits("L1"));
}

TEST_CASE("link control: what an unprivileged read, a broken list or a device without a link gives") {
  auto full = space({{0x40, 0x01}, {0x70, 0x10}}, 2);
  SUBCASE("64 bytes (sysfs to a non-root reader): unknown, and says root is needed") {
    auto r = wb::parse_link_control(std::string_view(full.bytes).substr(0, 64));
    CHECK_FALSE(r.aspm_bits);
    CHECK(r.error.find("needs root") != std::string::npos);
  }
  SUBCASE("the capability found but Link Control cut off") {
    auto r = wb::parse_link_control(std::string_view(full.bytes).substr(0, 0x78));
    CHECK_FALSE(r.aspm_bits);
    CHECK(r.pcie_cap_offset == 0x70u);
    CHECK(r.error.find("0x82") == std::string::npos);  // sizes in decimal
    CHECK(r.error.find("130 bytes") != std::string::npos);
  }
  SUBCASE("shorter than the header") {
    CHECK(wb::parse_link_control(std::string(10, '\0')).error.find("64-byte header") != std::string::npos);
  }
  SUBCASE("a device that does not answer") {
    auto s = full;
    s.w16(0, 0xffff);
    CHECK(wb::parse_link_control(s.bytes).error.find("0xffff") != std::string::npos);
  }
  SUBCASE("no capability list in the status register") {
    auto s = full;
    s.w16(6, 0);
    CHECK(wb::parse_link_control(s.bytes).error.find("no capability list") != std::string::npos);
  }
  SUBCASE("a list that loops") {
    auto s = space({{0x40, 0x01}, {0x50, 0x05}}, 0);
    s.bytes[0x51] = 0x40;
    auto r = wb::parse_link_control(s.bytes);
    CHECK_FALSE(r.aspm_bits);
    CHECK(r.error.find("loops") != std::string::npos);
  }
  SUBCASE("a pointer into the header") {
    auto s = space({{0x40, 0x01}}, 0);
    s.bytes[0x41] = 0x10;
    CHECK(wb::parse_link_control(s.bytes).error.find("into the header") != std::string::npos);
  }
  SUBCASE("no PCI Express capability") {
    CHECK(
        wb::parse_link_control(space({{0x40, 0x01}, {0x50, 0x05}}, 0).bytes).error.find("no PCI Express capability") !=
        std::string::npos);
  }
  SUBCASE("a root-complex integrated endpoint has no link") {
    auto r = wb::parse_link_control(space({{0x40, 0x10}}, 2, 0x9).bytes);
    CHECK_FALSE(r.aspm_bits);
    CHECK(r.error.find("no PCIe link") != std::string::npos);
  }
}
