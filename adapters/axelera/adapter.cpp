// Axelera adapter: inference.py <network> <media> --frames N --no-display [--aipu-cores C]
// [--show-stats] [--show-device-fps], stderr on a terminal.
//
// inference.py prints no frame count and no duration. Its `End-to-end` figure is the mean
// rate of the last ≤5 closed ~1 s chunks (inf_tracers.py End2EndTracer), and on SDK ≤1.4 the
// end-of-run lines come after pipeline and device teardown, so N / End-to-end is no window.
// The window comes from tqdm's progress bar instead: inference.py wraps the stream in
// tqdm(..., unit='frames', leave=False, disable=None), which draws on stderr only when stderr
// is a terminal, redrawing at most every 0.1 s with tqdm's exact frame counter n. FPS is then
// (n_last − n_first) / (t_last − t_first) over the redraws between a settling time after the
// first frame and the end-of-run lines. End-to-end stays in extras; Metis (the device alone)
// and Host are rates beside the delivered one (other_fps), the headline only by benchmark.fps_source.
// Without a bar (tqdm off, an SDK without it): the last 5 s ending at the first end-of-run
// line, at End-to-end, flagged approximate.
#include "adapters/axelera/adapter.hpp"

#include <fmt/format.h>

#include "harness/util/regex.hpp"

#include "adapters/axelera/parse.hpp"
#include "adapters/end_anchor.hpp"
#include "adapters/files.hpp"
#include "harness/config/benchmark_config.hpp"
#include "harness/config/node.hpp"
#include "harness/process/lines_tsv.hpp"
#include "harness/util/json_or_null.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {
// End2EndTracer's span: deque(maxlen=5) of ~1 s chunks.
constexpr double kEndToEndSpanS = 5.0;
// Fallback edges: the chunks close on frame arrivals (≥1 s each) and on SDK ≤1.4 the end lines
// wait for teardown; neither is visible in the output.
constexpr double kFallbackUncertaintyS = 1.5;

const char* kFallbackNote =
    "no tqdm progress bar on stderr (tqdm disabled, or stderr not a terminal): the window is the last 5 s ending at "
    "the "
    "first end-of-run line, End-to-end's own averaging span (≤5 closed ~1 s chunks); on SDK ≤1.4 those lines follow "
    "pipeline and device teardown, so the window may end late";

bool unbounded_media(const std::string& m) {
  // v1.2.5/1.3 pipe/io.py: fakevideo(:WxH)?; v1.4+ config.py _parse_stream_props adds @fps.
  static const rx::regex re(R"(^fakevideo(?::\d+x\d+)?(?:@\d+)?$)");
  return rx::match(m, re);
}

ToolResult to_result(const axelera::Output& o, const std::string& tracers, const std::optional<axelera::BarWindow>& bar,
                     const nlohmann::json& context, std::vector<std::string> sources) {
  ToolResult t;
  t.tool = "axelera";
  t.model = context.value("network", "");
  // The headline is the rate delivered end to end (docs/WINDOWS.md): Metis (the device's rate
  // while busy, kernel cycles × multiplier) and Host are what parts of the pipeline could do,
  // shown beside it by name; benchmark.fps_source picks one instead.
  t.fps = bar ? std::optional<double>(bar->fps()) : o.system_fps;
  if (o.device_fps) t.other_fps["device"] = *o.device_fps;
  if (o.host_fps) t.other_fps["host"] = *o.host_fps;
  if (bar) t.frames = bar->frames();
  t.latency_mean_ms = o.latency_mean_ms ? o.latency_mean_ms : o.latency_ms;
  t.latency_sd_ms = o.latency_sd_ms;
  if (!bar && t.fps) {
    t.measured_s = kEndToEndSpanS;
    t.window_uncertainty_s = kFallbackUncertaintyS;
    t.window_note = kFallbackNote;
  }
  t.extras = {{"tracers_asked", tracers},
              {"fps_from", bar ? "tqdm frame counter over the window" : "End-to-end (last ≤5 s)"},
              {"output_form", o.form},
              {"end_to_end_fps", or_null(o.system_fps)},
              {"end_to_end_not_measured", o.system_fps_not_measured},
              {"device_fps", or_null(o.device_fps)},
              {"host_fps", or_null(o.host_fps)},
              {"inference_rate", or_null(o.inference_rate)},
              {"core_temp_c", or_null(o.core_temp_c)},
              {"cpu_pct", or_null(o.cpu_pct)},
              {"latency_median_ms", or_null(o.latency_ms)},
              {"latency_min_ms", or_null(o.latency_min_ms)},
              {"latency_max_ms", or_null(o.latency_max_ms)}};
  if (bar)
    t.extras["bar"] = {
        {"n_start", bar->n_start}, {"n_end", bar->n_end}, {"redraws", bar->redraws}, {"settle_s", bar->settle_s}};
  if (!o.table_time_header.empty()) t.extras["stats_table_header"] = o.table_time_header;
  if (context.contains("frames")) t.extras["frames_requested"] = context["frames"];
  std::string media = context.value("media", "");
  if (o.form == "tracers" && media.find('@') == std::string::npos && media.rfind("fakevideo", 0) == 0)
    t.warnings.push_back(
        "SDK 1.4+ paces plain 'fakevideo' at 30 fps, so the card was not fully loaded: use fakevideo@<fps>");
  t.sources = std::move(sources);
  return t;
}

