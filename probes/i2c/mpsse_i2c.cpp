// Batched MPSSE I2C: builds the FT232H command stream and decodes its reply.
#include "probes/i2c/mpsse_i2c.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace wb {

namespace mpsse {
std::uint16_t divisor_for_scl(unsigned scl_hz) {
  if (scl_hz < 1000 || scl_hz > 400000)
    throw std::invalid_argument(fmt::format(
        "I2C clock {} Hz is outside 1 kHz..400 kHz (the INA228 fast-mode limit; high-speed mode is not supported)",
        scl_hz));
  return static_cast<std::uint16_t>(std::lround(20e6 / scl_hz) - 1);
}
}  // namespace mpsse

namespace {
// Pin values for "80 value dir": bit0 SCL, bit1 SDA out; AD2 (SDA in) is an input.
constexpr std::uint8_t kDir = 0x03;
constexpr std::uint8_t kIdle = 0x03;  // SCL 1, SDA 1
constexpr std::uint8_t kSdaLowSclHigh = 0x01;
constexpr std::uint8_t kBothLow = 0x00;
constexpr std::uint8_t kSclLowSdaFree = 0x02;

// GPIO commands are assumed to take 0.5 us each (pyftdi's figure); repeat them to meet
// the I2C setup/hold minimums of the chosen speed mode.
int hold_count(double seconds) { return std::max(1, static_cast<int>((seconds + 0.5e-6) / 0.5e-6)); }
}  // namespace

MpsseI2c::MpsseI2c(std::unique_ptr<FtdiPort> port, unsigned scl_hz) : m_port(std::move(port)), m_scl_hz(scl_hz) {
  mpsse::divisor_for_scl(scl_hz);  // validates
  bool fast = scl_hz > 100000;
  // I2C timing minimums (standard mode vs fast mode, NXP UM10204 via pyftdi's constants).
  m_hold_start = hold_count(fast ? 0.6e-6 : 4.7e-6);
  m_hold_stop = hold_count(fast ? 0.6e-6 : 4.0e-6);
  m_hold_buf = hold_count(fast ? 1.3e-6 : 4.7e-6);
}

std::string MpsseI2c::describe() const { return fmt::format("{} @ {} kHz", m_port->describe(), m_scl_hz / 1000); }

void MpsseI2c::put_pins(std::vector<std::uint8_t>& out, std::uint8_t value, int repeat) const {
  for (int i = 0; i < repeat; ++i) {
    out.push_back(mpsse::kSetLowByte);
    out.push_back(value);
    out.push_back(kDir);
  }
}

std::vector<std::uint8_t> MpsseI2c::setup_commands() const {
  std::uint16_t div = mpsse::divisor_for_scl(m_scl_hz);
  return {mpsse::kDisableDiv5,
          mpsse::kDisableAdaptive,
          mpsse::kEnable3Phase,
          mpsse::kLoopbackOff,
          mpsse::kSetDivisor,
          static_cast<std::uint8_t>(div & 0xFF),
          static_cast<std::uint8_t>(div >> 8),
          mpsse::kDriveZero,
          0x07,
          0x00,
          mpsse::kSetLowByte,
          kIdle,
          kDir};
}

void MpsseI2c::configure() {
  m_port->enter_mpsse();
  auto cmds = setup_commands();
  // Sync: an invalid opcode must come back as FA <opcode>; anything else means the
  // MPSSE is not in step with us (wrong mode, stale bytes, not an MPSSE-capable chip).
  cmds.push_back(mpsse::kSyncProbe);
  cmds.push_back(mpsse::kSendImmediate);
  m_port->write(cmds);
  ++m_usb_writes;
  std::uint8_t echo[2] = {0, 0};
  m_port->read(echo);
  ++m_usb_reads;
  if (echo[0] != mpsse::kBadCommandEcho || echo[1] != mpsse::kSyncProbe)
    throw I2cTransportError(fmt::format("{}: MPSSE sync failed: expected bad-command echo FA AA, got {:02X} {:02X}",
                                        m_port->describe(), echo[0], echo[1]));
}

