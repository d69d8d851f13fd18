// trtexec adapter: trtexec --loadEngine=E | --onnx=M --duration=S --warmUp=MS [--useSpinWait].
// Window: the tool's Total Host Walltime, ending where its report starts.
// Progress: trtexec prints nothing between "Starting inference" and its report (sampleInference.cpp
// inferenceLoop, v8.4.3-v10.x), but --exportTimes=<file> (added unless given) writes every query's
// times after the run (sampleReporting.cpp exportJSONTrace), in ms on the clock where benchTime =
// last endD2hMs - first timed startH2dMs is the Total Host Walltime. The window ends at the report's
// first line and lasts exactly that, so a query that ended d ms before the last one is placed d ms
// before the window's end: the same anchor as the window itself (the report is printed straight
// after the last query is synchronised). No report line or a file cut short (a killed run): no progress.
#include "adapters/trtexec/adapter.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "adapters/end_anchor.hpp"
#include "adapters/files.hpp"
#include "adapters/text_util.hpp"
#include "adapters/trtexec/parse.hpp"
#include "harness/config/benchmark_config.hpp"
#include "harness/config/node.hpp"
#include "harness/util/json_or_null.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {
constexpr const char* kTimesFile = "trtexec-times.json";

ToolResult to_result(const trtexec::Output& o, double batch, std::vector<std::string> sources) {
  ToolResult t;
  t.tool = "trtexec";
  t.fps = *o.throughput_qps * batch;  // one query is one batch of inputs
  if (o.stats.count("Latency")) {
    t.latency_mean_ms = o.stats.at("Latency").mean;
  }
  if (o.stats.count("GPU Compute Time")) t.device_time_mean_ms = o.stats.at("GPU Compute Time").mean;
  t.measured_s = o.host_walltime_s ? o.host_walltime_s : o.trace_s;
  if (o.trace_queries) t.frames = *o.trace_queries * batch;
  if (!o.trt_version.empty()) t.versions["tensorrt"] = o.trt_version;
  nlohmann::json stats = nlohmann::json::object();
  for (const auto& [k, s] : o.stats) {
    stats[k] = {{"min_ms", or_null(s.min)},
                {"max_ms", or_null(s.max)},
                {"mean_ms", or_null(s.mean)},
                {"median_ms", or_null(s.median)},
                {"percentiles_ms", s.percentiles}};
  }
  t.extras = {{"throughput_qps", *o.throughput_qps},
              {"batch", batch},
              {"stats", stats},
              {"gpu_compute_cov_pct", o.gpu_cov_pct ? nlohmann::json(*o.gpu_cov_pct) : nlohmann::json(nullptr)}};
  t.sources = std::move(sources);
  return t;
}

class TrtexecAdapter final : public Adapter {
 public:
  std::string name() const override { return "trtexec"; }
  std::string default_executable() const override { return "trtexec"; }
  // the NVIDIA driver's Xid errors and a GPU gone from the bus
  std::vector<KernelPattern> kernel_patterns() const override {
    return {{"nvidia", R"(NVRM: Xid|GPU has fallen off the bus)"}};
  }
  WorkKeys work_keys() const override { return {{"engine", "onnx"}, {"batch", "use_spin_wait"}}; }

  void check_args(const ConfigNode& a) const override {
    a.allow_only({"engine", "onnx", "batch", "duration_s", "warmup_ms", "use_spin_wait"});
    if (a.has("engine") == a.has("onnx"))
      a.fail_here("trtexec needs exactly one of engine (--loadEngine) or onnx (--onnx)");
    if (auto b = a.integer("batch"); b && *b < 1) a.fail("batch", "must be 1 or more (inputs per query)");
    if (auto d = a.number("duration_s")) a.positive("duration_s", *d);
    if (auto w = a.number("warmup_ms")) a.non_negative("warmup_ms", *w);
    a.boolean("use_spin_wait");
  }

