// acclBench adapter: acclBench -d <dfp> -f <frames per stream> [-n streams] [--max_fps N]
// [--power] [--no_latency]. The window (memryx/MxAccl tools/acclBench/acclBench.cpp):
// - start: accl->start(), marked by "Benchmarking" (latest, printed just before it) or "Number of
//   chips the dfp is compiled for" (older, printed just after it).
// - length: the tool prints no duration, and its summary comes up to one display period late
//   (250 ms; 1 s in SDK 1.0) after the last frame, so it is no end edge. Each stream ran exactly
//   -f frames (incallback_ms stops at frame_count), so the length is frames / the stream's FPS.
//   That FPS is a mean of per-50-frame rates whose first chunk is timed from connect_stream,
//   before start(): it carries the start-up delay d (first frame's in-to-out latency), so the
//   length is off by at most about d; the last partial chunk (< 50 frames) is not in the figure.
// No progress: the live table is each stream's running mean of per-50-frame rates
// (outcallback_ms: fps = 50*1000/ms since the last chunk, averaged over all chunks so far;
// memryx/MxAccl tools/acclBench/acclBench.cpp at 5a80a1c and 6c62fe3), not a frame count. That mean
// weights each chunk equally and is shown to 0.1 (2025+) or 0.01 (1.0) FPS, so the count behind it
// cannot be recovered (the number of chunks is never printed), and acclBench writes no per-frame
// times: FPS per time slice stays unknown rather than guessed from a running mean.
#include "adapters/acclbench/adapter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "adapters/acclbench/parse.hpp"
#include "adapters/files.hpp"
#include "adapters/text_util.hpp"
#include "harness/config/benchmark_config.hpp"
#include "harness/config/node.hpp"
#include "harness/util/json_or_null.hpp"

