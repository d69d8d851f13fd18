// Soak: a simulated run of SECONDS (default 7200 = 2 h) at 1 kHz, time-accelerated: the
// INA228 model's clock advances 1 ms per sample while the real driver, MPSSE engine, trace
// writer and streaming window integration run as fast as they can. Prints RSS at the start
// and the end (memory must stay flat) and checks the integrated energy against the model's.
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "harness/analysis/energy.hpp"
#include "harness/trace/trace_csv.hpp"
#include "probes/i2c/mpsse_i2c.hpp"
#include "probes/ina228/driver.hpp"
#include "sim/i2c/ina228_model.hpp"
#include "sim/i2c/mpsse_sim.hpp"

using namespace wb;

namespace {
long rss_kib() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}
struct Load : sim::RailSource {
  double voltage_v(double) override { return 3.3; }
  double current_a(double t) override { return 1.2 + 0.2 * std::sin(t * 0.37) + (std::fmod(t, 60) < 30 ? 0.2 : 0); }
  double die_temp_c(double t) override { return 35 + std::sin(t / 600); }
};
}  // namespace

int main(int argc, char** argv) {
  double seconds = argc > 1 ? std::stod(argv[1]) : 7200;
  auto dir = std::filesystem::temp_directory_path() / "wattbench-soak";
  std::filesystem::create_directories(dir);
  double now = 1;
  Load load;
  sim::I2cBusSim bus;
  sim::Ina228Model chip({}, load, [&] { return now; });
  bus.attach(&chip);
  MpsseI2c i2c(std::make_unique<sim::MpsseSim>(bus), 400000);
  i2c.configure();
  ina228::Driver drv(i2c, 0x40, ina228::calibrate(0.015, 2.0), {0xF, 150, 150, 150, 1});
  drv.init();
  ProbeInfo info;
  info.rate_hz = 1000;
  info.channels = {{"vbus_v", "V", Quantity::voltage},
                   {"current_a", "A", Quantity::current},
                   {"power_w", "W", Quantity::power},
                   {"energy_j", "J", Quantity::energy},
                   {"die_temp_c", "degC", Quantity::temperature}};
  info.power_channel = 2;
  info.energy_channel = 3;
  WindowAccumulator acc(info, {10, seconds - 10, "soak", ""});
  long rss0 = rss_kib();
  fmt::print("soak: {:.0f} s simulated at 1 kHz; RSS at start {:.1f} MB\n", seconds, rss0 / 1024.0);
  auto t0 = std::chrono::steady_clock::now();
  double e_start = 0, e_end = 0;
  {
    TraceCsvWriter w(dir / "power-soak.csv", info);
    const long n = static_cast<long>(seconds * 1000);
    for (long k = 0; k < n; ++k) {
      now += 0.001;
      auto r = drv.read();
      Sample s{now - 1,
               {r.vbus_v, r.current_a, r.power_w, r.energy_j, r.die_temp_c},
               r.new_conversion ? 0u : kFlagStale,
               ""};
      w.write(s);
      acc.add(s);
      if (k == 10000) e_start = chip.accumulated_energy_j();
      if (k == n - 10000) e_end = chip.accumulated_energy_j();
      if (k % 600000 == 0 && k)
        fmt::print("  {:>5.0f} min simulated, RSS {:.1f} MB\n", k / 60000.0, rss_kib() / 1024.0);
    }
  }
  auto res = acc.result();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  fmt::print("done in {:.0f} s wall ({:.0f}x real time); RSS at end {:.1f} MB; trace {:.0f} MB\n", wall, seconds / wall,
             rss_kib() / 1024.0, std::filesystem::file_size(dir / "power-soak.csv") / 1e6);
  fmt::print("window energy {:.3f} J from the trace, {:.3f} J in the model's accumulator over the same span\n",
             *res.energy_j, e_end - e_start);
  std::filesystem::remove_all(dir);
}
