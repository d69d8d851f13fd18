// Analysis at scale: writes a one-hour 1 kHz trace with 5 channels (18 M values), then times
// the streaming window integration and the report's downsampling, with peak RSS; also on a
// ten-minute trace to show memory flat in trace length. Keeps the hour trace at the printed
// path for bench/pandas_window_mean.py to read the same file.
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "harness/analysis/energy.hpp"
#include "harness/trace/downsample.hpp"
#include "harness/trace/trace_csv.hpp"
#include "harness/trace/trace_seek.hpp"

using namespace wb;
using namespace std::chrono;

namespace {
long vm_hwm_kib() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

ProbeInfo info() {
  ProbeInfo i;
  i.name = "m2_3v3";
  i.rate_hz = 1000;
  i.channels = {{"vbus_v", "V", Quantity::voltage},
                {"current_a", "A", Quantity::current},
                {"power_w", "W", Quantity::power},
                {"energy_j", "J", Quantity::energy},
                {"die_temp_c", "degC", Quantity::temperature}};
  i.power_channel = 2;
  i.energy_channel = 3;
  return i;
}

void write_trace(const std::filesystem::path& p, double seconds) {
  TraceCsvWriter w(p, info());
  double e = 0;
  for (long k = 0; k <= static_cast<long>(seconds * 1000); ++k) {
    double t = k / 1000.0, pw = 4.7 + 0.1 * std::sin(t * 7.3);
    e += pw / 1000;
    w.write({t, {3.29, pw / 3.29, pw, e, 35 + t / 600}, 0, ""});
  }
}

void analyse(const std::filesystem::path& p, double seconds) {
  auto t0 = steady_clock::now();
  WindowAccumulator acc(info(), {seconds * 0.1, seconds * 0.9, "bench", ""});
  std::size_t total = 0;
  // One pass converting only what the window folds use: t_s, flags, power and energy.
  const std::vector<std::size_t> folded{static_cast<std::size_t>(info().power_channel),
                                        static_cast<std::size_t>(info().energy_channel)};
  for_each_sample(
      p,
      [&](const Sample& s) {
        acc.add(s);
        ++total;
      },
      folded);
  auto r = acc.result();
  double t_window = duration<double>(steady_clock::now() - t0).count();
  t0 = steady_clock::now();
  TracePlotData plot(0, seconds, total);  // what report.html's zoomable chart gets
  for_each_sample(
      p, [&](const Sample& s) { plot.add(s.t_s, s.values[2]); }, std::vector<std::size_t>{2});
  auto pts = plot.points();
  double t_plot = duration<double>(steady_clock::now() - t0).count();
  t0 = steady_clock::now();
  auto seek_e = window_energy_by_seek(p, info(), {seconds * 0.1, seconds * 0.9, "bench", ""});
  double t_seek = duration<double>(steady_clock::now() - t0).count();
  fmt::print(
      "        window mean from the ENERGY accumulator at the two edges (binary search): {:.4f} W in {:.1f} ms\n",
      *seek_e / (seconds * 0.8), t_seek * 1e3);
  fmt::print(
      "{:>6.0f} min trace ({:.0f} MB): window integration {:.2f} s (mean {:.4f} W, {} samples), "
      "plot downsampling {:.2f} s ({} points); peak RSS {:.1f} MB\n",
      seconds / 60, std::filesystem::file_size(p) / 1e6, t_window, *r.mean_power_w, r.samples, t_plot, pts.size(),
      vm_hwm_kib() / 1024.0);
}
}  // namespace

int main(int argc, char** argv) {
  auto dir = std::filesystem::path(argc > 1 ? argv[1] : "/tmp/wattbench-bench-analysis");
  std::filesystem::create_directories(dir);
  auto short_trace = dir / "power-10min.csv", hour = dir / "power-1h.csv";
  auto t0 = steady_clock::now();
  write_trace(short_trace, 600);
  write_trace(hour, 3600);
  fmt::print("wrote the traces in {:.1f} s (streamed, flushed every second)\n",
             duration<double>(steady_clock::now() - t0).count());
  analyse(short_trace, 600);
  analyse(hour, 3600);
  fmt::print("hour trace kept at {} (window [360 s, 3240 s]) for bench/pandas_window_mean.py\n", hour.string());
}
