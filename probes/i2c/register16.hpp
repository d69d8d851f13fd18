// Register access for chips with 16-bit registers (the INA226 family): a pointer write, then
// two bytes MSB first. Reads of one sample go to the bus as one batch (one USB round trip on
// the FT232H). A NACK throws, naming the chip, its address and the register.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "probes/i2c/i2c_bus.hpp"

namespace wb {

struct Register16 {
  std::string_view name;
  std::uint8_t address;
};

class Register16Device {
 public:
  Register16Device(I2cBus& bus, std::uint8_t address, std::string chip);
  void write(const Register16& r, std::uint16_t value);
  std::vector<std::uint16_t> read(const std::vector<Register16>& regs);
  std::uint8_t address() const { return m_address; }
  std::string describe_bus() const { return m_bus.describe(); }

 private:
  void check(const I2cTransfer& t, const Register16& r, const char* what) const;
  I2cBus& m_bus;
  std::uint8_t m_address;
  std::string m_chip;
};

}  // namespace wb
