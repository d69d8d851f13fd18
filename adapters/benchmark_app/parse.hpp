// Parser for OpenVINO's benchmark_app (openvinotoolkit/openvino samples/cpp/benchmark_app,
// formerly inference-engine/samples/benchmark_app) stdout: the "[Step N/11]" lines, the slog
// lines ("[ INFO ] ...", "[ WARNING ] ...") and the report after "[Step 11/11] Dumping statistics
// report" in each of its three shapes (see parse.cpp for the sources). slog::err goes to
// stderr: "[ ERROR ] <what()>", then exit 3. Pure functions of text.
#pragma once
#include <optional>
#include <string>

namespace wb::benchmark_app {

// Which release's report the output used.
//   r2021: std::cout "Count:      N iterations", "Latency:    x ms" (the median), no slog prefix;
//   r2022: slog "[ INFO ] Count:      ...", a "Latency:" block of tab-indented statistics;
//   r2023: slog "[ INFO ] Count:               ...", the block indented with three spaces
//          (the newest may print it in "us" when the average is under 1 ms).
enum class Format { r2021, r2022, r2023 };
std::string format_name(Format f);

struct Latency {
  // The "Median" line, or the "<N> percentile" one with -latency_percentile N (N in `percentile`).
  std::optional<double> median_ms, average_ms, min_ms, max_ms;
  int percentile = 50;
  std::string unit;  // as printed: "ms", "us" or "µs"; the figures above are in ms
};

struct Output {
  Format format = Format::r2023;
  double count = 0;                      // "Count: N iterations": requests started in the timed loop
  double duration_ms = 0;                // first timed request's start to the last one's end
  std::optional<double> throughput_fps;  // the tool's own figure, printed with 2 decimals
  Latency latency;
  std::optional<double> batch;  // "Model batch size: N" (2022+), "Network batch size: N" (2021)
  std::optional<double> first_inference_ms, read_model_ms, compile_model_ms;
  std::string build;              // the runtime's "Build ..... <build>"
  std::string api_version;        // 2021: "API version ............ 2.1"
  std::string execution_devices;  // "Execution Devices: ..." (2023+)
  std::string measuring;          // the "[Step 10/11] Measuring performance (...)" detail
  bool warmup_skipped = false;    // -no_warmup: "Skipping warmup inference due to -no_warmup flag"
};

// Throws ParseError (file, line, what was expected) when the report is missing or a line of it
// is malformed.
Output parse(const std::string& text, const std::string& file);
// True when the text holds the report's "Count:" line (the tool finished its timed phase).
bool has_report(const std::string& text);
// The tool's reason for stopping before its report: main's catch prints "[ ERROR ] <what()>" on
// stderr (what() may span lines) and returns 3. Empty when it said none.
std::string failure_reason(const std::string& stdout_text, const std::string& stderr_text);

// Live-line markers. The timed loop starts right after "First inference took X ms" (or, with
// -no_warmup, "Skipping warmup inference ..."); "[Step 11/11] ..." is the first line after it.
bool is_timed_start(const std::string& line);
bool is_report_step(const std::string& line);

}  // namespace wb::benchmark_app
