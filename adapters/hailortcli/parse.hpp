// Parsers for Hailo's hailortcli (HailoRT 4.x and 5.x): `run` stdout and CSV, `benchmark`
// stdout (4.x and 5.x summaries) and CSV, `run2` stdout and JSON, and the progress lines of
// `run` / 4.x `benchmark`. Pure functions of text.
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

// One network's figures. A group with one network reports under the group's name; a group with
// several reports each network as "<group>/<network>".
struct NetworkResult {
  std::string name;
  std::string group;  // network group (empty where the output does not say)
  std::optional<double> fps, frames, duration_s, send_mbps, recv_mbps, hw_latency_ms, overall_latency_ms;
};

struct RunOutput {
  std::vector<NetworkResult> networks;
  std::vector<DeviceMeasurements> devices;
  std::optional<std::size_t> result_line;  // "> Inference result:" (1-based)
};

// `Network <ng>/<net>: <pct>% | <count>[/<total>] | FPS: <x.xx> | ETA: HH:MM:SS` (or `| HW Latency: <x.xx> ms`).
struct ProgressLine {
  std::string network;  // as printed, normally "<ng>/<net>"
  unsigned percent = 0;
  double count = 0;
  std::optional<double> total;  // -c mode
  std::optional<double> fps;    // cumulative since the network's inference started
  std::optional<double> hw_latency_ms;
  std::string group() const { return network.substr(0, network.find('/')); }
};
// A progress line after ANSI codes and "\r" redraws are stripped; nullopt for any other line.
std::optional<ProgressLine> parse_progress_line(const std::string& line);

// One network group's Summary block (4.x prints no group name; the CSV does).
struct BenchmarkGroup {
  std::string name;
  std::optional<double> fps_hw_only, fps_streaming, hw_latency_ms, overall_latency_ms;
  std::optional<double> frames, frames_hw_only;  // CSV only, and only for single-network groups
};

struct BenchmarkOutput {
  bool v5 = false;  // 5.0.1+: one run2-based phase, "<ng>: FPS: x.xx"
  std::vector<BenchmarkGroup> groups;
  // 4.x: the streaming phase's last progress frame, one line per network (every group).
  std::vector<ProgressLine> streaming_final;
  std::vector<DeviceMeasurements> devices;
};

std::string strip_ansi(const std::string& text);
// What a terminal keeps of a line: ANSI codes removed, only the text after the last "\r".
std::string visible_text(const std::string& line);
RunOutput parse_run_stdout(const std::string& text, const std::string& file);
// `run <directory>` (run_command_hefs_dir): each HEF's own block, from its "Inferring <path>:"
// line (after 80 '*') to the next, in the tool's order. Empty when the output is one HEF's.
struct HefBlock {
  std::string hef;
  std::size_t first_line = 0;  // 1-based, the "Inferring" line
  std::string text;
};
std::vector<HefBlock> split_hef_dir_stdout(const std::string& text);
bool is_hef_dir_header(const std::string& line);  // "Inferring <path>:"
RunOutput parse_run_csv(const std::string& text, const std::string& file);
BenchmarkOutput parse_benchmark_stdout(const std::string& text, const std::string& file);
BenchmarkOutput parse_benchmark_csv(const std::string& text, const std::string& file);
RunOutput parse_run2_stdout(const std::string& text, const std::string& file);
RunOutput parse_run2_json(const std::string& text, const std::string& file,
                          std::optional<double>* time_to_run_s = nullptr);

// Phase banners of 4.x `benchmark` (all known wordings). They say which phase a progress line
// belongs to; they are no window edges (each phase's set-up and teardown lies between them).
bool is_hw_only_phase_banner(const std::string& line);
bool is_streaming_phase_banner(const std::string& line);
bool is_latency_phase_banner(const std::string& line);
// run2's timer row: "[=====>              ]  25% 00:00:03".
bool is_run2_timer_row(const std::string& line);

}  // namespace wb::hailortcli
