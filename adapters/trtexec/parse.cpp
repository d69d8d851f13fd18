// trtexec output, from samples/common/sampleReporting.cpp (vendor-formats.md §5.1).
#include "adapters/trtexec/parse.hpp"

#include <fmt/format.h>

#include "harness/util/regex.hpp"

#include "adapters/text_util.hpp"
#include "harness/plugin/tool_kind.hpp"

namespace wb::trtexec {

std::string strip_logger_prefix(const std::string& line) {
  static const rx::regex re(R"(^\[\d\d/\d\d/\d{4}-\d\d:\d\d:\d\d\] \[[IWEV]\] ?)");
  return rx::replace(line, re, "");
}

bool is_report_start(const std::string& line) {
  std::string l = strip_logger_prefix(text::trim(line));
  return l.rfind("Warmup completed", 0) == 0 || l.rfind("Timing trace has", 0) == 0 || l == "=== Trace details ===" ||
         l == "=== Performance summary ===";
}

std::vector<TraceQuery> parse_export_times(const std::string& text) {
  // The writer puts each object on its own line: `  { "startEnqMs" : 0.1, ... }` or `, { ... }`.
  auto field = [](const std::string& l, const char* key) -> std::optional<double> {
    std::string k = std::string("\"") + key + "\" : ";
    auto at = l.find(k);
    if (at == std::string::npos) return std::nullopt;
    std::size_t from = at + k.size(), to = l.find_first_of(", }", from);
    auto v = text::to_number(l.substr(from, to == std::string::npos ? std::string::npos : to - from));
    return v;
  };
  std::vector<TraceQuery> out;
  for (const auto& l : text::lines_of(text)) {
    auto c = field(l, "startComputeMs"), e = field(l, "endD2hMs");
    if (c && e && l.find('}') != std::string::npos) out.push_back({*c, *e});
  }
  return out;
}

Output parse(const std::string& text, const std::string& file) {
  Output o;
  auto lines = text::lines_of(text);
  static const rx::regex stat_re(R"(^([A-Za-z0-9 \-]+?): (min = .*)$)");
  static const rx::regex field_re(R"((min|max|mean|median|percentile\((\d+(?:\.\d+)?)%\)) = ([^ ,]+) ms)");
  static const rx::regex trace_re(R"(^Timing trace has (\d+) queries over ([^ ]+) s)");
  static const rx::regex cov_re(R"(coefficient of variance(?: \(CoV\))? = ([^%]+)%)");
  static const rx::regex passed_re(R"(^&&&& (PASSED|FAILED) TensorRT\.trtexec \[TensorRT v(\d+)\])");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string l = strip_logger_prefix(lines[i]);
    rx::smatch m;
    auto number = [&](const std::string& s, const std::string& what) {
      auto v = text::to_number(s);
      if (!v)
        throw ParseError(fmt::format("{}:{}: {}: expected a number, found '{}' in: '{}'", file, i + 1, what, s,
                                     text::trim(lines[i])));
      return *v;
    };
    if (l.rfind("Throughput: ", 0) == 0) {
      std::string v = l.substr(12);
      v = v.substr(0, v.find(' '));
      o.throughput_qps = number(v, "Throughput");
    } else if (l.rfind("Total Host Walltime: ", 0) == 0) {
      o.host_walltime_s = number(text::trim(l.substr(21, l.rfind(' ') - 21)), "Total Host Walltime");
    } else if (l.rfind("Total GPU Compute Time: ", 0) == 0) {  // before the "GPU Compute Time" stats key
      o.gpu_compute_total_s = number(text::trim(l.substr(24, l.rfind(' ') - 24)), "Total GPU Compute Time");
    } else if (rx::search(l, m, trace_re)) {
      o.trace_queries = number(m[1], "queries");
      o.trace_s = number(m[2], "trace seconds");
    } else if (rx::search(l, m, cov_re)) {
      o.gpu_cov_pct = number(m[1], "coefficient of variance");
    } else if (rx::search(l, m, passed_re)) {
      (m[1] == "PASSED" ? o.passed : o.failed) = true;
      std::string v = m[2];  // 100300 -> 10.3.0, 8601 -> 8.6.1
      if (v.size() >= 5)
        o.trt_version = fmt::format("{}.{}.{}", std::stoi(v.substr(0, v.size() - 4)),
                                    std::stoi(v.substr(v.size() - 4, 2)), std::stoi(v.substr(v.size() - 2)));
      else if (v.size() == 4)
        o.trt_version = fmt::format("{}.{}.{}", v[0], v[1], std::stoi(v.substr(2)));
    } else if (rx::match(l, m, stat_re)) {
      LatencyStats st;
      std::string rest = m[2];
      for (auto it = rx::sregex_iterator(rest.begin(), rest.end(), field_re, rx::kFlags); it != rx::sregex_iterator();
           ++it) {
        std::string key = (*it)[1], pct = (*it)[2];
        double v = number((*it)[3], std::string(m[1]) + " " + key);
        if (key == "min")
          st.min = v;
        else if (key == "max")
          st.max = v;
        else if (key == "mean")
          st.mean = v;
        else if (key == "median")
          st.median = v;
        else
          st.percentiles[pct] = v;
      }
      o.stats[text::trim(m[1])] = st;
    }
  }
  if (o.failed) throw ParseError(fmt::format("{}: trtexec reported '&&&& FAILED'", file));
  if (!o.throughput_qps)
    throw ParseError(
        fmt::format("{}: no 'Throughput: <v> qps' line: the '=== Performance summary ===' is missing or cut", file));
  return o;
}

}  // namespace wb::trtexec
