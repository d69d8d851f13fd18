// Parser for the Axelera Voyager SDK runner (inference.py): the end-of-run tracer metrics in
// both forms, the --show-stats table, and the tqdm progress bar it draws on stderr.
//   SDK 1.2.5 / 1.3.x  LOG.info(f"{title} : {value:.1f}{unit}")        "INFO    : End-to-end : 798.4fps"
//   SDK 1.4+           display_tracers: title.ljust(widest) + " : " + text_report()
//                      "End-to-end : 798.4fps", "Latency    : 41.3ms (min:35.2 max:61.0 σ:3.1 x̄:41.9)ms"
//   --show-stats       a table: "Latency(us)" header (1.2.5) or "Time(𝜇s)" (1.3+), ANSI always
// Sources: axelera-ai-hub/voyager-sdk v1.2.5 inference.py:72-77, statistics.py:43-83;
// linenmin/FlowSentry-Wake (SDK releases) befa6c2 v1.4.2 inf_tracers.py:71-73,107-109,910-918.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "harness/plugin/tool_kind.hpp"

namespace wb::axelera {

struct Metric {
  std::string title, unit;                   // "End-to-end", "fps"
  std::optional<double> value;               // absent when printed as inf/nan
  std::optional<double> min, max, sd, mean;  // Latency's stats form (1.4+)
};

struct Element {  // a --show-stats table row
  std::string name;
  std::optional<double> us, fps;  // fps absent for "n/a" (…latency elements)
};

struct Output {
  std::string form;             // "log" (≤1.3), "tracers" (1.4+), "table" (table only, ≤1.3 with --show-stats)
  std::vector<Metric> metrics;  // every tracer line in order, -v extras included
  std::vector<Element> elements;
  std::string table_time_header;     // "Latency(us)" (1.2.5) or "Time(𝜇s)" (1.3+)
  std::optional<double> device_fps;  // "Metis": the accelerator's own rate, median of the last ~5 s
  std::optional<double> host_fps;
  std::optional<double> system_fps;      // "End-to-end": mean of the last ≤5 closed ~1 s chunks
  bool system_fps_not_measured = false;  // "End-to-end : 0.0fps": fewer than one closed chunk
  std::optional<double> inference_rate, core_temp_c, cpu_pct, jitter_ms;
  std::optional<double> latency_ms, latency_min_ms, latency_max_ms, latency_sd_ms, latency_mean_ms;
  std::optional<double> device_latency_us, host_latency_us;  // table pseudo-rows " └─ Metis", " └─ Host"
  std::optional<std::size_t> first_result_line;              // 1-based
};

Output parse(const std::string& text, const std::string& file);
// True for the first end-of-run line (a tracer line of either form or the stats table rule).
bool is_end_of_run_line(const std::string& line);

// One tqdm redraw: "Detecting... …:  37%|███▋      | 371/1000 [00:02<00:04, 150.20frames/s]".
struct BarFrame {
  long long n = 0;
  std::optional<long long> total;
};
std::optional<BarFrame> parse_bar(const std::string& line);

// The streaming window read off the bar's redraws: from the first redraw after the settling
// time to the last redraw before the end-of-run lines, with tqdm's own frame counter.
struct BarWindow {
  double start_s = 0, end_s = 0;
  long long n_start = 0, n_end = 0;
  std::size_t redraws = 0;   // distinct counter values seen while frames flowed
  double settle_s = 0;       // skipped after the first frame
  double uncertainty_s = 0;  // per edge
  std::string detail;
  double frames() const { return static_cast<double>(n_end - n_start); }
  double fps() const { return frames() / (end_s - start_s); }
};
inline constexpr double kSettleS = 1.0;
std::optional<BarWindow> bar_window(const std::vector<TimedLine>& lines, double settle_s = kSettleS);

}  // namespace wb::axelera
