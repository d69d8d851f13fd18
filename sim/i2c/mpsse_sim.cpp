// MPSSE opcode interpreter over a simulated open-drain I2C bus.
#include "sim/i2c/mpsse_sim.hpp"

#include <fmt/format.h>

#include "probes/i2c/i2c_bus.hpp"

namespace wb::sim {

void MpsseSim::check_plugged(const char* what) const {
  if (m_clock) {
    double t = m_clock();
    if (t >= m_unplug_from && t < m_unplug_to)
      throw I2cTransportError(fmt::format("sim FT232H: {} failed (device disconnected)", what));
  }
}

void MpsseSim::enter_mpsse() {
  check_plugged("open");
  m_mpsse = true;
  m_pending.clear();
  m_reply.clear();
  m_div5 = true;  // power-on default: divide-by-5 on (FT2232D compatibility)
  m_three_phase = false;
  m_loopback = false;
  m_divisor = 0;
  m_drive_zero = 0;
  m_value = 0;
  m_dir = 0;
}

double MpsseSim::tck_hz() const { return (m_div5 ? 12e6 : 60e6) / ((1.0 + m_divisor) * 2.0); }

void MpsseSim::write(std::span<const std::uint8_t> bytes) {
  ++m_writes;
  if (m_writes > m_fail_after) throw I2cTransportError("sim FT232H: USB write failed (device disconnected)");
  check_plugged("USB write");
  if (!m_mpsse) throw I2cTransportError("sim FT232H: not in MPSSE mode");
  m_pending.insert(m_pending.end(), bytes.begin(), bytes.end());
  execute();
}

void MpsseSim::read(std::span<std::uint8_t> out) {
  ++m_reads;
  if (m_writes > m_fail_after) throw I2cTransportError("sim FT232H: USB read failed (device disconnected)");
  if (m_reply.size() < out.size())
    throw I2cTransportError(
        fmt::format("sim FT232H: read timeout: expected {} bytes, {} available", out.size(), m_reply.size()));
  for (auto& b : out) {
    b = m_reply.front();
    m_reply.pop_front();
  }
}

bool MpsseSim::apply_pins() {
  auto drive = [&](int bit) {
    std::uint8_t mask = static_cast<std::uint8_t>(1u << bit);
    if (!(m_dir & mask)) return Drive::released;
    if (m_value & mask) return (m_drive_zero & mask) ? Drive::released : Drive::high;
    return Drive::low;
  };
  bool sda = m_bus.update(drive(0), drive(1));
  return m_loopback ? (m_value & 0x02) != 0 : sda;  // AD2 (SDA in) is tied to the SDA line
}

void MpsseSim::set_low_byte(std::uint8_t value, std::uint8_t dir) {
  m_value = value;
  m_dir = dir;
  apply_pins();
  m_bus_time_s += kGpioCommandS;
}

void MpsseSim::clock_bits(int nbits, std::uint8_t out_byte, bool do_write, bool do_read, bool lsb_first,
                          std::uint8_t& in_byte) {
  double bit_s = 1.0 / scl_hz();
  for (int k = 0; k < nbits; ++k) {
    if (do_write) {
      int bit = lsb_first ? (out_byte >> k) & 1 : (out_byte >> (7 - k)) & 1;
      m_value = static_cast<std::uint8_t>((m_value & ~0x02) | (bit << 1));
    }
    m_value &= static_cast<std::uint8_t>(~0x01);
    apply_pins();  // data set up while SCL low
    m_value |= 0x01;
    bool sampled = apply_pins();  // rising edge: data sampled
    m_value &= static_cast<std::uint8_t>(~0x01);
    apply_pins();  // falling edge: slave may change SDA
    if (do_read) {
      if (lsb_first)
        in_byte = static_cast<std::uint8_t>((in_byte >> 1) | (sampled ? 0x80 : 0));
      else
        in_byte = static_cast<std::uint8_t>((in_byte << 1) | (sampled ? 1 : 0));
    }
    m_bus_time_s += bit_s;
  }
}

void MpsseSim::execute() {
  std::size_t pos = 0;
  auto need = [&](std::size_t n) { return pos + n <= m_pending.size(); };
  while (pos < m_pending.size()) {
    std::uint8_t op = m_pending[pos];
    if (!(op & 0x80)) {
      // Data shifting command: bit1 = bit mode, bit3 = LSB first, bit4 = write TDI, bit5 = read TDO, bit6 = TMS.
      bool bitmode = op & 0x02, lsb = op & 0x08, wr = op & 0x10, rd = op & 0x20;
      if (op & 0x40) throw I2cTransportError(fmt::format("sim FT232H: TMS opcode {:02X} is not simulated", op));
      if (bitmode) {
        if (!need(2 + (wr ? 1 : 0))) break;
        int nbits = (m_pending[pos + 1] & 7) + 1;
        std::uint8_t data = wr ? m_pending[pos + 2] : 0;
        pos += 2 + (wr ? 1 : 0);
        std::uint8_t in = 0;
        clock_bits(nbits, data, wr, rd, lsb, in);
        if (rd) m_reply.push_back(in);
      } else {
        if (!need(3)) break;
        std::size_t nbytes = (m_pending[pos + 1] | (m_pending[pos + 2] << 8)) + 1u;
        if (wr && !need(3 + nbytes)) break;
        for (std::size_t k = 0; k < nbytes; ++k) {
          std::uint8_t in = 0;
          clock_bits(8, wr ? m_pending[pos + 3 + k] : 0, wr, rd, lsb, in);
          if (rd) m_reply.push_back(in);
        }
        pos += 3 + (wr ? nbytes : 0);
      }
      continue;
    }
    switch (op) {
      case 0x80:
      case 0x82:
        if (!need(3)) goto incomplete;
        if (op == 0x80)
          set_low_byte(m_pending[pos + 1], m_pending[pos + 2]);
        else
          m_bus_time_s += kGpioCommandS;  // ACBUS: nothing attached
        pos += 3;
        break;
      case 0x81:
        m_reply.push_back(static_cast<std::uint8_t>((m_value & m_dir) | (m_bus.sda_line() ? 0x04 : 0)));
        m_bus_time_s += kGpioCommandS;
        pos += 1;
        break;
      case 0x83:
        m_reply.push_back(0);
        pos += 1;
        break;
      case 0x84:
        m_loopback = true;
        pos += 1;
        break;
      case 0x85:
        m_loopback = false;
        pos += 1;
        break;
      case 0x86:
        if (!need(3)) goto incomplete;
        m_divisor = static_cast<std::uint16_t>(m_pending[pos + 1] | (m_pending[pos + 2] << 8));
        pos += 3;
        break;
      case 0x87:
        pos += 1;
        break;  // send immediate: our replies are always available at once
      case 0x8A:
        m_div5 = false;
        pos += 1;
        break;
      case 0x8B:
        m_div5 = true;
        pos += 1;
        break;
      case 0x8C:
        m_three_phase = true;
        pos += 1;
        break;
      case 0x8D:
        m_three_phase = false;
        pos += 1;
        break;
      case 0x96:
      case 0x97:
        pos += 1;
        break;  // adaptive clocking: no RTCK on this bus
      case 0x9E:
        if (!need(3)) goto incomplete;
        m_drive_zero = m_pending[pos + 1];
        pos += 3;
        break;
      default:
        // AN_108 / FTDI "Bad Commands": an unknown opcode is answered with FA <opcode>.
        m_reply.push_back(0xFA);
        m_reply.push_back(op);
        pos += 1;
        break;
    }
  }
incomplete:
  m_pending.erase(m_pending.begin(), m_pending.begin() + static_cast<std::ptrdiff_t>(pos));
}

}  // namespace wb::sim
