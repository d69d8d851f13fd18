// Host overhead of sampling: CPU time of the sampler thread and CSV writer per 1000 samples
// at 1 kHz with a null probe (no bus), and the throughput of a CPU-bound worker with and
// without sampling running beside it.
#include <fmt/format.h>
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "harness/run/sampler.hpp"

using namespace wb;
using namespace std::chrono;

namespace {
class NullProbe : public Probe {
 public:
  NullProbe() {
    m_info.name = "null";
    m_info.rate_hz = 1000;
    m_info.channels = {{"vbus_v", "V", Quantity::voltage},
                       {"current_a", "A", Quantity::current},
                       {"power_w", "W", Quantity::power},
                       {"energy_j", "J", Quantity::energy},
                       {"die_temp_c", "degC", Quantity::temperature}};
  }
  const ProbeInfo& info() const override { return m_info; }
  void open() override {}
  void read(Sample& s) override {
    e += 0.0047;
    s.values = {3.3, 1.42, 4.7, e, 35.0};
  }
  nlohmann::json settings() const override { return {}; }
  ProbeInfo m_info;
  double e = 0;
};

double cpu_s() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

double worker_rate(double seconds) {
  std::atomic<bool> stop{false};
  std::uint64_t n = 0;
  volatile std::uint64_t sink = 0;  // keeps the work from being optimised away
  std::thread t([&] {
    std::uint64_t x = 1;
    while (!stop.load(std::memory_order_relaxed)) {
      for (int i = 0; i < 1000; ++i) x = x * 6364136223846793005ull + 1442695040888963407ull;
      ++n;
    }
    sink = x;
  });
  std::this_thread::sleep_for(duration<double>(seconds));
  stop = true;
  t.join();
  (void)sink;
  return static_cast<double>(n) * 1000 / seconds;
}
}  // namespace

int main() {
  auto dir = std::filesystem::temp_directory_path() / "wattbench-bench-overhead";
  std::filesystem::create_directories(dir);
  NullProbe probe;
  const double seconds = 10;
  double c0 = cpu_s();
  auto t0 = steady_clock::now();
  std::uint64_t samples = 0;
  {
    Sampler s(probe, t0, std::make_unique<TraceCsvWriter>(dir / "power-null.csv", probe.info()));
    s.start();
    std::this_thread::sleep_for(duration<double>(seconds));
    s.stop();
    samples = s.reads();
  }
  double cpu = cpu_s() - c0, wall = duration<double>(steady_clock::now() - t0).count();
  fmt::print("sampler + CSV writer, null probe, 1 kHz for {:.0f} s: {} samples ({:.1f} Hz achieved)\n", wall, samples,
             samples / wall);
  fmt::print("  CPU time: {:.3f} s = {:.2f} ms per 1000 samples = {:.3f} % of one core\n", cpu, cpu / samples * 1e6,
             cpu / wall * 100);
  double base = worker_rate(5);
  Sampler s(probe, steady_clock::now(), std::make_unique<TraceCsvWriter>(dir / "power-null2.csv", probe.info()));
  s.start();
  double with = worker_rate(5);
  s.stop();
  fmt::print("CPU-bound worker: {:.0f} it/s alone, {:.0f} it/s with 1 kHz sampling beside it: ratio {:.4f}\n", base,
             with, with / base);
  std::filesystem::remove_all(dir);
}
