// Parser for TensorFlow Lite's benchmark_model output (stdout and the TFLite runtime's
// stderr lines), any TF version: with or without the "INFO: " prefix, scientific averages,
// "count=N curr=X" single-sample stats, both delegation-line wordings, TF 1.x's "Average
// inference timings" line and its unit glued to the number ("Initialized session in 5.218ms").
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wb::benchmark_model {

// "count=368 first=2749 curr=2711 min=2688 max=2840 avg=2713.56 std=19" (µs), newest TF/LiteRT
// with " p5=… median=… p95=…"; "count=0" (no samples) leaves everything but count absent.
struct RunStat {
  double count = 0;
  std::optional<double> first_us, curr_us, min_us, max_us, avg_us, std_us;
  std::optional<double> p5_us, median_us, p95_us;
};

struct Output {
  std::map<std::string, std::string> params;  // "Graph" -> "...", "External delegate path" -> ...
  std::string tf_version;
  std::string graph;
  std::optional<double> model_size_mb, init_ms;
  std::vector<RunStat> stats;  // warmup, then the measured run
  std::optional<double> init_us, first_us, warmup_avg_us, inference_avg_us;
  std::optional<double> mem_init_mb, mem_overall_mb, peak_mb;
  // Delegation: "Replacing X [out of Y] node(s) with delegate (NAME) node, yielding Z partitions"
  std::optional<int> nodes_delegated, nodes_total, partitions;
  std::string delegate_name;
  std::string delegation;  // "complete" | "partial" | "none" from "Explicitly applied … delegate" lines
  std::optional<int> delegate_kernels;
  std::vector<std::string> delegates_created;  // "XNNPACK", "EXTERNAL", ...
  // Pacing from the logged parameters: "Number of prorated runs per second: [f]" (--run_frequency,
  // overrides run_delay) and "Inter-run delay (seconds): [d]" (--run_delay); the tool's default
  // -1 (printed by TF 1.x whatever was given) means none.
  std::optional<double> run_frequency, run_delay_s;
  bool paced() const { return run_frequency.value_or(-1) > 0 || run_delay_s.value_or(-1) > 0; }
};

// Strips the TFLite log prefixes ("INFO: ", "WARN: ", "VERBOSE: ", "ERROR: ").
std::string strip_prefix(const std::string& line);
Output parse(const std::string& text, const std::string& file);
// The line that starts a Run(): "Running benchmark for at least …" (TF ≥ 1.14), "Running benchmark
// for N iterations " (TF 1.10–1.13); the second one starts the measured run.
bool is_run_banner(const std::string& line);
bool is_stat_line(const std::string& line);

}  // namespace wb::benchmark_model
