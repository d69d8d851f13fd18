// Parser for Rockchip's rknn_benchmark output (stdout): the SDK/driver versions and tensor
// attributes printed at model load, the warm-up and timed per-iteration lines
// ("%4d: Elapse Time = %.2fms, FPS = %.2f") and the "Avg Time %.2fms, Avg FPS = %.3f" line.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace wb::rknn_benchmark {

struct Tensor {
  std::string name, dims, fmt, type, qnt_type;
};

struct Output {
  std::string api_version, driver_version;  // "2.3.2 (429f97ae6b@2025-04-09T09:09:27)", "0.9.8"
  std::optional<double> weight_bytes, internal_bytes, dma_bytes;
  std::vector<Tensor> inputs, outputs;
  std::vector<double> warmup_ms, run_ms;  // per iteration, as printed (0.01 ms resolution)
  // Timed iterations in the middle of a long log that was not read (kToolLogGapLine): counted
  // from the iteration numbers around the gap, their times unknown.
  std::size_t skipped_runs = 0;
  std::optional<double> avg_ms, avg_fps;  // the tool's average over the timed loop
};

// Throws ParseError when the timed loop is missing or a known line is malformed.
Output parse(const std::string& text, const std::string& file);
// The tool's reason for stopping before its timed loop ("rknn_init fail! ret=-1", "load image
// failed!", with the runtime's "E RKNN: ..." lines); empty when it reached the loop.
std::string failure_reason(const std::string& stdout_text, const std::string& stderr_text);
bool is_perf_banner(const std::string& line);     // "Begin perf ...": printed just before the first timed run
bool is_iteration_line(const std::string& line);  // "   3: Elapse Time = 1.23ms, FPS = 812.34"
// The loop index of an iteration line (0-based, "%4d"); none for anything else.
std::optional<long long> iteration_index(const std::string& line);
bool is_average_line(const std::string& line);  // "Avg Time 1.23ms, Avg FPS = 812.345"

}  // namespace wb::rknn_benchmark
