// rknn_benchmark adapter: rknn_benchmark model.rknn [input] [loop_count] [core_mask] (positional).
// Window: from the "Begin perf ..." line to the last timed iteration's line.
// Progress: each timed line is printed right after its rknn_run returns (rknn_benchmark.cpp
// v1.6.0-v2.3.2 l.429-442), so "%4d: ..." at arrival time T means index+1 runs done by T.
#include "adapters/rknn_benchmark/adapter.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numeric>

#include "adapters/files.hpp"
#include "adapters/generic/terminal_text.hpp"
#include "adapters/rknn_benchmark/parse.hpp"
#include "adapters/text_util.hpp"
#include "harness/config/benchmark_config.hpp"
#include "harness/config/node.hpp"
#include "harness/process/lines_tsv.hpp"
#include "harness/util/json_or_null.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {

// rknn_core_mask (rknn_api.h): 0 auto, 1/2/4 one core, 3 cores 0-1, 7 cores 0-2 (RK3588 only).
const std::map<long long, const char*> kCoreMasks{{0, "auto"},   {1, "core 0"},    {2, "core 1"},
                                                  {4, "core 2"}, {3, "cores 0-1"}, {7, "cores 0-2"}};

ToolResult to_result(const rknn_benchmark::Output& o, const nlohmann::json& ctx, std::vector<std::string> sources) {
  ToolResult t;
  t.tool = "rknn_benchmark";
  t.model = ctx.value("model", "");
  double batch = ctx.value("batch", 1.0);
  const double kept = static_cast<double>(o.run_ms.size());
  const double n = kept + static_cast<double>(o.skipped_runs);  // every timed run, by its number
  double sum_ms = std::accumulate(o.run_ms.begin(), o.run_ms.end(), 0.0);
  if (o.skipped_runs && !o.avg_fps)
    throw ParseError(fmt::format(
        "the middle of the log ({} timed runs) was not read and there is no 'Avg Time … Avg FPS' line: the loop's "
        "time is unknown",
        o.skipped_runs));
  if (o.skipped_runs)
    t.warnings.push_back(fmt::format(
        "the middle of the log was not read (over {} MiB): {} of {} timed runs counted by their numbers; FPS and mean "
        "latency from the tool's average line, the latency SD from the {} runs read",
        kMaxToolLogBytes >> 20, o.skipped_runs, n, kept));
  // The average line comes from the unrounded sum; the iteration lines are rounded to 0.01 ms.
  double span_s = o.avg_fps ? n / *o.avg_fps : sum_ms / 1000;
  if (!o.avg_fps)
    t.warnings.push_back("no 'Avg Time … Avg FPS' line: figures from the per-iteration lines (0.01 ms rounding)");
  t.fps = n / span_s * batch;  // one rknn_run is one batch of inputs
  t.frames = n * batch;
  t.measured_s = span_s;
  t.latency_mean_ms = o.avg_ms ? *o.avg_ms : sum_ms / n;
  if (kept >= 2) {
    double mean = sum_ms / kept, sq = 0;
    for (double v : o.run_ms) sq += (v - mean) * (v - mean);
    t.latency_sd_ms = std::sqrt(sq / (kept - 1));
  }
  if (!o.api_version.empty()) t.versions["rknnrt"] = o.api_version;
  if (!o.driver_version.empty()) t.versions["rknpu_driver"] = o.driver_version;
  auto tensors = [](const std::vector<rknn_benchmark::Tensor>& ts) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& x : ts)
      a.push_back({{"name", x.name}, {"dims", x.dims}, {"fmt", x.fmt}, {"type", x.type}, {"qnt_type", x.qnt_type}});
    return a;
  };
  t.extras = {{"core_mask", ctx.contains("core_mask") ? ctx["core_mask"] : nlohmann::json(nullptr)},
              {"batch", batch},
              {"loop_count", n},
              {"avg_fps", or_null(o.avg_fps)},
              {"warmup_ms", o.warmup_ms},
              {"weight_bytes", or_null(o.weight_bytes)},
              {"internal_bytes", or_null(o.internal_bytes)},
              {"dma_bytes", or_null(o.dma_bytes)},
              {"inputs", tensors(o.inputs)},
              {"outputs", tensors(o.outputs)}};
  t.sources = std::move(sources);
  return t;
}

class RknnBenchmarkAdapter final : public Adapter {
 public:
  std::string name() const override { return "rknn_benchmark"; }
  std::string default_executable() const override { return "rknn_benchmark"; }
  // the Rockchip NPU driver's (RKNPU) errors and timeouts
  std::vector<KernelPattern> kernel_patterns() const override {
    return {{"rknpu", R"(RKNPU.*([Tt]imeout|[Ff]ail|[Ee]rror))"}};
  }
  WorkKeys work_keys() const override { return {{"model"}, {"core_mask", "batch"}}; }

  void check_args(const ConfigNode& a) const override {
    a.allow_only({"model", "input", "loop_count", "core_mask", "batch"});
    a.require_string("model");
    a.string("input");
    if (auto n = a.integer("loop_count"); n && *n < 1) a.fail("loop_count", "must be 1 or more");
    if (auto c = a.integer("core_mask"); c && !kCoreMasks.count(*c))
      a.fail("core_mask",
             fmt::format("{}: expected 0 (auto), 1, 2, 4 (one NPU core), 3 (cores 0-1) or 7 (cores 0-2)", *c));
    if (auto b = a.integer("batch"); b && *b < 1) a.fail("batch", "must be 1 or more (inputs per run)");
  }

