// benchmark_model adapter: --graph=G [--external_delegate_path=P --use_xnnpack=false] --num_runs=N ...
// The measured window is the tool's second "Running benchmark …" phase, ended by its stat line.
// No progress: between that banner and the stat line the tool prints nothing and records no
// per-run times (BenchmarkModel::Run keeps only a Stat of durations; its listeners print at the
// benchmark's start and end: tensorflow/tensorflow benchmark_model.cc, benchmark_tflite_model.cc
// at 08df8c4; LiteRT tflite/tools/benchmark/benchmark_model.cc at 7d88950 alike), so FPS per time
// slice is unknown for this tool.
#include "adapters/benchmark_model/adapter.hpp"

#include <fmt/format.h>

#include "adapters/benchmark_model/parse.hpp"
#include "adapters/files.hpp"
#include "harness/config/benchmark_config.hpp"
#include "harness/config/node.hpp"
#include "harness/util/json_or_null.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {
// paced: the run had --run_frequency/--run_delay (from its logged parameters, or the config that
// started it, where the log lost them).
ToolResult to_result(const benchmark_model::Output& o, std::vector<std::string> sources, bool paced) {
  ToolResult t;
  t.tool = "benchmark_model";
  t.model = fs::path(o.graph).filename().string();
  double avg = *o.inference_avg_us;
  t.latency_mean_ms = avg / 1000.0;
  if (o.stats.size() >= 2) {
    const auto& run = o.stats[1];
    if (run.std_us) t.latency_sd_ms = *run.std_us / 1000.0;
    t.frames = run.count;
  }
  paced = paced || o.paced();
  if (!paced) {
    t.fps = 1e6 / avg;  // back-to-back single-stream runs: the phase is their times summed
    if (t.frames) t.measured_s = *t.frames * avg / 1e6;
  } else {
    // BenchmarkModel::Run times each run alone and sleeps after it (run_delay, or up to the next
    // 1/run_frequency slot): the average is latency, the delivered rate is runs over the phase
    // from its banner to its stat line, sleeps included; 1e6 / avg is the rate without pacing.
    t.fps_over_window = true;
    t.other_fps["back_to_back"] = 1e6 / avg;
    t.extras["pacing"] = {{"run_frequency", or_null(o.run_frequency)}, {"run_delay_s", or_null(o.run_delay_s)}};
    t.window_note =
        "a paced run's rate is its runs over its timed phase (the second 'Running benchmark' banner to its stat "
        "line, sleeps included), and its log holds no such pair of lines";
  }
  if (!o.tf_version.empty()) t.versions["tensorflow"] = o.tf_version;
  nlohmann::json d{{"delegate", o.delegate_name},
                   {"nodes_delegated", or_null(o.nodes_delegated)},
                   {"nodes_total", or_null(o.nodes_total)},
                   {"partitions", or_null(o.partitions)},
                   {"mode", o.delegation},
                   {"delegate_kernels", or_null(o.delegate_kernels)},
                   {"delegates_created", o.delegates_created}};
  if (o.nodes_delegated && o.nodes_total && *o.nodes_total > 0)
    d["placement_ratio"] = static_cast<double>(*o.nodes_delegated) / *o.nodes_total;
  t.extras["delegation"] = d;
  if (o.params.count("External delegate path")) t.extras["external_delegate"] = o.params.at("External delegate path");
  t.extras["init_ms"] = o.init_us ? nlohmann::json(*o.init_us / 1000) : nlohmann::json(nullptr);
  t.extras["first_inference_ms"] = o.first_us ? nlohmann::json(*o.first_us / 1000) : nlohmann::json(nullptr);
  t.extras["warmup_avg_ms"] = o.warmup_avg_us ? nlohmann::json(*o.warmup_avg_us / 1000) : nlohmann::json(nullptr);
  t.extras["memory_mb"] = {
      {"init", or_null(o.mem_init_mb)}, {"overall", or_null(o.mem_overall_mb)}, {"peak", or_null(o.peak_mb)}};
  t.sources = std::move(sources);
  return t;
}

std::string float_flag(double v) {
  // Shortest fixed form: up to 6 decimals, trailing zeros (and a bare '.') dropped.
  std::string s = fmt::format("{:.6f}", v);
  s.erase(s.find_last_not_of('0') + 1);
  if (s.back() == '.') s.pop_back();
  return s;
}

class BenchmarkModelAdapter final : public Adapter {
 public:
  std::string name() const override { return "benchmark_model"; }
  std::string default_executable() const override { return "benchmark_model"; }
  WorkKeys work_keys() const override {
    return {{"graph"}, {"delegate", "delegate_path", "use_xnnpack", "num_threads", "run_frequency", "run_delay"}};
  }

