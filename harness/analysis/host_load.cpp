// Host CPU load from /proc/stat counters.
#include "harness/analysis/host_load.hpp"

#include <sstream>

#include "harness/analysis/energy.hpp"

namespace wb {

std::optional<CpuCounters> parse_proc_stat(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  std::optional<CpuCounters> c;
  int cores = 0;
  while (std::getline(in, line)) {
    if (line.rfind("cpu", 0) != 0) continue;
    if (line.size() > 3 && line[3] != ' ') {
      ++cores;
      continue;
    }
    std::istringstream f(line.substr(3));
    double v[8] = {};  // user nice system idle iowait irq softirq steal
    int n = 0;
    while (n < 8 && f >> v[n]) ++n;
    if (n < 4) return std::nullopt;
    CpuCounters cc;
    cc.busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
    cc.total = cc.busy + v[3] + v[4];
    c = cc;
  }
  if (c) c->cores = cores;
  return c;
}

ProbeInfo host_cpu_info(double rate_hz) {
  ProbeInfo info;
  info.name = "host-cpu";
  info.kind = "proc-stat";
  info.transport = "/proc/stat";
  info.rate_hz = rate_hz;
  info.channels = {{"busy_ticks", "ticks", Quantity::other, {MeterKind::accumulator, 0, "proc(5) cumulative"}},
                   {"total_ticks", "ticks", Quantity::other, {MeterKind::accumulator, 0, "proc(5) cumulative"}},
                   {"cores", "", Quantity::other}};
  return info;
}

HostLoad host_load_over(const std::vector<Sample>& samples, double start_s, double end_s) {
  HostLoad h;
  auto b0 = interpolate_at(samples, kHostBusy, start_s), b1 = interpolate_at(samples, kHostBusy, end_s);
  auto t0 = interpolate_at(samples, kHostTotal, start_s), t1 = interpolate_at(samples, kHostTotal, end_s);
  for (const auto& s : samples)
    if (s.values.size() > kHostCores && is_present(s.values[kHostCores]) && s.values[kHostCores] > 0)
      h.cores = static_cast<int>(s.values[kHostCores]);
  // A window shorter than a few ticks gives no share worth printing.
  if (b0 && b1 && t0 && t1 && *t1 - *t0 >= 10) h.busy_pct = (*b1 - *b0) / (*t1 - *t0) * 100;
  return h;
}

}  // namespace wb
