// Parser for ONNX Runtime's onnxruntime_perf_test summary (stdout): the "Label: value unit"
// block printed by PerformanceRunner::Run, the DumpToFile tail ("Avg CPU usage:N", "Runs:N")
// and, with -s, the latency statistics in seconds. Any version: the oldest "Total time cost:"
// block, the optional First-inference / run-time / per-second lines, the newer
// "Average inference time cost total:" wording.
#pragma once
#include <map>
#include <optional>
#include <string>

namespace wb::onnxruntime_perf_test {

struct Output {
  std::optional<double> session_creation_s, first_inference_ms;
  std::optional<double> total_time_cost_s;  // sum of the timed requests' own times
  std::optional<double> requests;
  std::optional<double> average_ms;
  std::optional<double> run_time_s;  // wall time of the timed phase ("Total inference run time")
  std::optional<double> per_second;
  std::optional<double> cpu_usage_pct, peak_working_set_bytes;
  std::optional<double> runs;               // DumpToFile's "Runs:N"
  std::map<std::string, double> latency_s;  // "Min", "Max", "P50", "P90", "P95", "P99", "P999"
};

// Throws ParseError when the summary is missing or a known line is malformed.
Output parse(const std::string& text, const std::string& file);
// True when the text holds the summary's request count (so a parse can succeed).
bool has_summary(const std::string& text);
// The tool's reason for stopping before its summary (main.cc: the exception text on stderr,
// "Run failed:..." on stdout); empty when it said none.
std::string failure_reason(const std::string& stdout_text, const std::string& stderr_text);
// The first summary line, printed right after the timed phase ends.
bool is_summary_start(const std::string& line);

}  // namespace wb::onnxruntime_perf_test
