// Pointer and 16-bit register framing of the INA226 family.
#include "sim/i2c/register16_slave.hpp"

namespace wb::sim {

void Register16Slave::start(bool read) {
  m_write_index = 0;
  m_read_index = 0;
  if (read) m_read_value = read_register(m_pointer);
}

bool Register16Slave::write_byte(std::uint8_t b) {
  if (m_write_index == 0) {
    m_pointer = b;
  } else if (m_write_index == 1) {
    m_write_value = static_cast<std::uint16_t>(b << 8);
  } else if (m_write_index == 2) {
    write_register(m_pointer, static_cast<std::uint16_t>(m_write_value | b));
  }
  ++m_write_index;
  return true;
}

std::uint8_t Register16Slave::read_byte() {
  int i = m_read_index++;
  if (i == 0) return static_cast<std::uint8_t>(m_read_value >> 8);
  if (i == 1) return static_cast<std::uint8_t>(m_read_value & 0xFF);
  return 0x00;  // past the register: the datasheet does not say; the drivers never read on
}

}  // namespace wb::sim
