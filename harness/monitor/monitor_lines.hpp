// `monitor` when its output is not a terminal: CSV for scripts, as `nvidia-smi --format=csv -l`
// writes it: one header line naming every channel with its unit ("m2_3v3.power_w [W]"), then
// a line per update that starts with its local time stamp. Values rounded to their resolution
// (harness/monitor/reading_format.hpp); a missing reading is an empty cell, never 0.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "harness/trace/sample.hpp"

namespace wb {

std::string monitor_csv_header(const std::vector<ProbeInfo>& probes);

// latest[i], rate_hz[i]: probe i's newest sample (none yet: nullopt) and its achieved rate (0: unknown).
std::string monitor_csv_line(const std::string& timestamp, const std::vector<ProbeInfo>& probes,
                             const std::vector<std::optional<Sample>>& latest, const std::vector<double>& rate_hz);

// Now, in local time to the millisecond: "2026/12/07 15:30:01.123" (nvidia-smi's form).
std::string monitor_timestamp();

}  // namespace wb