  ToolInvocation invocation(const BenchmarkConfig& b, const fs::path& config_dir) const override {
    ConfigNode a(b.args, "(config)", "benchmark.args");
    ToolInvocation inv;
    if (auto e = a.string("engine"))
      inv.args.push_back("--loadEngine=" + config_path(*e, config_dir));
    else
      inv.args.push_back("--onnx=" + config_path(*a.string("onnx"), config_dir));
    double duration = a.number("duration_s").value_or(3);
    inv.args.push_back(fmt::format("--duration={:g}", duration));
    if (auto w = a.number("warmup_ms")) inv.args.push_back(fmt::format("--warmUp={:g}", *w));
    if (a.boolean("use_spin_wait").value_or(false)) inv.args.push_back("--useSpinWait");
    inv.args.insert(inv.args.end(), b.extra_args.begin(), b.extra_args.end());
    inv.expected_s = duration;
    inv.context = {{"batch", a.integer("batch").value_or(1)}};
    // extra_args may set --warmUp or --exportTimes themselves.
    double warmup_ms = 200;  // trtexec's default (sampleOptions.h defaultWarmUp)
    std::string times;
    for (const auto& arg : inv.args) {
      if (arg.rfind("--warmUp=", 0) == 0) warmup_ms = text::to_number(arg.substr(9)).value_or(warmup_ms);
      if (arg.rfind("--exportTimes=", 0) == 0) times = arg.substr(14);
    }
    if (times.empty()) inv.args.push_back("--exportTimes=" + (times = kTimesFile));  // cwd: the tool's folder
    inv.context["export_times"] = times;
    inv.context["warmup_ms"] = warmup_ms;
    inv.live_lines = true;
    return inv;
  }

  ToolResult parse_run(const fs::path&, const fs::path& stdout_log, const fs::path& stderr_log,
                       const ToolInvocation& inv) const override {
    std::string text = read_tool_log(stdout_log) + "\n" + read_tool_log(stderr_log);
    return to_result(trtexec::parse(text, stdout_log.string()), inv.context.value("batch", 1.0), {stdout_log.string()});
  }

  WindowEvidence window_evidence(const std::vector<TimedLine>& lines, const ToolInvocation&) const override {
    WindowEvidence w;
    anchor_end_at_first(w, lines, [](const TimedLine& l) { return trtexec::is_report_start(l.text); });
    return w;
  }

  std::vector<ProgressPoint> run_progress(const std::vector<TimedLine>& lines, const ToolInvocation& inv,
                                          const fs::path& tool_dir) const override {
    auto anchor = window_evidence(lines, inv).end_anchor_s;
    std::string name = inv.context.value("export_times", "");
    if (!anchor || name.empty() || !fs::exists(tool_dir / name)) return {};
    std::string text = read_whole_file(tool_dir / name);
    // The report is printed before the file is written: a file cut short (the run killed while
    // writing it) lacks the last query, which the placement hangs on.
    if (text::trim(text).empty() || text::trim(text).back() != ']') return {};
    auto queries = trtexec::parse_export_times(text);
    // 8.4 writes the warm-up queries too; 8.6+ starts at the first timed one. The tool's own rule
    // (printPerformanceReport: the first query whose compute starts at or after warmUp ms) covers both.
    double warmup_ms = inv.context.value("warmup_ms", 200.0);
    auto first = std::find_if(queries.begin(), queries.end(),
                              [&](const trtexec::TraceQuery& q) { return q.start_compute_ms >= warmup_ms; });
    std::vector<double> ends;
    for (auto it = first; it != queries.end(); ++it) ends.push_back(it->end_d2h_ms);
    if (ends.empty()) return {};
    // The file is in startH2dMs order (runInference sorts the trace so), and benchTime ends at its
    // last query's endD2hMs: that is the window's end. With several streams a query may end later.
    double last = queries.back().end_d2h_ms, batch = inv.context.value("batch", 1.0);
    std::sort(ends.begin(), ends.end());
    std::vector<ProgressPoint> out;
    for (std::size_t i = 0; i < ends.size(); ++i) {
      double t = *anchor - (last - ends[i]) / 1000;
      // At most one point per ms, far finer than any slice: long runs at thousands of qps stay small.
      if (!out.empty() && t - out.back().t_s < 0.001 && i + 1 < ends.size()) continue;
      out.push_back({t, static_cast<double>(i + 1) * batch});
    }
    return out;
  }

  nlohmann::json parse_files(const std::vector<fs::path>& files) const override {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : files)
      out.push_back({{"file", f.string()},
                     {"result", to_json(to_result(trtexec::parse(read_whole_file(f), f.string()), 1, {f.string()}))}});
    return out;
  }
};

}  // namespace

const Adapter& trtexec_adapter() {
  static const TrtexecAdapter adapter;
  return adapter;
}

}  // namespace wb
