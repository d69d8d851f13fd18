// benchmark_app statistics report files.
#include "adapters/benchmark_app/report_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "adapters/text_util.hpp"
#include "harness/plugin/tool_kind.hpp"
#include "harness/util/json_text.hpp"

namespace wb::benchmark_app {

namespace {
// StatisticsVariant::to_string writes doubles with std::to_string ("%f" in the C library's
// locale): a locale with a decimal comma gives "20012,345678"; the ';' separator keeps it one cell.
std::optional<double> report_number(std::string s) {
  s = text::trim(s);
  if (s.find(',') != std::string::npos && s.find('.') == std::string::npos) std::replace(s.begin(), s.end(), ',', '.');
  return text::to_number(s);
}

void set_figure(ReportFile& r, const std::string& key, double v) {
  if (key == "execution_time" || key == "total execution time (ms)")
    r.duration_ms = v;
  else if (key == "iterations_num" || key == "total number of iterations")
    r.iterations = v;
  else if (key == "throughput")
    r.throughput_fps = v;
  else if (key == "latency_median" || key == "Median latency (ms)" ||
           (key.rfind("latency (", 0) == 0 && key.find("percentile) (ms)") != std::string::npos))
    r.latency_median_ms = v;
  else if (key == "latency (ms)") {
    r.latency_median_ms = v;
    r.form_2021 = true;
  } else if (key == "latency_avg" || key == "Average latency (ms)")
    r.latency_avg_ms = v;
  else if (key == "latency_min" || key == "Min latency (ms)")
    r.latency_min_ms = v;
  else if (key == "latency_max" || key == "Max latency (ms)")
    r.latency_max_ms = v;
  else if (key == "percentile_boundary" || key == "Percentile boundary")
    r.percentile = v;
}

void require_results(const ReportFile& r, const std::string& file) {
  if (r.duration_ms && r.iterations && r.throughput_fps) return;
  if (!r.error.empty())
    throw ParseError(fmt::format("{}: benchmark_app stopped before its execution results: '{}'", file, r.error));
  throw ParseError(
      fmt::format("{}: a benchmark_app statistics report without its execution results (execution_time, "
                  "iterations_num, throughput): the run stopped before the timed loop ended",
                  file));
}
}  // namespace

std::string report_kind(const std::string& text) {
  std::string t = text::trim(text.substr(0, 4096));
  if (t.rfind('{', 0) == 0) {
    if (t.find("\"execution_results\"") != std::string::npos || t.find("\"cmd_options\"") != std::string::npos ||
        t.find("\"configuration_setup\"") != std::string::npos)
      return "report json";
    if (t.find("\"report_type\"") != std::string::npos || t.find("\"detailed_performance\"") != std::string::npos ||
        t.find("\"avg_performance\"") != std::string::npos)
      return "counters json";
    return "";
  }
  for (const char* head : {"Command line parameters;", "Configuration setup;", "Execution results;"})
    if (t.rfind(head, 0) == 0) return "report csv";
  if (t.rfind("layerName;execStatus;", 0) == 0) return "counters csv";
  return "";
}

ReportFile parse_report(const std::string& text, const std::string& file) {
  ReportFile r;
  std::string kind = report_kind(text);
  if (kind.rfind("counters", 0) == 0)
    throw ParseError(
        fmt::format("{}: a benchmark_app performance-counters report (per-layer times, -report_type "
                    "average_counters/detailed_counters): it holds no run figures; give benchmark_report.{} or the "
                    "tool's output",
                    file, kind == "counters json" ? "json" : "csv"));
  if (kind == "report json") {
    r.form = "json";
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
      throw ParseError(fmt::format("{}: not valid JSON (truncated?): {}", file, e.what()));
    }
    if (j.contains("cmd_options") && j["cmd_options"].is_object()) {
      const auto& c = j["cmd_options"];
      if (c.contains("api") && c["api"].is_string()) r.api = c["api"].get<std::string>();
      if (c.contains("b") && c["b"].is_string()) r.batch_flag = report_number(c["b"].get<std::string>());
    }
    if (j.contains("execution_results") && j["execution_results"].is_object()) {
      for (const auto& [k, v] : j["execution_results"].items()) {
        if (k == "error" && v.is_string())
          r.error = v.get<std::string>();
        else if (v.is_number())
          set_figure(r, k, v.get<double>());
        else if (k != "group_latencies")
          throw ParseError(fmt::format("{}: execution_results.{}: expected a number, found {}", file, k, json_text(v)));
      }
    }
    require_results(r, file);
    return r;
  }
  if (kind != "report csv")
    throw ParseError(
        fmt::format("{}: not a benchmark_app statistics report: expected benchmark_report.csv (\"Command line "
                    "parameters;\" / \"Execution results;\") or benchmark_report.json",
                    file));
  r.form = "csv";
  auto lines = text::lines_of(text);
  std::string category;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string l = text::trim(lines[i]);
    if (l.empty()) continue;
    // Every value is followed by ';' (CsvDumper::operator<<): "name;value;", a header "name;".
    std::vector<std::string> cells;
    std::string cur;
    for (char c : l) {
      if (c == ';') {
        cells.push_back(cur);
        cur.clear();
      } else
        cur += c;
    }
    if (!cur.empty()) cells.push_back(cur);
    if (cells.size() == 1) {
      category = cells[0];
      continue;
    }
    if (category == "Command line parameters") {
      if (cells[0] == "api") r.api = cells[1];
      if (cells[0] == "b") r.batch_flag = report_number(cells[1]);
      continue;
    }
    if (category != "Execution results") continue;
    if (cells[0] == "error") {  // what() may hold ';' itself
      for (std::size_t k = 1; k < cells.size(); ++k) r.error += (k > 1 ? ";" : "") + cells[k];
      continue;
    }
    auto v = report_number(cells[1]);
    if (!v)
      throw ParseError(
          fmt::format("{}:{}: '{}': expected a number, found '{}' in: '{}'", file, i + 1, cells[0], cells[1], l));
    set_figure(r, cells[0], *v);
  }
  require_results(r, file);
  return r;
}

}  // namespace wb::benchmark_app
