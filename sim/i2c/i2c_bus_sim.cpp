// Edge-driven I2C bus decoder and slave driver.
#include "sim/i2c/i2c_bus_sim.hpp"

#include <algorithm>

namespace wb::sim {

void I2cBusSim::detach(I2cSlave* slave) {
  m_slaves.erase(std::remove(m_slaves.begin(), m_slaves.end(), slave), m_slaves.end());
  if (m_active == slave) m_active = nullptr;
}

BusSegment* I2cBusSim::segment() {
  if (!m_logging || m_log.empty() || m_log.back().segments.empty()) return nullptr;
  return &m_log.back().segments.back();
}

bool I2cBusSim::update(Drive scl_drive, Drive sda_drive) {
  bool scl = scl_drive != Drive::low;  // no slave stretches the clock (the INA228 never does)
  bool master_sda = sda_drive != Drive::low;
  bool sda = master_sda && m_slave_sda;
  if (sda_drive == Drive::high && !m_slave_sda) ++m_contentions;

  bool scl_rose = !m_scl && scl, scl_fell = m_scl && !scl;
  bool sda_changed_with_scl_high = m_scl && scl && sda != m_sda;
  m_scl = scl;
  bool old_sda = m_sda;
  m_sda = sda;
  if (sda_changed_with_scl_high) {
    if (old_sda && !sda)
      on_start();
    else
      on_stop();
  } else if (scl_rose) {
    on_scl_rise();
  } else if (scl_fell) {
    on_scl_fall();
    m_sda = master_sda && m_slave_sda;  // the slave may have changed its output
  }
  return m_sda;
}

void I2cBusSim::on_start() {
  if (m_logging) {
    if (!m_in_transaction) m_log.emplace_back();
    BusSegment seg;
    seg.repeated_start = m_in_transaction;
    m_log.back().segments.push_back(seg);
  }
  m_in_transaction = true;
  m_active = nullptr;
  m_state = State::address;
  m_bits = 0;
  m_shift = 0;
  m_slave_sda = true;
}

void I2cBusSim::on_stop() {
  if (m_active) m_active->stop();
  if (m_logging && m_in_transaction && !m_log.empty()) m_log.back().stopped = true;
  m_in_transaction = false;
  m_active = nullptr;
  m_state = State::idle;
  m_slave_sda = true;
}

void I2cBusSim::on_scl_rise() {
  switch (m_state) {
    case State::address:
    case State::write_byte:
      if (m_bits < 8) {
        m_shift = static_cast<std::uint8_t>((m_shift << 1) | (m_sda ? 1 : 0));
        ++m_bits;
      }
      break;
    case State::read_byte:
      ++m_bits;
      break;
    case State::read_ack: {
      bool ack = !m_sda;
      if (auto* s = segment()) s->acked.push_back(ack);
      if (!ack)
        m_state = State::idle;  // master NACK: the slave stops transmitting
      else
        m_state = State::read_ack;  // next byte starts on the falling edge
      m_bits = ack ? -1 : 0;        // -1 marks "ACKed, load next byte on fall"
      break;
    }
    default:
      break;
  }
}

void I2cBusSim::on_scl_fall() {
  switch (m_state) {
    case State::address:
      if (m_bits == 8) {
        std::uint8_t addr = m_shift >> 1;
        m_read = m_shift & 1;
        m_active = nullptr;
        for (auto* s : m_slaves)
          if (s->address() == addr && s->responds()) m_active = s;
        if (auto* seg = segment()) {
          seg->address = addr;
          seg->read = m_read;
          seg->address_acked = m_active != nullptr;
        }
        if (m_active) m_active->start(m_read);
        m_slave_sda = m_active == nullptr;  // ACK = pull SDA low for the ninth clock
        m_state = State::address_ack;
      }
      break;
    case State::address_ack:
      m_slave_sda = true;
      m_bits = 0;
      m_shift = 0;
      if (!m_active) {
        m_state = State::idle;
      } else if (m_read) {
        m_out = m_active->read_byte();
        if (auto* seg = segment()) seg->bytes.push_back(m_out);
        m_slave_sda = (m_out & 0x80) != 0;
        m_state = State::read_byte;
      } else {
        m_state = State::write_byte;
      }
      break;
    case State::write_byte:
      if (m_bits == 8) {
        bool ack = m_active->write_byte(m_shift);
        if (auto* seg = segment()) {
          seg->bytes.push_back(m_shift);
          seg->acked.push_back(ack);
        }
        m_slave_sda = !ack;
        m_state = State::write_ack;
      }
      break;
    case State::write_ack:
      m_slave_sda = true;
      m_bits = 0;
      m_shift = 0;
      m_state = State::write_byte;
      break;
    case State::read_byte:
      if (m_bits >= 8) {
        m_slave_sda = true;  // release for the master's ACK/NACK
        m_state = State::read_ack;
        m_bits = 0;
      } else {
        m_slave_sda = ((m_out >> (7 - m_bits)) & 1) != 0;
      }
      break;
    case State::read_ack:
      if (m_bits == -1) {  // master ACKed: next byte, MSB first
        m_out = m_active->read_byte();
        if (auto* seg = segment()) seg->bytes.push_back(m_out);
        m_slave_sda = (m_out & 0x80) != 0;
        m_bits = 0;
        m_state = State::read_byte;
      }
      break;
    case State::idle:
      break;
  }
}

}  // namespace wb::sim