namespace wb {

namespace fs = std::filesystem;
using namespace acclbench;

namespace {
constexpr double kLineDeliveryS = 0.005;  // a flushed line reaches our pty reader within a few ms
constexpr int kDefaultFrames = 1000;      // acclBench's frame_count default

ToolResult to_result(const Output& o, std::optional<double> frames_per_stream, std::optional<double> max_fps,
                     const std::string& source) {
  ToolResult t;
  t.tool = "acclBench";
  t.sources = {source};
  t.fps = o.fps_dfp;
  t.versions["acclbench_output"] = format_name(o.format);
  std::vector<int> models;
  for (const auto& s : o.streams)
    if (std::find(models.begin(), models.end(), s.model) == models.end()) models.push_back(s.model);
  nlohmann::json streams = nlohmann::json::array();
  double slowest = std::numeric_limits<double>::infinity();
  for (const auto& s : o.streams) {
    streams.push_back({{"model", s.model}, {"stream", s.stream}, {"fps", s.fps}});
    slowest = std::min(slowest, s.fps);
  }
  std::size_t n_streams = std::max<std::size_t>(o.streams.size(), 1);
  if (frames_per_stream) {
    t.frames = *frames_per_stream * static_cast<double>(n_streams);
    // Streams run side by side: the phase lasts as long as the slowest one.
    double fps = o.streams.empty() ? *o.fps_dfp : slowest;
    if (fps > 0) t.measured_s = *frames_per_stream / fps;
  }
  if (!o.latencies.empty()) {
    double sum = 0;
    nlohmann::json lat = nlohmann::json::array();
    for (const auto& l : o.latencies) {
      sum += l.latency_ms;
      lat.push_back({{"model", l.model}, {"latency_ms", l.latency_ms}});
    }
    t.latency_mean_ms = sum / static_cast<double>(o.latencies.size());
    t.extras["in_to_out_latency"] = lat;
  }
  // Start-up delay bound: the in-to-out latency where measured, else one 50-frame chunk.
  if (t.measured_s) {
    double fps = o.streams.empty() ? *o.fps_dfp : slowest;
    t.window_uncertainty_s = t.latency_mean_ms ? *t.latency_mean_ms / 1000 + 0.001 : 50 / fps;
    t.window_note = fmt::format(
        "length = frames per stream / the stream's FPS, a mean of per-50-frame rates whose first chunk includes the "
        "start-up "
        "({}): the length may be off by about {:.3f} s",
        t.latency_mean_ms ? "bounded by the in-to-out latency" : "bounded by one 50-frame chunk, no latency measured",
        t.window_uncertainty_s);
  }
  t.extras["fps_method"] =
      "running mean of per-50-frame rates per stream, summed over streams (start-up ramp included)";
  // Every stream sends exactly -f frames and stops (incallback_ms): the phase lasts until the
  // slowest is done, so the rate delivered over it is streams × frames / (frames / slowest) =
  // streams × the slowest stream's rate. "Average FPS for DFP" adds rates that overlapped only
  // until the faster streams finished (a multi-model DFP): kept beside, not the headline.
  if (!o.streams.empty() && std::isfinite(slowest) && slowest > 0) {
    double delivered = static_cast<double>(o.streams.size()) * slowest;
    if (o.fps_dfp) t.other_fps["sum_of_streams"] = *o.fps_dfp;
    t.fps = delivered;
    t.extras["fps_method"] =
        "streams x the slowest stream's rate: every stream sent the same -f frames, so the phase lasted "
        "until the slowest one finished (its rate: a running mean of per-50-frame rates)";
  }
  t.extras["models"] = models.size();
  t.extras["streams"] = streams;
  t.extras["fps_per_stream"] = or_null(o.fps_per_stream);
  if (o.dfp_chips) t.extras["dfp_chips"] = *o.dfp_chips;
  if (max_fps) t.extras["max_fps"] = *max_fps;
  // The tool's own readings (--power): another scope than our probes, kept apart for comparison.
  if (o.power_dfp_w || !o.devices.empty()) {
    nlohmann::json devs = nlohmann::json::array();
    for (const auto& d : o.devices)
      devs.push_back({{"device", d.device}, {"power_w", or_null(d.power_w)}, {"temp_c", or_null(d.temp_c)}});
    t.extras["tool_power"] = {
        {"avg_w", or_null(o.power_dfp_w)},
        {"devices", devs},
        {"method", "moving average of the last 30 readings, one per display refresh, at the end of the run"}};
  }
  if (o.format == Format::sdk1_0 && max_fps)
    t.warnings.push_back(
        "SDK 1.0 --max_fps does not pace the device: it only caps each 50-frame rate in the FPS figure, so FPS and the "
        "window "
        "length understate what ran");
  return t;
}

std::optional<double> ctx_number(const ToolInvocation& inv, const char* k) {
  if (inv.context.contains(k) && inv.context[k].is_number()) return inv.context[k].get<double>();
  return std::nullopt;
}

long long positive_int(const ConfigNode& a, const std::string& key, long long min) {
  std::optional<long long> v;
  try {
    v = a.integer(key);
  } catch (const std::exception&) {
    a.fail(key, "expected a whole number (acclBench reads it with strtol)");
  }
  if (v && (*v < min || *v > std::numeric_limits<int>::max()))
    a.fail(key, fmt::format("must be {} or more (an int)", min));
  return v.value_or(0);
}

class AcclbenchAdapter final : public Adapter {
 public:
  std::string name() const override { return "acclBench"; }
  std::string default_executable() const override { return "acclBench"; }
  // the MemryX MX3 driver's (memx) errors and timeouts
  std::vector<KernelPattern> kernel_patterns() const override {
    return {{"memx", R"(\bmemx.*([Tt]imeout|[Ff]ail|[Ee]rror|hang))"}};
  }
  WorkKeys work_keys() const override { return {{"dfp"}, {"streams", "max_fps"}}; }

  void check_args(const ConfigNode& a) const override {
    a.allow_only({"dfp", "frames", "streams", "max_fps", "power", "no_latency"});
    a.require_string("dfp");
    positive_int(a, "frames", 50);  // fewer than 50 frames give no FPS figure at all
    positive_int(a, "streams", 1);
    positive_int(a, "max_fps", 1);
    a.boolean("power");
    a.boolean("no_latency");
  }

  // --max_fps is "maximum allowed FPS per stream" (acclBench.cpp usage text, read with strtol):
  // a target over all streams is split evenly, and each share must be a whole number.
  Adapter::Pacing pacing(const ConfigNode& a, double fps) const override {
    if (a.has("max_fps")) return {{}, "benchmark.args.max_fps caps the rate too: keep one of the two"};
    long long streams = a.integer("streams").value_or(1);
    double per_stream = fps / static_cast<double>(streams);
    if (per_stream != std::floor(per_stream) || per_stream < 1 || per_stream > std::numeric_limits<int>::max())
      return {{},
              fmt::format("{:g} FPS over {} stream(s) is {:g} per stream; --max_fps takes a whole number per stream",
                          fps, streams, per_stream)};
    return {{"--max_fps", fmt::format("{:.0f}", per_stream)}, ""};
  }

