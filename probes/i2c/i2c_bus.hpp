// I2C bus interface: combined transfers (messages joined by repeated START, one STOP at the end).
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace wb {

struct I2cMessage {
  std::uint8_t address = 0;  // 7-bit
  bool read = false;
  std::vector<std::uint8_t> data;  // bytes to write, or filled with the bytes read (sized by the caller)
};

// One transfer: S msg0 Sr msg1 Sr ... P, like one Linux I2C_RDWR call.
struct I2cTransfer {
  std::vector<I2cMessage> messages;
  // Set by the bus: index of the message whose address or data byte was NACKed, or -1.
  int nacked_message = -1;
  int nacked_byte = -1;  // -1 = the address byte; otherwise the data byte index
};

class I2cBus {
 public:
  virtual ~I2cBus() = default;
  // Runs every transfer of the batch; implementations may send them all in one go.
  // A NACK is reported in the transfer, not thrown; transport failures throw I2cTransportError.
  virtual void run(std::vector<I2cTransfer>& batch) = 0;
  virtual std::string describe() const = 0;
};

class I2cTransportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace wb
