// An I2C slave with a register pointer and 16-bit registers sent MSB first, as the INA226
// family speaks (INA226 SBOS547 §6.5.5.3): the first byte written sets the pointer, two more
// write the pointed register; a read returns the pointed register; the pointer persists.
// Chip models derive from it and supply the register file.
#pragma once
#include <cstdint>

#include "sim/i2c/i2c_bus_sim.hpp"

namespace wb::sim {

class Register16Slave : public I2cSlave {
 public:
  explicit Register16Slave(std::uint8_t address) : m_address(address) {}
  std::uint8_t address() const override { return m_address; }
  void start(bool read) override;
  bool write_byte(std::uint8_t b) override;
  std::uint8_t read_byte() override;
  void stop() override {}

 protected:
  // Called once per read transaction, when the address is ACKed: reads may clear flags.
  virtual std::uint16_t read_register(std::uint8_t reg) = 0;
  virtual void write_register(std::uint8_t reg, std::uint16_t value) = 0;

 private:
  std::uint8_t m_address;
  std::uint8_t m_pointer = 0;
  int m_write_index = 0, m_read_index = 0;
  std::uint16_t m_write_value = 0, m_read_value = 0;
};

}  // namespace wb::sim
