// onnxruntime_perf_test output, from onnxruntime/test/perftest/performance_runner.cc
// (PerformanceRunner::Run and PerformanceResult::DumpToFile) and main.cc; see the fake's header.
#include "adapters/onnxruntime_perf_test/parse.hpp"

#include <fmt/format.h>

#include <functional>
#include <vector>

#include "adapters/text_util.hpp"
#include "harness/plugin/tool_kind.hpp"
#include "harness/util/regex.hpp"

namespace wb::onnxruntime_perf_test {

namespace {

// One summary label: the units it may carry ("" = none) and where its value goes.
struct Rule {
  std::vector<std::string> units;
  std::function<void(Output&, double)> set;
};

const std::map<std::string, Rule>& rules() {
  static const std::map<std::string, Rule> r{
      {"Session creation time cost", {{"s"}, [](Output& o, double v) { o.session_creation_s = v; }}},
      {"First inference time cost", {{"ms"}, [](Output& o, double v) { o.first_inference_ms = v; }}},
      {"Total inference time cost", {{"s"}, [](Output& o, double v) { o.total_time_cost_s = v; }}},
      {"Total inference requests", {{""}, [](Output& o, double v) { o.requests = v; }}},
      {"Average inference time cost", {{"ms"}, [](Output& o, double v) { o.average_ms = v; }}},
      {"Average inference time cost total", {{"ms"}, [](Output& o, double v) { o.average_ms = v; }}},
      {"Total inference run time", {{"s"}, [](Output& o, double v) { o.run_time_s = v; }}},
      {"Number of inferences per second", {{""}, [](Output& o, double v) { o.per_second = v; }}},
      // The summary says "N %" and "N bytes"; DumpToFile's tail repeats them bare ("Avg CPU usage:N").
      {"Avg CPU usage", {{"%", ""}, [](Output& o, double v) { o.cpu_usage_pct = v; }}},
      {"Peak working set size", {{"bytes", ""}, [](Output& o, double v) { o.peak_working_set_bytes = v; }}},
      {"Runs", {{""}, [](Output& o, double v) { o.runs = v; }}},
      // The first perftest (2018-19): "Total time cost:<s>", "Total iterations:<n>", "Average time cost:<ms> ms".
      {"Total time cost", {{""}, [](Output& o, double v) { o.total_time_cost_s = v; }}},
      {"Total iterations", {{""}, [](Output& o, double v) { o.requests = v; }}},
      {"Average time cost", {{"ms"}, [](Output& o, double v) { o.average_ms = v; }}},
  };
  return r;
}

bool starts_with(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

}  // namespace

bool is_summary_start(const std::string& line) {
  std::string l = text::trim(line);
  return starts_with(l, "Session creation time cost:") || starts_with(l, "First inference time cost:") ||
         starts_with(l, "Total inference time cost:") || starts_with(l, "Total time cost:");
}

bool has_summary(const std::string& text) {
  for (const auto& raw : text::lines_of(text)) {
    std::string l = text::trim(raw);
    if (starts_with(l, "Total inference requests:") || starts_with(l, "Total iterations:")) return true;
  }
  return false;
}

std::string failure_reason(const std::string& stdout_text, const std::string& stderr_text) {
  for (const auto& raw : text::lines_of(stdout_text))  // PerformanceRunner::Run returned a bad status
    if (std::string l = text::trim(raw); starts_with(l, "Run failed:")) return l;
  std::string last;  // main(): fprintf(stderr, "%s\n", ex.what()) for any exception, session creation's included
  for (const auto& raw : text::lines_of(stderr_text))
    if (std::string l = text::trim(raw); !l.empty()) last = l;
  return last;
}

Output parse(const std::string& text, const std::string& file) {
  Output o;
  static const rx::regex line_re(R"(^([A-Za-z][A-Za-z0-9 ]*?):\s*(\S+)(?:\s+(\S+))?$)");
  static const rx::regex latency_re(R"(^(Min|Max|P\d+) Latency$)");
  auto lines = text::lines_of(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string l = text::trim(lines[i]);
    rx::smatch m;
    if (!rx::match(l, m, line_re)) continue;
    std::string label = m[1], value = m[2], unit = m[3];
    auto number = [&] {
      auto v = text::to_number(value);
      if (!v)
        throw ParseError(
            fmt::format("{}:{}: {}: expected a number, found '{}' in: '{}'", file, i + 1, label, value, l));
      return *v;
    };
    auto expect_unit = [&](const std::vector<std::string>& units) {
      for (const auto& u : units)
        if (u == unit) return;
      throw ParseError(fmt::format("{}:{}: {}: expected the unit '{}', found '{}' in: '{}'", file, i + 1, label,
                                   units.front(), unit, l));
    };
    rx::smatch lm;
    if (rx::match(label, lm, latency_re)) {  // DumpToFile with -s: seconds
      expect_unit({"s"});
      o.latency_s[lm[1]] = number();
    } else if (auto it = rules().find(label); it != rules().end()) {
      expect_unit(it->second.units);
      it->second.set(o, number());
    }
  }
  if (!o.requests)
    throw ParseError(
        fmt::format("{}: no 'Total inference requests: <n>' line: the summary PerformanceRunner::Run prints after "
                    "the timed phase is missing or cut",
                    file));
  if (*o.requests <= 0) throw ParseError(fmt::format("{}: 'Total inference requests: 0': nothing was timed", file));
  if (!o.run_time_s && !o.total_time_cost_s)
    throw ParseError(
        fmt::format("{}: neither 'Total inference run time: <s> s' nor 'Total inference time cost: <s> s'", file));
  return o;
}

}  // namespace wb::onnxruntime_perf_test
