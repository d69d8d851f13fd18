// Parsers for Hailo's hailortcli (HailoRT 4.x and 5.x): `run` stdout and CSV, `benchmark`
// stdout (4.x and 5.x summaries) and CSV, `run2` stdout and JSON. Pure functions of text.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace wb::hailortcli {

// What the tool measured itself on the device (firmware-averaged on-module sensor).
struct DeviceMeasurements {
  std::string device;
  std::optional<double> power_min_w, power_avg_w, power_max_w;
  std::optional<double> current_min_ma, current_avg_ma, current_max_ma;
  std::optional<double> temp_min_c, temp_avg_c, temp_max_c;
};

struct NetworkResult {
  std::string name;  // network group
  std::optional<double> fps, frames, duration_s, send_mbps, recv_mbps, hw_latency_ms, overall_latency_ms;
};

struct RunOutput {
  std::vector<NetworkResult> networks;
  std::vector<DeviceMeasurements> devices;
  std::optional<std::size_t> result_line;  // "> Inference result:" (1-based)
};

struct BenchmarkOutput {
  bool v5 = false;
  std::optional<double> fps_hw_only, fps_streaming, hw_latency_ms, overall_latency_ms;
  std::string network;                // 5.x names it
  std::vector<DeviceMeasurements> devices;
};

std::string strip_ansi(const std::string& text);
RunOutput parse_run_stdout(const std::string& text, const std::string& file);
RunOutput parse_run_csv(const std::string& text, const std::string& file);
BenchmarkOutput parse_benchmark_stdout(const std::string& text, const std::string& file);
BenchmarkOutput parse_benchmark_csv(const std::string& text, const std::string& file);
RunOutput parse_run2_stdout(const std::string& text, const std::string& file);
RunOutput parse_run2_json(const std::string& text, const std::string& file, std::optional<double>* time_to_run_s = nullptr);

// Phase banners of `benchmark` (all known wordings): the streaming phase is the power window.
bool is_streaming_phase_banner(const std::string& line);
bool is_latency_phase_banner(const std::string& line);

}  // namespace wb::hailortcli
