// hailortcli adapter. run:       hailortcli run <hef> -t T --csv hailortcli.csv [...]
//                    benchmark: hailortcli benchmark <hef> -t T --csv hailortcli.csv [...]
//                    run2:      hailortcli run2 -t T -j run2.json [...] set-net <hef> [--batch-size N]
// The measured window (hailo-ai/hailort, hailort/hailortcli, tags v4.23.0 / v5.2.0):
// - run and 4.x benchmark: the progress fps is cumulative, count / (now - start)
//   (inference_progress.cpp L110-115), so any progress line at arrival time T puts the start of
//   inference at T - count/fps; the length is the tool's frames / FPS. Phase banners are no edges:
//   each phase creates, configures and releases its vdevice between them (run_command.cpp L1248-1321).
// - 5.x benchmark (v5.0.1+): one silent phase of -t s (run2_command.cpp L863-927) ending just
//   before the Summary is printed.
// - run2: the first live frame is printed as the timed phase starts (live_stats.cpp L149-170,
//   run2_command.cpp L777-778); it lasts -t s.
#include "adapters/hailortcli/adapter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "adapters/files.hpp"
#include "adapters/hailortcli/parse.hpp"
#include "adapters/text_util.hpp"
#include "harness/config/benchmark_config.hpp"
#include "harness/config/node.hpp"
#include "harness/util/json_or_null.hpp"