std::vector<std::uint8_t> MpsseI2c::encode(const std::vector<I2cTransfer>& batch, std::size_t& reply_bytes) const {
  std::vector<std::uint8_t> out;
  out.reserve(512);
  reply_bytes = 0;
  auto write_byte = [&](std::uint8_t b) {
    out.insert(out.end(), {mpsse::kBytesOutNeg, 0x00, 0x00, b});
    put_pins(out, kSclLowSdaFree, 1);
    out.insert(out.end(), {mpsse::kBitsInPos, 0x00});  // sample the slave's ACK bit
    ++reply_bytes;
  };
  for (const auto& transfer : batch) {
    for (std::size_t m = 0; m < transfer.messages.size(); ++m) {
      const auto& msg = transfer.messages[m];
      if (msg.data.empty()) throw std::invalid_argument("I2C message with no data bytes");
      if (m == 0) {
        put_pins(out, kIdle, m_hold_buf);
      } else {  // repeated START: SCL rises while SDA is released, then SDA falls
        put_pins(out, kIdle, m_hold_start);
      }
      put_pins(out, kSdaLowSclHigh, m_hold_start);
      put_pins(out, kBothLow, m_hold_start);
      write_byte(static_cast<std::uint8_t>((msg.address << 1) | (msg.read ? 1 : 0)));
      if (msg.read) {
        for (std::size_t i = 0; i < msg.data.size(); ++i) {
          out.insert(out.end(), {mpsse::kBytesInPos, 0x00, 0x00});
          bool last = i + 1 == msg.data.size();
          out.insert(out.end(), {mpsse::kBitsOutNeg, 0x00, static_cast<std::uint8_t>(last ? 0xFF : 0x00)});
          put_pins(out, kSclLowSdaFree, 1);
          ++reply_bytes;
        }
      } else {
        for (auto b : msg.data) write_byte(b);
      }
    }
    put_pins(out, kBothLow, m_hold_stop);
    put_pins(out, kSdaLowSclHigh, m_hold_stop);
    put_pins(out, kIdle, m_hold_buf);
  }
  out.push_back(mpsse::kSendImmediate);
  return out;
}

void MpsseI2c::decode_reply(std::vector<I2cTransfer>& batch, const std::vector<std::uint8_t>& reply) {
  std::size_t pos = 0;
  auto next = [&]() -> std::uint8_t {
    if (pos >= reply.size()) throw I2cTransportError("MPSSE reply shorter than the commands sent");
    return reply[pos++];
  };
  for (auto& transfer : batch) {
    transfer.nacked_message = -1;
    transfer.nacked_byte = -1;
    for (std::size_t m = 0; m < transfer.messages.size(); ++m) {
      auto& msg = transfer.messages[m];
      bool addr_nack = next() & 0x01;
      if (addr_nack && transfer.nacked_message < 0) {
        transfer.nacked_message = static_cast<int>(m);
        transfer.nacked_byte = -1;
      }
      for (std::size_t i = 0; i < msg.data.size(); ++i) {
        std::uint8_t b = next();
        if (msg.read) {
          msg.data[i] = b;
        } else if ((b & 0x01) && transfer.nacked_message < 0) {
          transfer.nacked_message = static_cast<int>(m);
          transfer.nacked_byte = static_cast<int>(i);
        }
      }
    }
  }
  if (pos != reply.size()) throw I2cTransportError("MPSSE reply longer than the commands sent");
}

void MpsseI2c::run(std::vector<I2cTransfer>& batch) {
  std::size_t reply_len = 0;
  auto cmds = encode(batch, reply_len);
  m_port->write(cmds);
  ++m_usb_writes;
  std::vector<std::uint8_t> reply(reply_len);
  m_port->read(reply);
  ++m_usb_reads;
  decode_reply(batch, reply);
}

}  // namespace wb
