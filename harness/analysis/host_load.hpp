// The host's CPU load over the measured window (issue 17, host cost), from /proc/stat's
// cumulative counters sampled through the run (host-cpu.csv). Pure functions.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "harness/trace/sample.hpp"

namespace wb {

// proc(5): the aggregate "cpu" line's fields in USER_HZ ticks. Busy = user + nice + system +
// irq + softirq + steal (guest time is already inside user and nice); idle = idle + iowait.
struct CpuCounters {
  double busy = 0, total = 0;
  int cores = 0;  // "cpuN" lines: the online CPUs
};
std::optional<CpuCounters> parse_proc_stat(const std::string& text);

// host-cpu.csv's channels, in this order.
enum HostCpuChannel { kHostBusy, kHostTotal, kHostCores, kHostChannelCount };
ProbeInfo host_cpu_info(double rate_hz);

struct HostLoad {
  std::optional<double> busy_pct;  // of all cores, over the window
  std::optional<int> cores;
};
// Counters interpolated at the window's edges; nothing when the samples do not bracket it.
HostLoad host_load_over(const std::vector<Sample>& samples, double start_s, double end_s);

}  // namespace wb