namespace wb {

namespace fs = std::filesystem;
using namespace hailortcli;

namespace {

constexpr const char* kCsv = "hailortcli.csv";
constexpr const char* kRun2Json = "run2.json";
// A flushed stdout line reaches our pipe/pty reader within a few ms.
constexpr double kLineDeliveryS = 0.005;
// 5.x benchmark: between the end of its -t wait and the Summary the tool stops the live stats,
// stops the network runners and joins their threads (run2_command.cpp v5.2.0 L790-795), untimed.
constexpr double kV5StopAllowanceS = 0.1;

std::string mode_of(const ConfigNode& a) { return a.string("mode").value_or("run"); }

// The tool's own (on-module) readings: a different scope from our probes, kept for comparison.
// run/run2 over several devices (one vdevice, -s A B or --device-count N) print one block per
// physical device (measurement_live_track.cpp v4.23.0 L70-128, one track per device L745-760):
// each is kept, and the board's figure is their sum with that scope. Min and max are per device
// only: extremes taken at different moments do not add.
void add_measurements(ToolResult& t, const std::vector<DeviceMeasurements>& devices) {
  if (devices.empty()) return;
  nlohmann::json per = nlohmann::json::array();
  std::optional<double> sum_w, sum_ma;
  bool all_w = true, all_ma = true;
  std::string ids;
  for (const auto& d : devices) {
    per.push_back({{"device", d.device},
                   {"min_w", or_null(d.power_min_w)},
                   {"avg_w", or_null(d.power_avg_w)},
                   {"max_w", or_null(d.power_max_w)},
                   {"avg_current_ma", or_null(d.current_avg_ma)},
                   {"avg_temp_c", or_null(d.temp_avg_c)},
                   {"max_temp_c", or_null(d.temp_max_c)}});
    all_w = all_w && d.power_avg_w;
    all_ma = all_ma && d.current_avg_ma;
    if (d.power_avg_w) sum_w = sum_w.value_or(0) + *d.power_avg_w;
    if (d.current_avg_ma) sum_ma = sum_ma.value_or(0) + *d.current_avg_ma;
    ids += (ids.empty() ? "" : ", ") + d.device;
  }
  if (devices.size() == 1) {
    t.extras["tool_power"] = per[0];
    t.extras["tool_power"]["scope"] = "device";
    return;
  }
  t.extras["tool_power"] = {{"device", ids},
                            {"devices", per},
                            {"avg_w", all_w ? or_null(sum_w) : nlohmann::json(nullptr)},
                            {"avg_current_ma", all_ma ? or_null(sum_ma) : nlohmann::json(nullptr)},
                            {"min_w", nullptr},
                            {"max_w", nullptr},
                            {"scope", fmt::format("board: the sum of {} devices' on-module sensors", devices.size())}};
  if (!all_w && sum_w)
    t.warnings.push_back(
        fmt::format("the tool measured power on only some of its {} devices: no board figure", devices.size()));
}

std::optional<double> time_s_of(const ToolInvocation& inv) {
  if (inv.context.contains("time_s") && inv.context["time_s"].is_number()) return inv.context["time_s"].get<double>();
  return std::nullopt;
}

// Every network counts: the energy paid for all of them. FPS and frames are sums over the networks.
ToolResult from_networks(const std::vector<NetworkResult>& nets, const std::string& source) {
  ToolResult t;
  t.tool = "hailortcli";
  t.sources = {source};
  if (nets.empty()) return t;
  t.model = nets.front().group.empty() ? nets.front().name : nets.front().group;
  bool all_fps = true, all_frames = true;
  double fps = 0, frames = 0, latency = 0;
  int latencies = 0;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& n : nets) {
    all_fps = all_fps && n.fps.has_value();
    all_frames = all_frames && n.frames.has_value();
    fps += n.fps.value_or(0);
    frames += n.frames.value_or(0);
    if (n.hw_latency_ms) {
      latency += *n.hw_latency_ms;
      ++latencies;
    }
    // The tool's own timed length: frames / FPS (time mode), or HH:MM:SS with -c.
    if (n.frames && n.fps && *n.fps > 0)
      t.measured_s = std::max(t.measured_s.value_or(0), *n.frames / *n.fps);
    else if (n.duration_s)
      t.measured_s = std::max(t.measured_s.value_or(0), *n.duration_s);
    list.push_back({{"name", n.name},
                    {"group", n.group},
                    {"fps", or_null(n.fps)},
                    {"frames", or_null(n.frames)},
                    {"hw_latency_ms", or_null(n.hw_latency_ms)}});
  }
  if (all_fps) t.fps = fps;
  if (all_frames) t.frames = frames;
  if (latencies) t.latency_mean_ms = latency / latencies;
  t.extras["networks"] = list;
  // run2 --measure-latency sends one frame at a time and measures no FPS (run2_command.cpp
  // v4.23.0 L794-797): the latencies are its result.
  if (std::none_of(nets.begin(), nets.end(), [](const NetworkResult& n) { return n.fps.has_value(); }) && latencies)
    t.warnings.push_back(
        "latency-only run (--measure-latency): frames go one at a time and the tool measures no FPS, "
        "so there is no FPS/W");
  return t;
}

ToolResult from_run(const RunOutput& r, const std::string& source) {
  auto t = from_networks(r.networks, source);
  add_measurements(t, r.devices);
  return t;
}

// Networks of a group in the streaming phase's final frame ("<group>/<net>").
std::vector<const ProgressLine*> networks_of(const BenchmarkOutput& b, const BenchmarkGroup& g) {
  std::vector<const ProgressLine*> out;
  for (const auto& p : b.streaming_final)
    if (b.groups.size() == 1 || p.group() == g.name) out.push_back(&p);
  return out;
}

ToolResult from_benchmark(const BenchmarkOutput& b, const std::string& source, std::optional<double> time_s) {
  ToolResult t;
  t.tool = "hailortcli";
  t.sources = {source};
  t.extras["benchmark_format"] = b.v5 ? "5.x" : "4.x";
  if (!b.groups.empty()) t.model = b.groups.front().name;
  // A group's FPS is the mean over its networks (inference_result.hpp L128-144): times the
  // network count it is their sum. Each network has its own line in the progress frames.
  double fps = 0, frames = 0, latency = 0;
  std::optional<double> hw_only = 0.0;  // summed like the streaming rate; absent if any group lacks it
  bool all_frames = true;
  int latencies = 0;
  nlohmann::json nets = nlohmann::json::array(), groups = nlohmann::json::array();
  for (const auto& g : b.groups) {
    auto members = networks_of(b, g);
    std::size_t n = std::max<std::size_t>(members.size(), 1);
    fps += g.fps_streaming.value_or(0) * static_cast<double>(n);
    hw_only = g.fps_hw_only && hw_only ? std::optional<double>(*hw_only + *g.fps_hw_only * static_cast<double>(n))
                                       : std::nullopt;
    if (g.hw_latency_ms) {
      latency += *g.hw_latency_ms;
      ++latencies;
    }
    groups.push_back({{"name", g.name},
                      {"fps_streaming", or_null(g.fps_streaming)},
                      {"fps_hw_only", or_null(g.fps_hw_only)},
                      {"hw_latency_ms", or_null(g.hw_latency_ms)},
                      {"networks", n}});
    if (members.size() > 1) {
      // The tool reports only the group's mean: per network, the final frame's cumulative figures.
      for (const auto* p : members) {
        nets.push_back({{"name", p->network},
                        {"group", g.name},
                        {"fps", or_null(p->fps)},
                        {"frames", p->count},
                        {"from", "final progress frame"}});
        frames += p->count;
      }
    } else {
      std::optional<double> f = g.frames;
      if (!f && !members.empty()) f = members.front()->count;
      if (f)
        frames += *f;
      else
        all_frames = false;
      nets.push_back({{"name", members.empty() ? g.name : members.front()->network},
                      {"group", g.name},
                      {"fps", or_null(g.fps_streaming)},
                      {"frames", or_null(f)}});
    }
    // Length of the streaming phase: frames / FPS where the CSV has the frames (single-network groups).
    if (g.frames && g.fps_streaming && *g.fps_streaming > 0)
      t.measured_s = std::max(t.measured_s.value_or(0), *g.frames / *g.fps_streaming);
  }
  t.fps = fps;
  if (all_frames && !b.v5) t.frames = frames;
  if (latencies) t.latency_mean_ms = latency / latencies;
  t.extras["networks"] = nets;
  t.extras["network_groups"] = groups;
  if (auto hw = b.groups.empty() ? std::nullopt : b.groups.front().fps_hw_only) t.extras["fps_hw_only"] = *hw;
  // 4.x's hw_only phase: raw streams without the host's transform, in a phase of its own whose
  // power is not measured; beside the streaming rate by name (docs/WINDOWS.md).
  if (hw_only && !b.groups.empty()) t.other_fps["hw_only"] = *hw_only;
  if (b.v5) {
    t.measured_s = time_s;
    t.window_uncertainty_s = kV5StopAllowanceS;
    t.window_note = fmt::format(
        "5.x benchmark prints nothing while it runs: the window is its -t phase taken to end at the Summary, which "
        "follows "
        "an untimed runner stop and join (allowed {:g} s); its FPS is the cumulative mean at the last 1 s tick, not "
        "over the whole phase",
        kV5StopAllowanceS);
  } else if (!t.measured_s && time_s) {
    // Multi-network groups have no frame count: the phase lasted -t plus the thread join.
    t.measured_s = time_s;
    t.window_uncertainty_s = 0.02;
    t.window_note =
        "the streaming phase's length is taken as -t (the tool reports no frame count for multi-network groups)";
  }
  add_measurements(t, b.devices);
  return t;
}

// `run <directory>` runs the HEFs one after another, each with its own HEF load and vdevice
// life between them (run_command.cpp v4.23.0 L1351-1381): wattbench measures one model per run.
std::string hef_dir_refusal(const std::string& where, std::size_t hefs) {
  return fmt::format(
      "{}: hailortcli run on a directory inferred {} HEFs one after another, each with its own set-up; their "
      "figures are not one result and one window: give one HEF per run (a matrix axis over benchmark.args.hef), "
      "or `wattbench parse` this output for each model's own figures",
      where, hefs);
}

bool is_benchmark_output(const std::string& text) {
  return text.find("Summary") != std::string::npos && text.find("=======") != std::string::npos;
}

// Whole seconds as hailortcli's uint32 -t/-c take them (CLI11 refuses "2.5" and "1e+06").
long long uint32_arg(const ConfigNode& a, const std::string& key, const std::string& flag) {
  std::optional<long long> v;
  try {
    v = a.integer(key);
  } catch (const std::exception&) {
    a.fail(key, fmt::format("expected a whole number: hailortcli's {} is a uint32 (it refuses a fraction such as 2.5)",
                            flag));
  }
  if (!v) return 0;
  if (*v < 1 || *v > std::numeric_limits<std::uint32_t>::max())
    a.fail(key, fmt::format("{} is out of range for hailortcli's {} (1 to {})", *v, flag,
                            std::numeric_limits<std::uint32_t>::max()));
  return *v;
}

struct TimedProgress {
  double t_s;
  ProgressLine p;
};
// One pass over the live lines: the timed phase's progress frames and the anchors around it.
struct LineWalk {
  std::vector<TimedProgress> timed;  // progress lines of the timed phase, with a count and FPS
  std::optional<double> run2_first, run2_last, summary_s, latency_banner_s, end_anchor_s;
  std::string end_anchor_text;
};
LineWalk walk_lines(const std::vector<TimedLine>& lines) {
  LineWalk w;
  enum class Phase { none, hw_only, timed, latency, after };
  Phase phase = Phase::none;
  for (const auto& l : lines) {
    if (l.stream != 1) continue;
    std::string t = text::trim(visible_text(l.text));
    if (is_hw_only_phase_banner(t))
      phase = Phase::hw_only;
    else if (is_streaming_phase_banner(t)) {
      phase = Phase::timed;
      w.timed.clear();
    } else if (is_latency_phase_banner(t)) {
      phase = Phase::latency;
      w.latency_banner_s = l.t_s;
    } else if (t.rfind("Running streaming inference (", 0) == 0 || t.rfind("Running hw_only inference (", 0) == 0)
      phase = Phase::timed;
    else if (t.rfind("> Writing inference results", 0) == 0 || t == "> Inference result:") {
      phase = Phase::after;
      if (!w.end_anchor_s) {
        w.end_anchor_s = l.t_s;
        w.end_anchor_text = t;
      }
    } else if (t == "=======" && !w.summary_s) {
      w.summary_s = l.t_s;
      phase = Phase::after;
    } else if (is_run2_timer_row(t)) {
      if (!w.run2_first) w.run2_first = l.t_s;
      w.run2_last = l.t_s;
    } else if (auto p = phase == Phase::timed ? parse_progress_line(t) : std::nullopt) {
      if (!p->fps || *p->fps <= 0 || p->count <= 0) continue;  // the usually empty first frame
      w.timed.push_back({l.t_s, *p});
    }
  }
  return w;
}

class HailortcliAdapter final : public Adapter {
 public:
  std::string name() const override { return "hailortcli"; }
  std::string default_executable() const override { return "hailortcli"; }
  // the hailo PCIe driver's errors (hailort-drivers linux/pcie/src/pcie.c: "Timeout waiting for firmware..", "Firmware
  // load failed", "Failed to enable MSI")
  std::vector<KernelPattern> kernel_patterns() const override {
    return {{"hailo_pci", R"(\bhailo.*([Tt]imeout|[Ff]ail|[Ee]rror))"}};
  }
  WorkKeys work_keys() const override {
    return {{"hef"}, {"mode", "batch_size", "power_mode", "device_ids", "device_count"}};
  }