  ToolInvocation invocation(const BenchmarkConfig& b, const fs::path& config_dir) const override {
    ConfigNode a(b.args, "(config)", "benchmark.args");
    ToolInvocation inv;
    long long frames = a.integer("frames").value_or(kDefaultFrames);
    inv.args = {"-d", config_path(a.require_string("dfp"), config_dir), "-f", std::to_string(frames)};
    if (auto n = a.integer("streams")) inv.args.insert(inv.args.end(), {"-n", std::to_string(*n)});
    if (auto m = a.integer("max_fps")) {
      inv.args.insert(inv.args.end(), {"--max_fps", std::to_string(*m)});
      inv.context["max_fps"] = *m;
    }
    if (b.target_fps) {
      auto cap = pacing(a, *b.target_fps).args;
      inv.args.insert(inv.args.end(), cap.begin(), cap.end());
      inv.context["max_fps"] = std::stoll(cap.at(1));
    }
    if (a.boolean("power").value_or(false)) inv.args.push_back("--power");
    if (a.boolean("no_latency").value_or(false)) inv.args.push_back("--no_latency");
    inv.args.insert(inv.args.end(), b.extra_args.begin(), b.extra_args.end());
    inv.context["frames_per_stream"] = frames;
    inv.live_lines = true;
    return inv;
  }

  ToolResult parse_run(const fs::path&, const fs::path& stdout_log, const fs::path& stderr_log,
                       const ToolInvocation& inv) const override {
    std::string out = read_tool_log(stdout_log);
    std::string err = read_tool_log_if_any(stderr_log);
    // MxAccl throws while it parses the DFP (the compiled model: MxAccl.cpp connect_dfp, "Cannot parse
    // dfp file - Please check given dfp") before it touches the device: words about the DFP refuse the
    // model; any other abort (a device that vanished mid-run) is the card's.
    if (auto why = abort_reason(err); !why.empty())
      throw ToolError("acclBench aborted: " + why,
                      text::contains_any_ci(why, {"dfp"}) ? ToolError::Cause::model : ToolError::Cause::card_or_setup);
    std::string seen = clean(out);
    if (seen.find("CANNOT CONNECT TO DEVICE") != std::string::npos)
      throw ToolError("acclBench: CANNOT CONNECT TO DEVICE");
    if (seen.find("please specify the dfp file") != std::string::npos)
      throw ToolError("acclBench: please specify the dfp file");
    return to_result(parse(out, stdout_log.string()), ctx_number(inv, "frames_per_stream"), ctx_number(inv, "max_fps"),
                     stdout_log.string());
  }

  WindowEvidence window_evidence(const std::vector<TimedLine>& lines, const ToolInvocation&) const override {
    WindowEvidence w;
    std::optional<double> benchmarking, chips;
    for (const auto& l : lines) {
      if (l.stream != 1) continue;
      std::string t = text::trim(clean(l.text));
      if (is_benchmarking_line(t))
        benchmarking = l.t_s;
      else if (is_chips_line(t))
        chips = l.t_s;  // the last one: the latest release prints one in its latency step too
      else if (is_summary_line(t))
        break;
    }
    if (benchmarking) {
      w.marker_start_s = benchmarking;
      w.detail = "'Benchmarking', printed just before accl->start()";
    } else if (chips) {
      w.marker_start_s = chips;
      w.detail = "'Number of chips the dfp is compiled for', printed just after accl->start()";
    }
    w.uncertainty_s = kLineDeliveryS;
    return w;
  }

  nlohmann::json parse_files(const std::vector<fs::path>& files) const override {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : files) {
      auto t = to_result(parse(read_whole_file(f), f.string()), std::nullopt, std::nullopt, f.string());
      out.push_back({{"file", f.string()}, {"result", to_json(t)}});
    }
    return out;
  }
};

}  // namespace

const Adapter& acclbench_adapter() {
  static const AcclbenchAdapter adapter;
  return adapter;
}

}  // namespace wb
