// Parsers for DeepX dxbenchmark outputs (DX-RT v3.1/v3.2): stdout, DXBENCHMARK_*.csv and
// DXBENCHMARK_*.json. Pure functions of text; errors name the file and line.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wb::dxbenchmark {

struct ProfilerRow {
  double min_us = 0, max_us = 0, avg_us = 0;
};

struct StdoutInfo {
  std::map<std::string, std::string> versions;  // runtime, device_driver, pcie_driver (without 'v')
  std::vector<std::string> model_files;         // "=== Model File: <path> ===" in order
  std::map<std::string, ProfilerRow> profiler;  // by row name
  std::optional<std::size_t> profiler_line;     // 1-based line of "Profiler data has been written"
  // Timed-phase length of the last model: the profiler's "dxbenchmark_<model>" row (µs → s).
  std::optional<double> benchmark_s;
  std::string benchmark_model;
};

struct ModelResult {
  std::string model;
  double fps = 0;
  std::optional<double> npu_mean_ms, npu_sd_ms, npu_cv;
  std::optional<double> latency_mean_ms, latency_sd_ms, latency_cv;
  std::map<std::string, std::string> versions;  // runtime, firmware, device_driver, pcie_driver
};

StdoutInfo parse_stdout(const std::string& text, const std::string& file);
std::vector<ModelResult> parse_csv(const std::string& text, const std::string& file);
std::vector<ModelResult> parse_json(const std::string& text, const std::string& file);

inline constexpr const char* kProfilerWrittenMarker = "Profiler data has been written to";

}  // namespace wb::dxbenchmark
