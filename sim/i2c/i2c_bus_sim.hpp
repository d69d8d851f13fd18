// An open-drain I2C bus: SDA/SCL are wired-AND of the master's and the slaves' drivers.
// It decodes START, repeated START, address, data, ACK/NACK and STOP from line edges,
// drives slaves, and can log every decoded transaction for tests.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

namespace wb::sim {

class I2cSlave {
 public:
  virtual ~I2cSlave() = default;
  virtual std::uint8_t address() const = 0;
  virtual void start(bool read) = 0;            // addressed after (repeated) START
  virtual bool write_byte(std::uint8_t b) = 0;  // returns ACK
  virtual std::uint8_t read_byte() = 0;
  virtual void stop() = 0;
  // False while the chip is unpowered: it then ACKs nothing, as if absent.
  virtual bool responds() { return true; }
};

// Master pin drive: low, high (push-pull) or released (high-Z, pulled up).
enum class Drive { low, high, released };

struct BusSegment {
  bool repeated_start = false;
  std::uint8_t address = 0;
  bool read = false;
  bool address_acked = false;
  std::vector<std::uint8_t> bytes;
  std::vector<bool> acked;  // write: slave ACK per byte; read: master ACK per byte (false = NACK)
};
struct BusTransaction {
  std::vector<BusSegment> segments;
  bool stopped = false;
};

class I2cBusSim {
 public:
  void attach(I2cSlave* slave) { m_slaves.push_back(slave); }
  void detach(I2cSlave* slave);
  // Applies the master's pin drives; returns the SDA line level the master's input sees.
  bool update(Drive scl, Drive sda);
  bool sda_line() const { return m_sda; }

  void set_logging(bool on) { m_logging = on; }
  const std::vector<BusTransaction>& log() const { return m_log; }
  void clear_log() { m_log.clear(); }
  // Push-pull high fighting a slave pulling low: a wiring/driver fault on real hardware.
  std::uint64_t contentions() const { return m_contentions; }

 private:
  enum class State { idle, address, address_ack, write_byte, write_ack, read_byte, read_ack };
  void on_start();
  void on_stop();
  void on_scl_rise();
  void on_scl_fall();
  BusSegment* segment();

  std::vector<I2cSlave*> m_slaves;
  I2cSlave* m_active = nullptr;
  State m_state = State::idle;
  bool m_scl = true, m_sda = true;
  bool m_slave_sda = true;  // true = released
  int m_bits = 0;
  std::uint8_t m_shift = 0;
  std::uint8_t m_out = 0;
  bool m_read = false;
  bool m_in_transaction = false;
  bool m_logging = false;
  std::vector<BusTransaction> m_log;
  std::uint64_t m_contentions = 0;
};

}  // namespace wb::sim
