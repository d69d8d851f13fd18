// An FT232H MPSSE engine (FTDI AN_108 opcodes) driving an I2cBusSim. It returns exactly the
// bytes a real FT232H would and keeps the bus time the command stream takes at the
// programmed clock, so the real MpsseI2c driver can be tested and timed against it.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include "probes/i2c/ftdi_port.hpp"
#include "sim/i2c/i2c_bus_sim.hpp"

namespace wb::sim {

class MpsseSim : public FtdiPort {
 public:
  explicit MpsseSim(I2cBusSim& bus) : m_bus(bus) {}

  void write(std::span<const std::uint8_t> bytes) override;
  void read(std::span<std::uint8_t> out) override;
  void enter_mpsse() override;
  std::string describe() const override { return "sim FT232H (MpsseSim)"; }

  // Wire time of everything executed so far, from the programmed clock (seconds).
  double bus_time_s() const { return m_bus_time_s; }
  double tck_hz() const;
  double scl_hz() const { return m_three_phase ? tck_hz() * 2.0 / 3.0 : tck_hz(); }
  std::uint64_t usb_writes() const { return m_writes; }
  std::uint64_t usb_reads() const { return m_reads; }
  // Reply bytes executed commands have queued for the host and no read() has taken yet.
  std::size_t reply_pending() const { return m_reply.size(); }
  // Fault injection: after this many more USB writes, every transfer fails (device gone).
  void fail_after_writes(std::uint64_t n) { m_fail_after = m_writes + n; }
  void reconnect() { m_fail_after = UINT64_MAX; }
  // Unplugged while now() is in [from_s, to_s): every USB transfer fails.
  void unplug_between(double from_s, double to_s, std::function<double()> now) {
    m_unplug_from = from_s;
    m_unplug_to = to_s;
    m_clock = std::move(now);
  }

  // Assumed execution time of one GPIO (0x80..0x83) command; pyftdi uses the same figure.
  static constexpr double kGpioCommandS = 0.5e-6;

 private:
  void check_plugged(const char* what) const;
  void execute();
  void set_low_byte(std::uint8_t value, std::uint8_t dir);
  bool apply_pins();
  void clock_bits(int nbits, std::uint8_t out_byte, bool do_write, bool do_read, bool lsb_first, std::uint8_t& in_byte);

  I2cBusSim& m_bus;
  std::vector<std::uint8_t> m_pending;  // an incomplete command waiting for more bytes
  std::deque<std::uint8_t> m_reply;
  bool m_mpsse = false;
  bool m_div5 = true, m_three_phase = false, m_loopback = false;
  std::uint16_t m_divisor = 0;
  std::uint8_t m_value = 0, m_dir = 0, m_drive_zero = 0;
  double m_bus_time_s = 0;
  std::uint64_t m_writes = 0, m_reads = 0, m_fail_after = UINT64_MAX;
  double m_unplug_from = 0, m_unplug_to = 0;
  std::function<double()> m_clock;
};

}  // namespace wb::sim
