// benchmark_model parser, from benchmark_model.cc / benchmark_tflite_model.cc print
// statements and the TFLite core's delegation log (vendor-formats.md §4).
#include "adapters/benchmark_model/parse.hpp"

#include <fmt/format.h>

#include "harness/util/regex.hpp"

#include "adapters/text_util.hpp"
#include "harness/plugin/tool_kind.hpp"

namespace wb::benchmark_model {

using text::lines_of;
using text::to_number;
using text::trim;

std::string strip_prefix(const std::string& line) {
  for (const char* p : {"INFO: ", "WARN: ", "WARNING: ", "VERBOSE: ", "ERROR: ", "FATAL: "})
    if (line.rfind(p, 0) == 0) return line.substr(std::char_traits<char>::length(p));
  return line;
}

bool is_run_banner(const std::string& line) { return strip_prefix(trim(line)).rfind("Running benchmark for ", 0) == 0; }
// Every TFLite version: "count=N first=F curr=C …" (or the all-same "count=N curr=X"); the 2016
// stat_summarizer order "curr=X count=N min=… max=… avg=… std=…" (no first=) as well.
bool is_stat_line(const std::string& line) {
  std::string l = strip_prefix(trim(line));
  return l.rfind("count=", 0) == 0 || (l.rfind("curr=", 0) == 0 && l.find(" count=") != std::string::npos);
}

Output parse(const std::string& text, const std::string& file) {
  Output o;
  auto lines = lines_of(text);
  static const rx::regex param_re(R"(^([A-Za-z#][^:\[\]]*): \[(.*)\]$)");
  // TF ≥ 2.1 "Inference timings in us: Init: …", TF 1.10–2.0 "Average inference timings in us: Warmup: W,
  // Init: I, no stats: A" (or "Inference: A").
  static const rx::regex timings_re(R"(^(?:Average i|I)nference timings in us: (.*)$)");
  static const rx::regex mem_re(
      R"(^(?:Memory footprint delta from the start of the tool|Peak memory footprint) \(MB\): init=(\S+) overall=(\S+)$)");
  static const rx::regex peak_re(R"(^Overall peak memory footprint \(MB\) via periodic monitoring: (\S+)$)");
  static const rx::regex replace_re(
      R"(Replacing (\d+)(?: out of (\d+))? node\(s\) with delegate \(([^)]*)\) node, yielding (\d+) partitions)");
  static const rx::regex applied_re(R"(^(?:Explicitly applied|Though) (\S+) delegate(.*)$)");
  static const rx::regex kernels_re(R"(w/ (\d+) delegate kernels)");
  static const rx::regex created_re(R"(^(?:Created TensorFlow Lite (\S+) delegate|(\S+) delegate created\.))");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string l = strip_prefix(trim(lines[i]));
    rx::smatch m;
    auto number = [&](const std::string& s, const char* what) {
      auto v = to_number(s);
      if (!v)
        throw ParseError(fmt::format("{}:{}: {}: expected a number, found '{}' in: '{}'", file, i + 1, what, trim(s),
                                     trim(lines[i])));
      return *v;
    };
    if (l.rfind("Tensorflow Version : ", 0) == 0) {
      o.tf_version = trim(l.substr(21));
    } else if (is_stat_line(l)) {
      RunStat st;
      std::stringstream ss(l);
      for (std::string kv; ss >> kv;) {
        auto eq = kv.find('=');
        if (eq == std::string::npos) continue;
        std::string k = kv.substr(0, eq), v = kv.substr(eq + 1);
        if (auto p = v.find('('); p != std::string::npos) v = v.substr(0, p);  // "curr=X(all same)"
        double x = number(v, k.c_str());
        if (k == "count")
          st.count = x;
        else if (k == "first")
          st.first_us = x;
        else if (k == "curr")
          st.curr_us = x;
        else if (k == "min")
          st.min_us = x;
        else if (k == "max")
          st.max_us = x;
        else if (k == "avg")
          st.avg_us = x;
        else if (k == "std")
          st.std_us = x;
        else if (k == "p5")
          st.p5_us = x;
        else if (k == "median")
          st.median_us = x;
        else if (k == "p95")
          st.p95_us = x;
      }
      // All-same ("count=1 curr=X", "count=N curr=X(all same)"): every sample is curr.
      if (!st.avg_us && st.curr_us && st.count > 0) {
        st.avg_us = st.min_us = st.max_us = st.curr_us;
        st.std_us = 0;
      }
      o.stats.push_back(st);
    } else if (rx::match(l, m, timings_re)) {
      // "Init: 12571, First inference: 4926713, Warmup (avg): 4.92671e+06, Inference (avg): 2713.56"
      std::stringstream ss(m[1].str());
      for (std::string part; std::getline(ss, part, ',');) {
        auto colon = part.rfind(':');
        if (colon == std::string::npos) continue;
        std::string k = trim(part.substr(0, colon));
        double v = number(part.substr(colon + 1), k.c_str());
        if (k == "Init")
          o.init_us = v;
        else if (k == "First inference")
          o.first_us = v;
        else if (k == "Warmup (avg)" || k == "Warmup")
          o.warmup_avg_us = v;
        else if (k == "Inference (avg)" || k == "no stats" || k == "Inference")
          o.inference_avg_us = v;
      }
    } else if (rx::match(l, m, mem_re)) {
      o.mem_init_mb = number(m[1], "init");
      o.mem_overall_mb = number(m[2], "overall");
    } else if (rx::match(l, m, peak_re)) {
      o.peak_mb = number(m[1], "peak memory");
    } else if (rx::search(l, m, replace_re)) {
      o.nodes_delegated = std::stoi(m[1]);
      if (m[2].matched) o.nodes_total = std::stoi(m[2]);
      o.delegate_name = m[3];
      o.partitions = std::stoi(m[4]);
    } else if (rx::match(l, m, applied_re)) {
      std::string rest = m[2];
      o.delegation = rest.find("completely executed") != std::string::npos    ? "complete"
                     : rest.find("partially executed") != std::string::npos   ? "partial"
                     : rest.find("will not be executed") != std::string::npos ? "none"
                                                                              : o.delegation;
      rx::smatch km;
      if (rx::search(rest, km, kernels_re)) o.delegate_kernels = std::stoi(km[1]);
    } else if (rx::search(l, m, created_re)) {
      o.delegates_created.push_back(m[1].matched ? m[1].str() : m[2].str());
    } else if (l.rfind("The input model file size (MB): ", 0) == 0) {
      o.model_size_mb = number(l.substr(32), "model size");
    } else if (l.rfind("Initialized session in ", 0) == 0) {
      // `<< us / 1e3 << "ms."` (TF ≥ 2.0), `"ms"` (TF 1.10–1.15), `<< s << "s"` (the TF graph tool): %g glued to its
      // unit.
      std::size_t unit = 0;
      auto v = text::number_with_unit(l.substr(23), {"ms", "s"}, &unit);
      if (!v)
        throw ParseError(fmt::format("{}:{}: session init: expected a number glued to ms or s, found '{}'", file, i + 1,
                                     trim(lines[i])));
      o.init_ms = unit == 0 ? *v : *v * 1e3;
    } else if (rx::match(l, m, param_re)) {
      std::string key = trim(m[1]);
      o.params[key] = m[2];
      if (key == "Graph") o.graph = m[2];
      if (key == "Number of prorated runs per second") o.run_frequency = number(m[2], "run_frequency");
      if (key == "Inter-run delay (seconds)") o.run_delay_s = number(m[2], "run_delay");
    }
  }
  if (!o.inference_avg_us) {
    if (o.stats.size() >= 2 && o.stats[1].avg_us) {
      o.inference_avg_us = o.stats[1].avg_us;  // the summary line is missing (truncated log)
    } else {
      throw ParseError(
          fmt::format("{}: no 'Inference timings in us: … Inference (avg): …' line and no measured run "
                      "statistics (count=… avg=…): benchmark_model did not finish",
                      file));
    }
  }
  if (!(*o.inference_avg_us > 0))
    throw ParseError(fmt::format("{}: Inference (avg) is {} us: no valid timing", file, *o.inference_avg_us));
  return o;
}

}  // namespace wb::benchmark_model
