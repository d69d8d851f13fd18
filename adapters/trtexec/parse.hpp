// Parser for NVIDIA trtexec's performance summary (TensorRT 8.5+ and 10.x; 8.4's
// End-to-End Host Latency line too), behind the sample logger's "[date] [I] " prefix.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wb::trtexec {

struct LatencyStats {  // ms
  std::optional<double> min, max, mean, median;
  std::map<std::string, double> percentiles;  // "90" -> ms
};

struct Output {
  std::optional<double> throughput_qps;
  std::map<std::string, LatencyStats> stats;  // "Latency", "Enqueue Time", "H2D Latency", "GPU Compute Time", ...
  std::optional<double> host_walltime_s, gpu_compute_total_s;
  std::optional<double> trace_queries, trace_s;  // "Timing trace has N queries over X s"
  std::optional<double> gpu_cov_pct;             // "coefficient of variance = X%"
  std::string trt_version;                       // from "&&&& PASSED TensorRT.trtexec [TensorRT v100300]"
  bool passed = false, failed = false;
};

std::string strip_logger_prefix(const std::string& line);
Output parse(const std::string& text, const std::string& file);
bool is_report_start(const std::string& line);  // the first line printed after the timed run

// One query of the --exportTimes file: ms on the tool's inference clock (sampleReporting.cpp
// exportJSONTrace: one "{ ... }" object per line, numbers in ostream's default %g form).
struct TraceQuery {
  double start_compute_ms = 0, end_d2h_ms = 0;
};
// The queries in file order; a line without both fields (a cut file, "inf") is skipped.
std::vector<TraceQuery> parse_export_times(const std::string& text);

}  // namespace wb::trtexec