  ToolInvocation invocation(const BenchmarkConfig& b, const fs::path& config_dir) const override {
    ConfigNode a(b.args, "(config)", "benchmark.args");
    ToolInvocation inv;
    std::string model = config_path(a.require_string("model"), config_dir);
    // Positional: an empty input ("") means zero-filled inputs (split("") gives no paths).
    long long loops = a.integer("loop_count").value_or(10);
    inv.args = {model, a.string("input") ? config_path(*a.string("input"), config_dir) : "", std::to_string(loops)};
    inv.context = {{"batch", a.integer("batch").value_or(1)}, {"model", fs::path(model).filename().string()}};
    if (auto c = a.integer("core_mask")) {
      inv.args.push_back(std::to_string(*c));
      inv.context["core_mask"] = {{"value", *c}, {"cores", kCoreMasks.at(*c)}};
    }
    inv.args.insert(inv.args.end(), b.extra_args.begin(), b.extra_args.end());
    inv.live_lines = true;
    return inv;
  }

  ToolResult parse_run(const fs::path&, const fs::path& stdout_log, const fs::path& stderr_log,
                       const ToolInvocation& inv) const override {
    std::string out = read_tool_log(stdout_log);
    std::string err = read_tool_log_if_any(stderr_log);
    // The tool returns 0 after some failures (a bad input: `goto out`), so its words decide.
    // rknn_api.h: RKNN_ERR_MODEL_INVALID (-6) and the runtime's "Invalid RKNN model" / "unsupported"
    // lines are about the model; a device that cannot be opened (RKNN_ERR_DEVICE_UNAVAILABLE) is the card's.
    if (auto why = rknn_benchmark::failure_reason(out, err); !why.empty())
      throw ToolError(
          fmt::format("rknn_benchmark stopped before its timed loop: '{}'", why),
          text::contains_any_ci(why, {"invalid rknn model", "model_invalid", "ret=-6", "unsupported", "not support"})
              ? ToolError::Cause::model
              : ToolError::Cause::card_or_setup);
    ToolResult t = to_result(rknn_benchmark::parse(out, stdout_log.string()), inv.context, {stdout_log.string()});
    // Avg FPS counts only the time inside rknn_run; the loop also prints a line per run. The power
    // window is the loop's wall time (the markers), so the FPS over it is the frames over that time.
    fs::path lines_log = stdout_log.parent_path() / "tool.lines.tsv";
    if (fs::exists(lines_log)) {
      auto w = window_evidence(read_lines_tsv(lines_log), inv);
      if (w.marker_start_s && w.marker_end_s && *w.marker_end_s > *w.marker_start_s) {
        double wall = *w.marker_end_s - *w.marker_start_s;
        t.extras["run_time_share"] = *t.measured_s / wall;  // rknn_run time over the loop's wall time
        t.fps = *t.frames / wall;
        t.measured_s = wall;
      }
    }
    return t;
  }

  WindowEvidence window_evidence(const std::vector<TimedLine>& lines, const ToolInvocation&) const override {
    WindowEvidence w;
    for (const auto& l : lines) {
      if (rknn_benchmark::is_perf_banner(l.text)) {
        w.marker_start_s = l.t_s;
        w.marker_end_s.reset();
      } else if (w.marker_start_s && rknn_benchmark::is_iteration_line(l.text)) {
        w.marker_end_s = l.t_s;  // each line is printed right after its rknn_run returns
      } else if (w.marker_start_s && rknn_benchmark::is_average_line(l.text)) {
        break;
      }
    }
    if (!w.marker_end_s)
      w.marker_start_s.reset();
    else
      w.detail = "'Begin perf ...' to the last timed iteration's line";
    return w;
  }

  std::vector<ProgressPoint> progress(const std::vector<TimedLine>& lines, const ToolInvocation& inv) const override {
    double batch = inv.context.value("batch", 1.0);  // one rknn_run is one batch of inputs
    std::vector<ProgressPoint> out;
    bool timed = false;
    long long last = -1;
    for (const auto& l : lines) {
      if (l.stream != 1) continue;  // the example prints with printf; stderr is the runtime's log
      std::string t = term::last_redraw(term::strip_ansi(l.text));
      if (rknn_benchmark::is_perf_banner(t)) {
        timed = true;
        last = -1;
        out.clear();
      } else if (timed && rknn_benchmark::is_average_line(t)) {
        break;
      } else if (auto i = timed ? rknn_benchmark::iteration_index(t) : std::nullopt) {
        // The index, not a line count, so a lost or garbled line does not shift the later ones.
        if (*i <= last) continue;
        last = *i;
        out.push_back({l.t_s, static_cast<double>(*i + 1) * batch});
      }
    }
    return out;
  }

  nlohmann::json parse_files(const std::vector<fs::path>& files) const override {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : files) {
      std::string text = read_whole_file(f);
      if (auto why = rknn_benchmark::failure_reason(text, ""); !why.empty())
        throw ToolError(fmt::format("{}: rknn_benchmark stopped before its timed loop: '{}'", f.string(), why));
      out.push_back({{"file", f.string()},
                     {"result", to_json(to_result(rknn_benchmark::parse(text, f.string()), nlohmann::json::object(),
                                                  {f.string()}))}});
    }
    return out;
  }
};

}  // namespace

const Adapter& rknn_benchmark_adapter() {
  static const RknnBenchmarkAdapter adapter;
  return adapter;
}

}  // namespace wb
