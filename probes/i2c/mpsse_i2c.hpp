// I2C master on an FT232H's MPSSE engine. A whole batch of transfers goes out in one USB
// write followed by one read; ACK bits are checked afterwards from the returned bytes.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "probes/i2c/ftdi_port.hpp"
#include "probes/i2c/i2c_bus.hpp"

namespace wb {

// Pin use (pyftdi/Adafruit convention): AD0 = SCL, AD1 = SDA out, AD2 = SDA in (tied to AD1).
namespace mpsse {
inline constexpr std::uint8_t kSetLowByte = 0x80;
inline constexpr std::uint8_t kSetDivisor = 0x86;
inline constexpr std::uint8_t kSendImmediate = 0x87;
inline constexpr std::uint8_t kDisableDiv5 = 0x8A;
inline constexpr std::uint8_t kEnableDiv5 = 0x8B;
inline constexpr std::uint8_t kEnable3Phase = 0x8C;
inline constexpr std::uint8_t kDisable3Phase = 0x8D;
inline constexpr std::uint8_t kLoopbackOn = 0x84;
inline constexpr std::uint8_t kLoopbackOff = 0x85;
inline constexpr std::uint8_t kEnableAdaptive = 0x96;
inline constexpr std::uint8_t kDisableAdaptive = 0x97;
inline constexpr std::uint8_t kDriveZero = 0x9E;
inline constexpr std::uint8_t kBytesOutNeg = 0x11;
inline constexpr std::uint8_t kBitsOutNeg = 0x13;
inline constexpr std::uint8_t kBytesInPos = 0x20;
inline constexpr std::uint8_t kBitsInPos = 0x22;
inline constexpr std::uint8_t kBadCommandEcho = 0xFA;
inline constexpr std::uint8_t kSyncProbe = 0xAA;  // deliberately invalid opcode

// SCL = 20 MHz / (1 + divisor) with divide-by-5 off and 3-phase clocking on.
std::uint16_t divisor_for_scl(unsigned scl_hz);
}  // namespace mpsse

class MpsseI2c : public I2cBus {
 public:
  // scl_hz: 1 kHz .. 400 kHz (the INA228's fast-mode limit).
  MpsseI2c(std::unique_ptr<FtdiPort> port, unsigned scl_hz);

  // Enters MPSSE mode, sends the clock/pin setup and checks the bad-command echo (sync).
  void configure();
  void run(std::vector<I2cTransfer>& batch) override;
  std::string describe() const override;

  // Exposed for tests and the byte-level documentation.
  std::vector<std::uint8_t> setup_commands() const;
  std::vector<std::uint8_t> encode(const std::vector<I2cTransfer>& batch, std::size_t& reply_bytes) const;
  static void decode_reply(std::vector<I2cTransfer>& batch, const std::vector<std::uint8_t>& reply);

  unsigned scl_hz() const { return m_scl_hz; }
  std::uint64_t usb_writes() const { return m_usb_writes; }
  std::uint64_t usb_reads() const { return m_usb_reads; }

 private:
  void put_pins(std::vector<std::uint8_t>& out, std::uint8_t value, int repeat) const;
  std::unique_ptr<FtdiPort> m_port;
  unsigned m_scl_hz;
  int m_hold_start, m_hold_stop, m_hold_buf;
  std::uint64_t m_usb_writes = 0, m_usb_reads = 0;
};

}  // namespace wb
