// rknn_benchmark output, from rknpu2/examples/rknn_benchmark/src/rknn_benchmark.cpp (the same
// text from v1.6.0 to v2.3.2 of airockchip/rknn-toolkit2); see the fake's header.
#include "adapters/rknn_benchmark/parse.hpp"

#include <fmt/format.h>

#include "adapters/files.hpp"
#include "adapters/text_util.hpp"
#include "harness/plugin/tool_kind.hpp"
#include "harness/util/regex.hpp"

namespace wb::rknn_benchmark {

namespace {
const rx::regex& iteration_re() {
  static const rx::regex re(R"(^\s*(\d+): Elapse Time = (\S+)ms, FPS = (\S+)$)");
  return re;
}
const rx::regex& average_re() {
  static const rx::regex re(R"(^Avg Time (\S+)ms, Avg FPS = (\S+)$)");
  return re;
}
bool starts_with(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }
}  // namespace

bool is_perf_banner(const std::string& line) { return text::trim(line) == "Begin perf ..."; }
bool is_iteration_line(const std::string& line) { return rx::match(text::trim(line), iteration_re()); }
std::optional<long long> iteration_index(const std::string& line) {
  rx::smatch m;
  std::string t = text::trim(line);
  if (!rx::match(t, m, iteration_re())) return std::nullopt;
  auto v = text::to_number(m[1]);
  if (!v || *v > 9e15) return std::nullopt;
  return static_cast<long long>(*v);
}
bool is_average_line(const std::string& line) { return rx::match(text::trim(line), average_re()); }

std::string failure_reason(const std::string& stdout_text, const std::string& stderr_text) {
  std::string runtime, tool;
  for (const auto& raw : text::lines_of(stdout_text + "\n" + stderr_text)) {
    std::string l = text::trim(raw);
    if (l == "Begin perf ...") return "";
    if (starts_with(l, "E RKNN:"))
      runtime += (runtime.empty() ? "" : "; ") + l;  // librknnrt's own log
    else if (l.find(" fail! ret=") != std::string::npos || l.find(" error! ret=") != std::string::npos ||
             l.find("failed") != std::string::npos || starts_with(l, "input missing!") || starts_with(l, "Usage:"))
      tool = l;
  }
  if (tool.empty()) return runtime;
  return runtime.empty() ? tool : tool + " (" + runtime + ")";
}

Output parse(const std::string& text, const std::string& file) {
  Output o;
  static const rx::regex version_re(R"(^rknn_api/rknnrt version: (.*), driver version: (.*)$)");
  static const rx::regex mem_re(R"(^total weight size: (\d+), total internal size: (\d+)$)");
  static const rx::regex dma_re(R"(^total dma used size: (\d+)$)");
  static const rx::regex attr_re(
      R"(^index=\d+, name=(.*), n_dims=\d+, dims=\[([^\]]*)\], .*fmt=(\w+), type=(\w+), qnt_type=(\w+),)");
  enum { kLoad, kInputs, kOutputs, kWarmup, kPerf, kAfter } where = kLoad;
  auto lines = text::lines_of(text);
  bool after_gap = false;  // the log's middle was skipped just before this line
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string l = text::trim(lines[i]);
    if (l == kToolLogGapLine) {
      after_gap = true;
      continue;
    }
    rx::smatch m;
    auto number = [&](const std::string& s, const std::string& what) {
      auto v = text::to_number(s);
      if (!v)
        throw ParseError(fmt::format("{}:{}: {}: expected a number, found '{}' in: '{}'", file, i + 1, what, s, l));
      return *v;
    };
    if (rx::match(l, m, version_re)) {
      o.api_version = m[1];
      o.driver_version = m[2];
    } else if (rx::match(l, m, mem_re)) {
      o.weight_bytes = number(m[1], "total weight size");
      o.internal_bytes = number(m[2], "total internal size");
    } else if (rx::match(l, m, dma_re)) {
      o.dma_bytes = number(m[1], "total dma used size");
    } else if (l == "input tensors:") {
      where = kInputs;
    } else if (l == "output tensors:") {
      where = kOutputs;
    } else if ((where == kInputs || where == kOutputs) && rx::search(l, m, attr_re)) {
      (where == kInputs ? o.inputs : o.outputs).push_back({m[1], m[2], m[3], m[4], m[5]});
    } else if (l == "Warmup ...") {
      where = kWarmup;
    } else if (l == "Begin perf ...") {
      where = kPerf;
    } else if (rx::match(l, m, iteration_re())) {
      if (where != kWarmup && where != kPerf)
        throw ParseError(
            fmt::format("{}:{}: an iteration line outside 'Warmup ...' / 'Begin perf ...': '{}'", file, i + 1, l));
      double ms = number(m[2], "Elapse Time");
      auto& runs = where == kWarmup ? o.warmup_ms : o.run_ms;
      const double expected = static_cast<double>(runs.size() + (where == kPerf ? o.skipped_runs : 0));
      const double index = number(m[1], "iteration");
      if (after_gap && where == kPerf && index > expected && index < 1e15)
        o.skipped_runs += static_cast<std::size_t>(index - expected);  // the lines the gap took
      else if (index != expected)
        throw ParseError(fmt::format("{}:{}: expected iteration {}, found '{}'", file, i + 1, expected, l));
      after_gap = false;
      runs.push_back(ms);
    } else if (rx::match(l, m, average_re())) {
      if (where != kPerf)
        throw ParseError(fmt::format("{}:{}: 'Avg Time' before 'Begin perf ...': '{}'", file, i + 1, l));
      o.avg_ms = number(m[1], "Avg Time");
      o.avg_fps = number(m[2], "Avg FPS");
      where = kAfter;
    }
  }
  if (o.run_ms.empty())
    throw ParseError(
        fmt::format("{}: no timed iterations: expected 'Begin perf ...' followed by lines "
                    "'<i>: Elapse Time = <ms>ms, FPS = <fps>'",
                    file));
  if (o.avg_fps && *o.avg_fps <= 0)
    throw ParseError(fmt::format("{}: 'Avg FPS = {}': nothing was timed", file, *o.avg_fps));
  return o;
}

}  // namespace wb::rknn_benchmark
