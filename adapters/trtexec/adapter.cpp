// trtexec adapter: trtexec --loadEngine=E | --onnx=M --duration=S --warmUp=MS [--useSpinWait].
// Window: the tool's Total Host Walltime, ending where its report starts.
#include "adapters/trtexec/adapter.hpp"

#include <fmt/format.h>

#include "adapters/files.hpp"
#include "adapters/trtexec/parse.hpp"
#include "harness/config/benchmark_config.hpp"
#include "harness/config/node.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {
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
    auto opt = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
    stats[k] = {{"min_ms", opt(s.min)}, {"max_ms", opt(s.max)}, {"mean_ms", opt(s.mean)}, {"median_ms", opt(s.median)},
                {"percentiles_ms", s.percentiles}};
  }
  t.extras = {{"throughput_qps", *o.throughput_qps}, {"batch", batch}, {"stats", stats},
              {"gpu_compute_cov_pct", o.gpu_cov_pct ? nlohmann::json(*o.gpu_cov_pct) : nlohmann::json(nullptr)}};
  t.sources = std::move(sources);
  return t;
}
}  // namespace

void TrtexecAdapter::check_args(const ConfigNode& a) const {
  a.allow_only({"engine", "onnx", "batch", "duration_s", "warmup_ms", "use_spin_wait"});
  if (a.has("engine") == a.has("onnx")) a.fail_here("trtexec needs exactly one of engine (--loadEngine) or onnx (--onnx)");
  if (auto b = a.integer("batch"); b && *b < 1) a.fail("batch", "must be 1 or more (inputs per query)");
  if (auto d = a.number("duration_s")) a.positive("duration_s", *d);
  if (auto w = a.number("warmup_ms")) a.non_negative("warmup_ms", *w);
  a.boolean("use_spin_wait");
}

ToolInvocation TrtexecAdapter::invocation(const BenchmarkConfig& b, const fs::path& config_dir) const {
  ConfigNode a(b.args, "(config)", "benchmark.args");
  ToolInvocation inv;
  if (auto e = a.string("engine")) inv.args.push_back("--loadEngine=" + config_path(*e, config_dir));
  else inv.args.push_back("--onnx=" + config_path(*a.string("onnx"), config_dir));
  double duration = a.number("duration_s").value_or(3);
  inv.args.push_back(fmt::format("--duration={:g}", duration));
  if (auto w = a.number("warmup_ms")) inv.args.push_back(fmt::format("--warmUp={:g}", *w));
  if (a.boolean("use_spin_wait").value_or(false)) inv.args.push_back("--useSpinWait");
  inv.args.insert(inv.args.end(), b.extra_args.begin(), b.extra_args.end());
  inv.expected_s = duration;
  inv.context = {{"batch", a.integer("batch").value_or(1)}};
  inv.live_lines = true;
  return inv;
}

ToolResult TrtexecAdapter::parse_run(const fs::path&, const fs::path& stdout_log, const fs::path& stderr_log,
                                     const ToolInvocation& inv) const {
  std::string text = read_tool_log(stdout_log) + "\n" + read_tool_log(stderr_log);
  return to_result(trtexec::parse(text, stdout_log.string()), inv.context.value("batch", 1.0), {stdout_log.string()});
}

WindowEvidence TrtexecAdapter::window_evidence(const std::vector<TimedLine>& lines, const ToolInvocation&) const {
  WindowEvidence w;
  for (const auto& l : lines)
    if (trtexec::is_report_start(l.text)) {
      w.end_anchor_s = l.t_s;
      w.end_anchor_text = l.text;
      break;
    }
  return w;
}

nlohmann::json TrtexecAdapter::parse_files(const std::vector<fs::path>& files) const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : files)
    out.push_back({{"file", f.string()}, {"result", to_json(to_result(trtexec::parse(read_whole_file(f), f.string()), 1, {f.string()}))}});
  return out;
}

}  // namespace wb
