// Parser for the Axelera Voyager SDK runner (inference.py / benchmark.py): the end-of-run
// tracer log lines ("INFO    : Metis : 2051.3fps") and the --show-stats table.
#pragma once
#include <optional>
#include <string>

namespace wb::axelera {

struct Output {
  std::optional<double> device_fps;  // "Metis": the accelerator's own throughput
  std::optional<double> host_fps;
  std::optional<double> system_fps;  // "End-to-end"
  std::optional<double> core_temp_c, cpu_pct, latency_ms, jitter_ms;
  std::optional<double> device_latency_us, host_latency_us;  // --show-stats table
  std::optional<std::size_t> first_result_line;              // 1-based
};

Output parse(const std::string& text, const std::string& file);
// True for the first end-of-run line (a tracer log line or the stats table rule).
bool is_end_of_run_line(const std::string& line);

}  // namespace wb::axelera
