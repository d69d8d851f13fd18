// Parsers for DeepX dxbenchmark outputs (DX-RT v3.1–v3.4): stdout (versions, model-info
// blocks, the profiler tables of each version), DXBENCHMARK_*.csv / *.json reports, and
// profiler.json (per-event CLOCK_MONOTONIC times, from which the timed loop is found).
// Pure functions of text; errors name the file and line.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wb::dxbenchmark {

// One row of the profiler table printed at exit. v3.1/v3.2: one table, sample durations after
// the average; v3.3: a table per device; v3.4: per task and device, with a CoV column.
struct ProfilerRow {
  std::string name;    // as printed, trimmed ("NPU Task", "NPU Task (total)", "- H2D (Host-to-Device)")
  std::string device;  // "Device 0", "CPU", or "" when the table has no device sections (v3.1/v3.2)
  std::string task;    // v3.4 "Task: npu_0" sections, else ""
  double min_us = 0, max_us = 0, avg_us = 0;
  std::optional<double> cov_pct;   // v3.4
  std::vector<double> samples_us;  // v3.1/v3.2: up to 30 durations, in event-name order (not time order)
  bool more_samples = false;       // the list ended with "..."
};

struct StdoutInfo {
  std::map<std::string, std::string> versions;  // runtime, device_driver, pcie_driver (without 'v')
  std::vector<std::string> model_files;         // "=== Model File: <path> ===" in run order
  std::vector<ProfilerRow> profiler;            // every row of every table, in print order
  std::string profiler_layout;                  // "v3.1/v3.2", "v3.3", "v3.4" or "" (no table)
  std::optional<std::size_t> profiler_line;     // 1-based line of "Profiler data has been written"
  // v3.1–v3.3 only: the "dxbenchmark_<model>" span. It covers model load, warm-up and the timed
  // loop (the profiler starts it before the model loads), so it is NOT the timed phase.
  std::optional<double> load_to_end_s;
  std::string span_model;
  // The row named `name` (first device or task where there are several), if printed.
  const ProfilerRow* row(const std::string& name) const;
};

struct ModelResult {
  std::string model;
  double fps = 0;
  std::optional<double> npu_mean_ms, npu_sd_ms, npu_cv;
  std::optional<double> latency_mean_ms, latency_sd_ms, latency_cv;
  std::map<std::string, std::string> versions;  // runtime, firmware, device_driver, pcie_driver
};

// The timed loop as profiler.json records it: the NPU Task events after the warm-up runs.
struct TimedLoop {
  std::string key_scheme;         // "v3.1/v3.2", "v3.3" or "v3.4" (from the event names)
  std::size_t npu_tasks = 0;      // NPU tasks per inference (distinct task names)
  std::size_t events = 0;         // NPU Task events in the file
  std::size_t warmup_events = 0;  // skipped as warm-up (warm-up runs × NPU tasks)
  double first_start_s = 0;       // CLOCK_MONOTONIC seconds of the first timed NPU Task start
  double last_end_s = 0;          // ... and of the last NPU Task end
  std::size_t inferences = 0;     // timed inferences (timed events / NPU tasks)
  bool complete = true;           // false: v3.4 keeps only the last 1024 jobs; the start is lost
  bool warmup_sequential = true;  // the skipped events ran one at a time, as synchronous warm-up runs do
  double duration_s() const { return last_end_s - first_start_s; }
};

StdoutInfo parse_stdout(const std::string& text, const std::string& file);
std::vector<ModelResult> parse_csv(const std::string& text, const std::string& file);
std::vector<ModelResult> parse_json(const std::string& text, const std::string& file);
// warmup_runs: dxbenchmark's --warmup (a count of synchronous runs; the tool's default is 10).
TimedLoop parse_profile(const std::string& text, const std::string& file, long warmup_runs);
// A first line that says why the tool did nothing (it exits 0 on bad options), else "".
std::string tool_error(const std::string& stdout_text, const std::string& stderr_text);

inline constexpr const char* kProfilerWrittenMarker = "Profiler data has been written to";
inline constexpr const char* kProfileFile = "profiler.json";
inline constexpr long kDefaultWarmup = 10;

}  // namespace wb::dxbenchmark
