// One I2C master (one FT232H) shared by every chip probe on it. The FT232H has one MPSSE
// interface and a second libftdi context on it fails to claim it (hardware.md, Corrections),
// so the probes of one device share one open port. Their sampler threads tick on one schedule;
// the batches they submit within a short gather time go out as one USB write and one read.
#pragma once
#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "probes/i2c/i2c_bus.hpp"

namespace wb {

class SharedI2cBus {
 public:
  // `key` names the device (for errors); `master` does the transfers (e.g. MpsseI2c).
  SharedI2cBus(std::string key, std::unique_ptr<I2cBus> master);
  ~SharedI2cBus();

  // Runs `batch` together with what the other members submit within `gather` (or as soon as
  // every member has submitted). After a transport failure the bus is broken: every later
  // call throws, and the owner opens a new one.
  void run(std::vector<I2cTransfer>& batch, std::chrono::microseconds gather);
  // Runs fn with no round in flight (attaching a simulated chip, for one).
  void exclusive(const std::function<void()>& fn);
  void join();
  void leave();
  bool broken() const;
  const std::string& key() const { return m_key; }
  std::string describe() const { return m_master->describe(); }
  // USB rounds run so far (one write + one read each), for tests.
  std::uint64_t rounds() const;

 private:
  struct Pending {
    std::vector<I2cTransfer>* batch;
    bool done = false;
    std::exception_ptr error;
  };
  void execute_locked(std::unique_lock<std::mutex>& lock);

  std::string m_key;
  std::unique_ptr<I2cBus> m_master;
  mutable std::mutex m_mutex;
  std::condition_variable m_cv;
  std::vector<Pending*> m_pending;
  int m_members = 0;
  bool m_round_running = false;
  std::string m_broken;  // why, once a round failed
  std::uint64_t m_rounds = 0;
};

// What one probe sees: an I2cBus whose transfers ride on the shared rounds.
class SharedBusMember : public I2cBus {
 public:
  SharedBusMember(std::shared_ptr<SharedI2cBus> bus, std::chrono::microseconds gather);
  ~SharedBusMember() override;
  void run(std::vector<I2cTransfer>& batch) override { m_bus->run(batch, m_gather); }
  std::string describe() const override { return m_bus->describe(); }
  SharedI2cBus& shared() { return *m_bus; }

 private:
  std::shared_ptr<SharedI2cBus> m_bus;
  std::chrono::microseconds m_gather;
};

}  // namespace wb