  void check_args(const ConfigNode& a) const override {
    a.allow_only({"mode", "hef", "time_s", "frames", "batch_size", "measure_power", "measure_temp", "power_mode",
                  "device_ids", "device_count", "measure_latency"});
    auto mode = mode_of(a);
    // 5.1+ refuses `run` on PCIe devices (exit 6, "Use \"run2\" instead"): use run2 or benchmark there.
    if (mode != "run" && mode != "benchmark" && mode != "run2")
      a.fail("mode", fmt::format("'{}': expected run, benchmark or run2", mode));
    // `run <directory>` runs every HEF in it one after another, each with its own set-up
    // (run_command.cpp v4.23.0 L1351-1381); run2 and benchmark take files only.
    if (std::error_code ec;
        fs::is_directory(config_path(a.require_string("hef"), fs::path(a.file()).parent_path()), ec))
      a.fail("hef",
             fmt::format(
                 "'{}' is a directory: hailortcli runs its HEFs one after another, each with its own set-up, and "
                 "wattbench measures one model per run; give one HEF per run (a matrix axis over benchmark.args.hef)",
                 *a.string("hef")));
    uint32_arg(a, "time_s", "-t/--time-to-run");
    if (a.has("frames")) {
      uint32_arg(a, "frames", "-c/--frames-count");
      if (mode != "run") a.fail("frames", "frames (-c) applies to mode run only");
      if (a.has("time_s")) a.fail("frames", "give time_s or frames, not both");
    }
    if (auto b = a.integer("batch_size"); b && *b < 1) a.fail("batch_size", "must be 1 or more");
    if (a.boolean("measure_power").value_or(false) && mode == "benchmark")
      a.fail("measure_power", "benchmark measures power by itself where the board supports it");
    a.boolean("measure_temp");
    // run2's vdevice over several devices (-s A B / --device-count N, run2_command.cpp v4.23.0 L383-392).
    if (a.has("device_ids") || a.has("device_count")) {
      if (mode != "run2")
        a.fail(a.has("device_ids") ? "device_ids" : "device_count", "several devices: mode run2 only");
      if (a.has("device_ids") && a.has("device_count"))
        a.fail("device_count", "give device_ids or device_count, not both");
      if (a.has("device_ids") && a.string_list("device_ids")->empty())
        a.fail("device_ids", "expected one device id or more");
      for (const auto& id : a.string_list("device_ids").value_or(std::vector<std::string>{}))
        if (id.empty() || id[0] == '-' || id.find_first_of(" \t\n") != std::string::npos || id == "set-net")
          a.fail("device_ids",
                 fmt::format("'{}': expected a device id as `hailortcli scan` prints it (0000:c6:00.0)", id));
      if (a.has("device_count")) uint32_arg(a, "device_count", "--device-count");
    }
    if (a.boolean("measure_latency").value_or(false) && mode != "run2")
      a.fail("measure_latency", "mode run2 only here (run and benchmark measure latency by themselves)");
    if (auto pm = a.string("power_mode")) {
      if (mode == "run2") a.fail("power_mode", "hailortcli run2 has no --power-mode (only run and benchmark do)");
      if (*pm != "performance" && *pm != "ultra_performance")
        a.fail("power_mode", "expected performance or ultra_performance");
    }
  }