  void check_args(const ConfigNode& a) const override {
    a.allow_only({"graph", "delegate", "delegate_path", "use_xnnpack", "num_threads", "num_runs", "warmup_runs",
                  "min_secs", "max_secs", "warmup_min_secs", "report_peak_memory", "run_frequency", "run_delay"});
    a.require_string("graph");
    auto d = a.string("delegate").value_or("cpu");
    if (d != "cpu" && d != "xnnpack" && d != "external")
      a.fail("delegate", fmt::format("'{}': expected cpu, xnnpack or external (with delegate_path)", d));
    if (d == "external" && !a.has("delegate_path"))
      a.fail_here(
          "delegate external needs delegate_path, e.g. /usr/lib/libneutron_delegate.so (i.MX 95) or "
          "/usr/lib/libvx_delegate.so (i.MX 8M Plus)");
    if (d != "external" && a.has("delegate_path")) a.fail("delegate_path", "only with delegate: external");
    for (const char* k : {"num_threads", "num_runs", "warmup_runs"})
      if (auto v = a.integer(k); v && *v < (std::string(k) == "warmup_runs" ? 0 : 1)) a.fail(k, "out of range");
    for (const char* k : {"min_secs", "max_secs", "warmup_min_secs", "run_delay"})
      if (auto v = a.number(k)) a.non_negative(k, *v);
    if (auto v = a.number("run_frequency")) a.positive("run_frequency", *v);
    a.boolean("use_xnnpack");
    a.boolean("report_peak_memory");
  }

  // --run_frequency (a float flag: "Execute at a fixed frequency, instead of a fixed delay",
  // benchmark_model.cc DefaultParams, overriding run_delay): one run is one inference.
  Adapter::Pacing pacing(const ConfigNode& a, double fps) const override {
    for (const char* k : {"run_frequency", "run_delay"})
      if (a.has(k)) return {{}, fmt::format("benchmark.args.{} paces the tool already; give one or the other", k)};
    return {{"--run_frequency=" + float_flag(fps)}, ""};
  }

  ToolInvocation invocation(const BenchmarkConfig& b, const fs::path& config_dir) const override {
    ConfigNode a(b.args, "(config)", "benchmark.args");
    ToolInvocation inv;
    inv.args.push_back("--graph=" + config_path(a.require_string("graph"), config_dir));
    auto d = a.string("delegate").value_or("cpu");
    if (d == "external") {
      inv.args.push_back("--external_delegate_path=" + *a.string("delegate_path"));
      // NXP builds turn XNNPACK on by default; it would claim the CPU ops first.
      inv.args.push_back(fmt::format("--use_xnnpack={}", a.boolean("use_xnnpack").value_or(false) ? "true" : "false"));
    } else {
      inv.args.push_back(fmt::format("--use_xnnpack={}",
                                     d == "xnnpack" || a.boolean("use_xnnpack").value_or(false) ? "true" : "false"));
    }
    // Integer flags as plain integers: the tool's int32 flag parser rejects "1e+06".
    for (const char* k : {"num_threads", "num_runs", "warmup_runs"})
      if (auto v = a.integer(k)) inv.args.push_back(fmt::format("--{}={}", k, *v));
    // Float flags in fixed notation ("1000000", "0.5"): no exponent whatever the size.
    for (const char* k : {"min_secs", "max_secs", "warmup_min_secs", "run_frequency", "run_delay"})
      if (auto v = a.number(k)) inv.args.push_back(fmt::format("--{}={}", k, float_flag(*v)));
    if (a.has("run_frequency") || a.has("run_delay")) inv.context["paced"] = true;
    if (a.boolean("report_peak_memory").value_or(false)) inv.args.push_back("--report_peak_memory_footprint=true");
    if (b.target_fps) {
      inv.args.push_back(pacing(a, *b.target_fps).args.at(0));
      inv.context["paced"] = true;
    }
    inv.args.insert(inv.args.end(), b.extra_args.begin(), b.extra_args.end());
    if (auto s = a.number("min_secs")) inv.expected_s = *s;
    inv.live_lines = true;
    return inv;
  }

  ToolResult parse_run(const fs::path&, const fs::path& stdout_log, const fs::path& stderr_log,
                       const ToolInvocation& inv) const override {
    // The delegation line comes from the TFLite runtime's logger on stderr.
    std::string text = read_tool_log(stdout_log) + "\n" + read_tool_log(stderr_log);
    return to_result(benchmark_model::parse(text, stdout_log.string()), {stdout_log.string(), stderr_log.string()},
                     inv.context.value("paced", false));
  }

  WindowEvidence window_evidence(const std::vector<TimedLine>& lines, const ToolInvocation&) const override {
    WindowEvidence w;
    int banners = 0;
    // TF ≤ 1.14 logs everything to stderr, later versions INFO to stdout: the banners are the tool's own either way.
    for (const auto& l : lines) {
      if (benchmark_model::is_run_banner(l.text)) {
        if (++banners == 2) w.marker_start_s = l.t_s;  // the first banner is the warmup
      } else if (w.marker_start_s && !w.marker_end_s && benchmark_model::is_stat_line(l.text)) {
        w.marker_end_s = l.t_s;
      }
    }
    if (!w.marker_end_s) w.marker_start_s.reset();
    return w;
  }

  nlohmann::json parse_files(const std::vector<fs::path>& files) const override {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : files) {
      auto o = benchmark_model::parse(read_whole_file(f), f.string());
      out.push_back({{"file", f.string()}, {"result", to_json(to_result(o, {f.string()}, false))}});
    }
    return out;
  }
};

}  // namespace

const Adapter& benchmark_model_adapter() {
  static const BenchmarkModelAdapter adapter;
  return adapter;
}

}  // namespace wb