class AxeleraAdapter final : public Adapter {
 public:
  std::string name() const override { return "axelera"; }
  std::string default_executable() const override { return "inference.py"; }
  // the Metis driver's interrupt timeouts ("IRQ MSI timeout", seen before a link down on four-core cards)
  std::vector<KernelPattern> kernel_patterns() const override {
    return {{"axelera", R"(IRQ MSI timeout|\b(axl|metis|triton)\b.*([Tt]imeout|[Ff]ail|[Ee]rror))"}};
  }
  WorkKeys work_keys() const override { return {{"network"}, {"aipu_cores", "fps", "media"}}; }

  void check_args(const ConfigNode& a) const override {
    a.allow_only({"network", "media", "media_frames", "frames", "aipu_cores", "fps", "show_stats"});
    a.require_string("network");
    std::string media = a.require_string("media");
    auto f = a.integer("frames");
    if (!f)
      a.fail_here(
          "axelera needs frames (--frames N): with an unbounded source the runner streams until it has N frames");
    if (*f < 1) a.fail("frames", "must be 1 or more");
    // The source must not run out before N frames: a video file ends the run at its last frame
    // (stream.py: frames = min(number_of_frames, frames)) and a camera is paced by its own rate.
    auto mf = a.integer("media_frames");
    if (unbounded_media(media)) {
      if (mf) a.fail("media_frames", "only for a video file; fakevideo never runs out");
    } else if (!mf) {
      a.fail("media",
             fmt::format("'{}': expected an unbounded source: fakevideo@<fps> (SDK 1.4+, where plain fakevideo is "
                         "paced at 30 fps), fakevideo or fakevideo:WxH (SDK 1.2.5/1.3, 3000 fps); or a video file "
                         "with media_frames: <its frame count>",
                         media));
    } else if (*mf < 1) {
      a.fail("media_frames", "must be 1 or more");
    } else if (*f > *mf) {
      a.fail("frames", fmt::format("{} frames from a {}-frame file: the SDK cuts --frames to the file's frame count "
                                   "(stream.py min(number_of_frames, frames)); set frames ≤ {} or use fakevideo@<fps>",
                                   *f, *mf, *mf));
    }
    if (auto c = a.integer("aipu_cores"); c && (*c < 1 || *c > 4))
      a.fail("aipu_cores", "expected 1..4 (Metis has four AI cores)");
    if (auto s = a.string("fps"); s && *s != "device" && *s != "system" && *s != "host")
      a.fail("fps",
             "expected system, device (also print Metis: --show-device-fps) or host (--show-host-fps); the headline "
             "stays the delivered rate unless benchmark.fps_source names device or host");
    a.boolean("show_stats");
  }

  ToolInvocation invocation(const BenchmarkConfig& b, const fs::path&) const override {
    ConfigNode a(b.args, "(config)", "benchmark.args");
    ToolInvocation inv;
    inv.args = {a.require_string("network"), a.require_string("media"), "--frames",
                std::to_string(*a.integer("frames")), "--no-display"};
    if (auto c = a.integer("aipu_cores")) inv.args.insert(inv.args.end(), {"--aipu-cores", std::to_string(*c)});
    if (a.boolean("show_stats").value_or(false)) inv.args.push_back("--show-stats");
    std::string fps = a.string("fps").value_or("system");
    // Device and (from 1.3) host FPS are printed only when asked.
    if (fps == "device") inv.args.push_back("--show-device-fps");
    if (fps == "host") inv.args.push_back("--show-host-fps");
    inv.args.insert(inv.args.end(), b.extra_args.begin(), b.extra_args.end());
    inv.context = {{"network", a.require_string("network")},
                   {"media", a.require_string("media")},
                   {"frames", *a.integer("frames")},
                   {"fps", fps}};
    inv.live_lines = true;
    inv.tty_stderr = true;  // tqdm(disable=None) draws the bar only on a terminal
    return inv;
  }

  ToolResult parse_run(const fs::path&, const fs::path& stdout_log, const fs::path&,
                       const ToolInvocation& inv) const override {
    auto o = axelera::parse(read_tool_log(stdout_log), stdout_log.string());
    // The bar's redraws need their arrival times: the runner's line log beside the output logs.
    fs::path lines_log = stdout_log.parent_path() / "tool.lines.tsv";
    std::optional<axelera::BarWindow> bar;
    std::vector<std::string> sources{stdout_log.string()};
    if (fs::exists(lines_log)) {
      bar = axelera::bar_window(read_lines_tsv(lines_log));
      if (bar) sources.push_back(lines_log.string());
    }
    return to_result(o, inv.context.value("fps", "system"), bar, inv.context, sources);
  }

  WindowEvidence window_evidence(const std::vector<TimedLine>& lines, const ToolInvocation&) const override {
    WindowEvidence w;
    if (auto bar = axelera::bar_window(lines)) {
      w.marker_start_s = bar->start_s;
      w.marker_end_s = bar->end_s;
      w.detail = bar->detail;
      w.uncertainty_s = bar->uncertainty_s;
      return w;
    }
    anchor_end_at_first(w, lines,
                        [](const TimedLine& l) { return l.stream == 1 && axelera::is_end_of_run_line(l.text); });
    return w;
  }

  nlohmann::json parse_files(const std::vector<fs::path>& files) const override {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : files) {
      auto o = axelera::parse(read_whole_file(f), f.string());
      // Offline there is no config and no line times: End-to-end, Metis and Host beside it.
      out.push_back(
          {{"file", f.string()},
           {"result", to_json(to_result(o, "system", std::nullopt, nlohmann::json::object(), {f.string()}))}});
    }
    return out;
  }
};

}  // namespace

const Adapter& axelera_adapter() {
  static const AxeleraAdapter adapter;
  return adapter;
}

}  // namespace wb