  // run2's NetworkApp option "--framerate" (a uint32 per network group, FramerateThrottle in
  // run2/io_wrappers.cpp v5.2.0: each input frame waits for start + k / framerate); run and
  // benchmark have no rate cap.
  Adapter::Pacing pacing(const ConfigNode& a, double fps) const override {
    if (mode_of(a) != "run2")
      return {{}, "only mode run2 caps its rate (set-net --framerate); run and benchmark run flat out"};
    if (fps != std::floor(fps) || fps > 0xffffffffLL)
      return {{}, fmt::format("{:g}: run2's --framerate takes whole frames per second", fps)};
    return {{"--framerate", fmt::format("{:.0f}", fps)}, ""};
  }

  ToolInvocation invocation(const BenchmarkConfig& b, const fs::path& config_dir) const override {
    ConfigNode a(b.args, "(config)", "benchmark.args");
    ToolInvocation inv;
    auto mode = mode_of(a);
    std::string hef_s = config_path(a.require_string("hef"), config_dir);
    // The tools' own defaults: run and run2 5 s, benchmark 15 s per phase.
    long long t = a.integer("time_s").value_or(mode == "benchmark" ? 15 : 5);
    std::string t_s = std::to_string(t);
    auto batch = a.integer("batch_size");
    inv.context = {{"mode", mode}};
    if (mode == "run2") {
      inv.args = {"run2", "-t", t_s, "-j", kRun2Json};
      if (a.boolean("measure_power").value_or(false)) inv.args.push_back("--measure-power");
      if (a.boolean("measure_temp").value_or(false)) inv.args.push_back("--measure-temp");
      // Latency only: frames one at a time, no FPS measured (run2_command.cpp v4.23.0 L794-797).
      if (a.boolean("measure_latency").value_or(false)) inv.args.push_back("--measure-latency");
      if (auto ids = a.string_list("device_ids")) {
        inv.args.push_back("-s");
        inv.args.insert(inv.args.end(), ids->begin(), ids->end());
      }
      if (auto n = a.integer("device_count")) inv.args.insert(inv.args.end(), {"--device-count", std::to_string(*n)});
      inv.args.insert(inv.args.end(), {"set-net", hef_s});
      if (batch) inv.args.insert(inv.args.end(), {"--batch-size", std::to_string(*batch)});
      if (b.target_fps) {
        auto cap = pacing(a, *b.target_fps).args;
        inv.args.insert(inv.args.end(), cap.begin(), cap.end());
      }
      inv.expected_s = static_cast<double>(t);
      inv.context["time_s"] = t;
    } else {
      inv.args = {mode, hef_s};
      if (auto f = a.integer("frames"))
        inv.args.insert(inv.args.end(), {"-c", std::to_string(*f)});
      else {
        inv.args.insert(inv.args.end(), {"-t", t_s});
        // 4.x benchmark runs three phases of -t s, 5.x one.
        inv.expected_s = static_cast<double>(mode == "benchmark" ? 3 * t : t);
        inv.context["time_s"] = t;
      }
      inv.args.insert(inv.args.end(), {"--csv", kCsv});
      if (batch) inv.args.insert(inv.args.end(), {"--batch-size", std::to_string(*batch)});
      if (mode == "run" && a.boolean("measure_power").value_or(false)) inv.args.push_back("--measure-power");
      if (mode == "run" && a.boolean("measure_temp").value_or(false)) inv.args.push_back("--measure-temp");
      if (auto pm = a.string("power_mode")) inv.args.insert(inv.args.end(), {"--power-mode", *pm});
    }
    inv.args.insert(inv.args.end(), b.extra_args.begin(), b.extra_args.end());
    inv.live_lines = true;
    return inv;
  }

