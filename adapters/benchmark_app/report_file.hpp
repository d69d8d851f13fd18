// Parser for benchmark_app's statistics report files (-report_type, -report_folder, -json_stats):
// benchmark_report.csv (CsvDumper: ';' after every value, "<Category>;" headers) or
// benchmark_report.json ({"cmd_options", "configuration_setup", "execution_results"}), and the
// per-layer benchmark_<type>_report.{csv,json} that hold no run figures. Sources: openvinotoolkit/
// openvino samples/cpp/benchmark_app/statistics_report.cpp (StatisticsReport::dump,
// StatisticsReportJSON::dump, StatisticsVariant::to_string / write_to_json) and main.cpp (the
// EXECUTION_RESULTS parameters) at 60f2208 / 7258fdf; samples/cpp/common/utils/include/samples/
// csv_dumper.hpp. Pure functions of text.
#pragma once
#include <optional>
#include <string>

namespace wb::benchmark_app {

struct ReportFile {
  std::string form;  // "csv" | "json"
  // "total execution time (ms)" / execution_time: the timed loop, first request's start to the
  // last one's end; "total number of iterations" / iterations_num; "throughput": frames
  // (iterations × batch) per second of that span.
  std::optional<double> duration_ms, iterations, throughput_fps;
  std::optional<double> latency_median_ms, latency_avg_ms, latency_min_ms, latency_max_ms;
  std::optional<double> percentile;  // "Percentile boundary" (the median line's percentile)
  std::string error;                 // the "error" parameter main's catch adds before exit 3
  // 2021 releases: "latency (ms)" (the median) and, with -api sync, a "throughput" of batch × 1000 /
  // that latency, not the count over the duration. From "Command line parameters": api, b.
  bool form_2021 = false;
  std::string api;
  std::optional<double> batch_flag;
  bool throughput_from_latency() const { return form_2021 && api == "sync"; }
};

// What a file is, from its content: "report csv", "report json", "counters csv", "counters json", "".
std::string report_kind(const std::string& text);
// Throws ParseError (file, line, what was expected) for a malformed report or one without the
// execution results (the run stopped before them: its error, where written, is quoted).
ReportFile parse_report(const std::string& text, const std::string& file);

}  // namespace wb::benchmark_app
