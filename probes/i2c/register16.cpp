// 16-bit register reads and writes over any I2cBus.
#include "probes/i2c/register16.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace wb {

Register16Device::Register16Device(I2cBus& bus, std::uint8_t address, std::string chip)
    : m_bus(bus), m_address(address), m_chip(std::move(chip)) {}

void Register16Device::check(const I2cTransfer& t, const Register16& r, const char* what) const {
  if (t.nacked_message < 0) return;
  if (t.nacked_byte < 0)
    throw std::runtime_error(fmt::format(
        "{} at 0x{:02X} did not answer ({} {}: address NACK) on {}; check wiring, power and the A0/A1 address", m_chip,
        m_address, what, r.name, m_bus.describe()));
  throw std::runtime_error(fmt::format("{} at 0x{:02X} NACKed byte {} while {} {} on {}", m_chip, m_address,
                                       t.nacked_byte, what, r.name, m_bus.describe()));
}

void Register16Device::write(const Register16& r, std::uint16_t value) {
  std::vector<I2cTransfer> batch(1);
  batch[0].messages.push_back(
      {m_address, false, {r.address, static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value & 0xFF)}});
  m_bus.run(batch);
  check(batch[0], r, "writing");
}

std::vector<std::uint16_t> Register16Device::read(const std::vector<Register16>& regs) {
  std::vector<I2cTransfer> batch(regs.size());
  for (std::size_t i = 0; i < regs.size(); ++i) {
    batch[i].messages.push_back({m_address, false, {regs[i].address}});
    batch[i].messages.push_back({m_address, true, std::vector<std::uint8_t>(2)});
  }
  m_bus.run(batch);
  std::vector<std::uint16_t> out(regs.size());
  for (std::size_t i = 0; i < regs.size(); ++i) {
    check(batch[i], regs[i], "reading");
    const auto& d = batch[i].messages[1].data;
    out[i] = static_cast<std::uint16_t>((d[0] << 8) | d[1]);
  }
  return out;
}

}  // namespace wb