  ToolResult parse_run(const fs::path& tool_dir, const fs::path& stdout_log, const fs::path&,
                       const ToolInvocation& inv) const override {
    std::string out = read_tool_log(stdout_log);
    if (fs::exists(tool_dir / kRun2Json)) {
      std::optional<double> time_to_run;
      auto r = parse_run2_json(read_whole_file(tool_dir / kRun2Json), (tool_dir / kRun2Json).string(), &time_to_run);
      auto t = from_run(r, (tool_dir / kRun2Json).string());
      t.measured_s = time_s_of(inv) ? time_s_of(inv) : time_to_run;
      t.frames.reset();  // run2 reports rates only
      return t;
    }
    if (is_benchmark_output(out)) {
      auto b = parse_benchmark_stdout(out, stdout_log.string());
      std::string source = stdout_log.string();
      if (!b.v5 && fs::exists(tool_dir / kCsv)) {  // 4.x CSV: the group names and frame counts
        auto c = parse_benchmark_csv(read_whole_file(tool_dir / kCsv), (tool_dir / kCsv).string());
        if (c.groups.size() != b.groups.size())
          throw ParseError(fmt::format("{}: {} network groups, but the Summary in {} has {}",
                                       (tool_dir / kCsv).string(), c.groups.size(), stdout_log.string(),
                                       b.groups.size()));
        b.groups = c.groups;  // same order, same figures (print_benchmark_csv walks the same results)
        if (b.devices.empty()) b.devices = c.devices;
        source = (tool_dir / kCsv).string();
      }
      auto t = from_benchmark(b, source, time_s_of(inv));
      if (source != stdout_log.string()) t.sources.push_back(stdout_log.string());
      return t;
    }
    if (auto blocks = split_hef_dir_stdout(out); !blocks.empty())
      throw ParseError(hef_dir_refusal(stdout_log.string(), blocks.size()));
    // stdout has every network of every group; the CSV only a row per group.
    auto t = from_run(parse_run_stdout(out, stdout_log.string()), stdout_log.string());
    if (fs::exists(tool_dir / kCsv)) t.sources.push_back((tool_dir / kCsv).string());
    return t;
  }

