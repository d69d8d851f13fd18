// The sampler's stop deadline: a read that never returns (a wedged driver) must not hold up the run.
#include <doctest/doctest.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "harness/run/sampler.hpp"

namespace fs = std::filesystem;

namespace {
// Reads instantly until told to block; a blocked read returns only when released.
class BlockingProbe : public wb::Probe {
 public:
  BlockingProbe() {
    m_info.name = "stuck";
    m_info.kind = "test";
    m_info.rate_hz = 200;
    m_info.channels = {{"power_w", "W", wb::Quantity::power}};
    m_info.power_channel = 0;
  }
  const wb::ProbeInfo& info() const override { return m_info; }
  void open() override {}
  nlohmann::json settings() const override { return nlohmann::json::object(); }
  void read(wb::Sample& s) override {
    std::unique_lock lock(m_mutex);
    ++m_reads;
    m_blocked = m_block;
    m_cv.notify_all();
    m_cv.wait(lock, [&] { return !m_block || m_released; });
    if (m_block) {
      m_returned_after_block = true;
      m_cv.notify_all();
    }
    s.values = {1.0};
  }
  void block_next() {
    std::unique_lock lock(m_mutex);
    m_cv.wait(lock, [&] { return m_reads >= 3; });  // it has been sampling
    m_block = true;
    m_cv.wait(lock, [&] { return m_blocked; });  // a read is inside now
  }
  void release_and_wait() {
    std::unique_lock lock(m_mutex);
    m_released = true;
    m_cv.notify_all();
    m_cv.wait(lock, [&] { return m_returned_after_block; });
  }

 private:
  wb::ProbeInfo m_info;
  std::mutex m_mutex;
  std::condition_variable m_cv;
  int m_reads = 0;
  bool m_block = false, m_blocked = false, m_released = false, m_returned_after_block = false;
};
}  // namespace

TEST_CASE("sampler: a read that never returns is abandoned at the stop deadline, not waited on forever") {
  auto dir = fs::temp_directory_path() / "wb-sampler-hang";
  fs::create_directories(dir);
  BlockingProbe probe;
  auto sampler =
      std::make_unique<wb::Sampler>(probe, std::chrono::steady_clock::now(),
                                    std::make_unique<wb::TraceCsvWriter>(dir / "power-stuck.csv", probe.info()));
  sampler->start();
  probe.block_next();
  auto before = std::chrono::steady_clock::now();
  CHECK_FALSE(sampler->stop(std::chrono::milliseconds(300)));
  CHECK(std::chrono::steady_clock::now() - before < std::chrono::seconds(5));
  CHECK(sampler->hung().find("probe stuck") != std::string::npos);
  CHECK(sampler->hung().find("samples end at t =") != std::string::npos);
  auto reads = sampler->reads();
  CHECK(reads >= 3);
  // The read comes back after all: its sample is not written, and the thread ends on its own.
  probe.release_and_wait();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(sampler->reads() == reads);
  sampler.reset();
  fs::remove_all(dir);
}

TEST_CASE("sampler: a probe that answers stops within the deadline") {
  auto dir = fs::temp_directory_path() / "wb-sampler-ok";
  fs::create_directories(dir);
  BlockingProbe probe;
  wb::Sampler sampler(probe, std::chrono::steady_clock::now(),
                      std::make_unique<wb::TraceCsvWriter>(dir / "power-stuck.csv", probe.info()));
  sampler.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(sampler.stop(std::chrono::milliseconds(2000)));
  CHECK(sampler.hung().empty());
  CHECK(sampler.reads() > 0);
  fs::remove_all(dir);
}
