// Gathering the batches of the probes on one I2C master into one transfer per tick.
#include "probes/i2c/shared_bus.hpp"

#include <fmt/format.h>

namespace wb {

SharedI2cBus::SharedI2cBus(std::string key, std::unique_ptr<I2cBus> master)
    : m_key(std::move(key)), m_master(std::move(master)) {}

SharedI2cBus::~SharedI2cBus() = default;

void SharedI2cBus::join() {
  std::lock_guard lock(m_mutex);
  ++m_members;
}

void SharedI2cBus::leave() {
  {
    std::lock_guard lock(m_mutex);
    --m_members;
  }
  m_cv.notify_all();  // the others may now be complete without this member
}

bool SharedI2cBus::broken() const {
  std::lock_guard lock(m_mutex);
  return !m_broken.empty();
}

std::uint64_t SharedI2cBus::rounds() const {
  std::lock_guard lock(m_mutex);
  return m_rounds;
}

void SharedI2cBus::exclusive(const std::function<void()>& fn) {
  std::unique_lock lock(m_mutex);
  m_cv.wait(lock, [&] { return !m_round_running; });
  fn();
}

void SharedI2cBus::execute_locked(std::unique_lock<std::mutex>& lock) {
  auto round = std::move(m_pending);
  m_pending.clear();
  m_round_running = true;
  lock.unlock();
  // One combined batch: each member's transfers in order, then handed back.
  std::vector<I2cTransfer> combined;
  for (auto* p : round)
    for (auto& t : *p->batch) combined.push_back(std::move(t));
  std::exception_ptr error;
  try {
    m_master->run(combined);
  } catch (...) {
    error = std::current_exception();
  }
  std::size_t k = 0;
  for (auto* p : round)
    for (auto& t : *p->batch) t = std::move(combined[k++]);
  lock.lock();
  if (error && m_broken.empty()) {
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      m_broken = e.what();
    }
  }
  for (auto* p : round) p->done = true, p->error = error;
  m_round_running = false;
  ++m_rounds;
  m_cv.notify_all();
}

void SharedI2cBus::run(std::vector<I2cTransfer>& batch, std::chrono::microseconds gather) {
  std::unique_lock lock(m_mutex);
  if (!m_broken.empty()) throw I2cTransportError(fmt::format("{}: failed earlier ({}); reopening", m_key, m_broken));
  Pending mine{&batch, false, nullptr};
  m_pending.push_back(&mine);
  auto deadline = std::chrono::steady_clock::now() + gather;
  while (!mine.done) {
    bool everyone = static_cast<int>(m_pending.size()) >= m_members;
    if (!m_round_running && (everyone || std::chrono::steady_clock::now() >= deadline)) {
      execute_locked(lock);
      continue;
    }
    if (m_round_running)
      m_cv.wait(lock);
    else
      m_cv.wait_until(lock, deadline);
  }
  if (mine.error) std::rethrow_exception(mine.error);
}

SharedBusMember::SharedBusMember(std::shared_ptr<SharedI2cBus> bus, std::chrono::microseconds gather)
    : m_bus(std::move(bus)), m_gather(gather) {
  m_bus->join();
}

SharedBusMember::~SharedBusMember() { m_bus->leave(); }

}  // namespace wb