  WindowEvidence window_evidence(const std::vector<TimedLine>& lines, const ToolInvocation&) const override {
    WindowEvidence w;
    auto walk = walk_lines(lines);
    w.end_anchor_s = walk.end_anchor_s;
    w.end_anchor_text = walk.end_anchor_text;
    const auto &run2_first = walk.run2_first, &run2_last = walk.run2_last;
    const auto &summary_s = walk.summary_s, &latency_banner_s = walk.latency_banner_s;
    using Last = TimedProgress;
    std::vector<Last> last;  // per network, its last progress line of the timed phase
    for (const auto& x : walk.timed) {
      auto it = std::find_if(last.begin(), last.end(), [&](const Last& y) { return y.p.network == x.p.network; });
      if (it == last.end())
        last.push_back(x);
      else
        *it = x;
    }
    if (!last.empty()) {
      // fps = count / (now - start) (cumulative), so start = T - count/fps; the fps carries 2
      // decimals, so count/fps is exact to count*0.005/(fps*(fps-0.005)).
      double start = 1e300, bound = 0;
      const Last* used = nullptr;
      for (const auto& x : last) {
        double s = x.t_s - x.p.count / *x.p.fps;
        double b = x.p.count * 0.005 / (*x.p.fps * std::max(*x.p.fps - 0.005, 1e-9));
        if (s < start) {
          start = s;
          used = &x;
        }
        bound = std::max(bound, b);
      }
      w.marker_start_s = start;
      w.uncertainty_s = bound + kLineDeliveryS;
      w.detail = fmt::format(
          "inference start from the last progress frame (t={:.3f} s, '{}': {:g} frames at a cumulative {:.2f} fps{})",
          used->t_s, used->p.network, used->p.count, *used->p.fps,
          last.size() > 1 ? fmt::format(", earliest of {} networks", last.size()) : "");
      return w;
    }
    if (run2_first) {
      // run2 prints its first live frame as the timed phase starts, its last when it ends.
      w.marker_start_s = run2_first;
      w.uncertainty_s = kLineDeliveryS;
      w.detail = "run2's first live frame, printed as its timed phase starts";
      w.end_anchor_s = run2_last;
      w.end_anchor_text = "run2's final live frame";
      return w;
    }
    if (summary_s && !latency_banner_s) {  // 5.x benchmark: nothing but the Summary
      w.end_anchor_s = summary_s;
      w.end_anchor_text = "=======";
      w.detail = "5.x benchmark: the -t phase ends just before its Summary";
    } else if (latency_banner_s && !w.end_anchor_s) {
      // 4.x without progress frames: the latency banner follows the streaming phase's teardown.
      w.end_anchor_s = latency_banner_s;
      w.end_anchor_text = "Measuring HW Latency";
      w.detail = "no progress frames: the streaming phase taken to end at the next banner, which follows its teardown";
    }
    return w;
  }

