// The host's /proc/stat counters as a probe the run samples beside the power probes (not a
// plug-in kind: no config, no channels a user picks), streamed to host-cpu.csv so the
// analysis can take the host's load over whatever window it chooses afterwards.
#pragma once
#include <filesystem>
#include <memory>

#include "harness/plugin/probe.hpp"

namespace wb {

inline constexpr double kHostCpuRateHz = 10;  // USER_HZ is 100: finer steps would mostly repeat
inline constexpr const char* kHostCpuTrace = "host-cpu.csv";

// Null when the file cannot be read (not Linux, a container without /proc): the load is then unknown.
std::unique_ptr<Probe> make_host_cpu_probe(const std::filesystem::path& proc_stat = "/proc/stat");

}  // namespace wb