  std::vector<ProgressPoint> progress(const std::vector<TimedLine>& lines, const ToolInvocation&) const override {
    // Each 1 s frame has one bar per network with its cumulative count; the group's count at a
    // frame is their sum (a frame's bars arrive together, well within half a second).
    auto walk = walk_lines(lines);
    std::vector<std::string> networks;
    for (const auto& x : walk.timed)
      if (std::find(networks.begin(), networks.end(), x.p.network) == networks.end()) networks.push_back(x.p.network);
    std::vector<ProgressPoint> out;
    for (std::size_t i = 0; i < walk.timed.size(); ++i) {
      const auto& first = walk.timed[i];
      if (first.p.network != networks.front()) continue;
      double frames = 0;
      std::size_t found = 0;
      for (std::size_t j = i; j < walk.timed.size() && walk.timed[j].t_s - first.t_s < 0.5; ++j)
        if (j == i || walk.timed[j].p.network != networks.front()) {
          frames += walk.timed[j].p.count;
          ++found;
        }
      if (found == networks.size()) out.push_back({first.t_s, frames});
    }
    return out;
  }

  nlohmann::json parse_files(const std::vector<fs::path>& files) const override {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : files) {
      std::string text = read_whole_file(f);
      std::string head = text.substr(0, text.find('\n'));
      nlohmann::json e{{"file", f.string()}};
      ToolResult t;
      if (head.rfind("net_name,status", 0) == 0) {
        e["kind"] = "run csv";
        t = from_run(parse_run_csv(text, f.string()), f.string());
      } else if (head.rfind("net_name,fps", 0) == 0) {
        e["kind"] = "benchmark csv";
        t = from_benchmark(parse_benchmark_csv(text, f.string()), f.string(), std::nullopt);
      } else if (text::trim(text).rfind('{', 0) == 0) {
        std::optional<double> ttr;
        e["kind"] = "run2 json";
        t = from_run(parse_run2_json(text, f.string(), &ttr), f.string());
        t.measured_s = ttr;
      } else if (is_benchmark_output(text)) {
        e["kind"] = "benchmark stdout";
        t = from_benchmark(parse_benchmark_stdout(text, f.string()), f.string(), std::nullopt);
      } else if (auto blocks = split_hef_dir_stdout(text); !blocks.empty()) {
        // Sequential models: one result each, with its own timed length; never summed.
        for (const auto& b : blocks) {
          auto one = from_run(
              parse_run_stdout(b.text, fmt::format("{} (HEF {} from line {})", f.string(), b.hef, b.first_line)),
              f.string());
          out.push_back({{"file", f.string()},
                         {"kind", "run stdout, one HEF of a directory"},
                         {"hef", b.hef},
                         {"line", b.first_line},
                         {"result", to_json(one)}});
        }
        continue;
      } else if (text.find("> Inference result:") != std::string::npos) {
        e["kind"] = "run stdout";
        t = from_run(parse_run_stdout(text, f.string()), f.string());
      } else if (text.find(": fps: ") != std::string::npos || text.find(": hw latency: ") != std::string::npos) {
        e["kind"] = "run2 stdout";
        t = from_run(parse_run2_stdout(text, f.string()), f.string());
      } else
        throw ParseError(
            fmt::format("{}: not hailortcli run/benchmark/run2 output: expected '> Inference result:', a "
                        "'Summary' block, '<network>: fps:' lines, or its CSV/JSON files",
                        f.string()));
      e["result"] = to_json(t);
      out.push_back(e);
    }
    return out;
  }
};

}  // namespace

const Adapter& hailortcli_adapter() {
  static const HailortcliAdapter adapter;
  return adapter;
}

}  // namespace wb
