// hailortcli adapter. run:       hailortcli run <hef> -t T --csv hailortcli.csv [...]
//                    benchmark: hailortcli benchmark <hef> -t T --csv hailortcli.csv [...]
//                    run2:      hailortcli run2 -t T -j run2.json [...] set-net <hef> [--batch-size N]
#include "adapters/hailortcli/adapter.hpp"

#include <fmt/format.h>

#include "adapters/files.hpp"
#include "adapters/hailortcli/parse.hpp"
#include "adapters/text_util.hpp"
#include "harness/config/config.hpp"

namespace wb {

namespace fs = std::filesystem;
using namespace hailortcli;

namespace {

constexpr const char* kCsv = "hailortcli.csv";
constexpr const char* kRun2Json = "run2.json";

std::string mode_of(const ConfigNode& a) { return a.string("mode").value_or("run"); }

void add_measurements(ToolResult& t, const std::vector<DeviceMeasurements>& devices) {
  if (devices.empty()) return;
  const auto& d = devices.front();
  auto opt = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  // The tool's own (on-module) readings: a different scope from our probes, kept for comparison.
  t.extras["tool_power"] = {{"device", d.device}, {"min_w", opt(d.power_min_w)}, {"avg_w", opt(d.power_avg_w)},
                            {"max_w", opt(d.power_max_w)}, {"avg_current_ma", opt(d.current_avg_ma)},
                            {"avg_temp_c", opt(d.temp_avg_c)}, {"max_temp_c", opt(d.temp_max_c)}};
}

ToolResult from_run(const RunOutput& r, const std::string& source) {
  ToolResult t;
  t.tool = "hailortcli";
  const auto& n = r.networks.front();
  t.model = n.name;
  t.fps = n.fps;
  t.frames = n.frames;
  t.latency_mean_ms = n.hw_latency_ms;
  // The tool's own timed length: frames / FPS (time mode), or the frame count it was asked for.
  if (n.frames && n.fps && *n.fps > 0) t.measured_s = *n.frames / *n.fps;
  else if (n.duration_s) t.measured_s = n.duration_s;
  if (r.networks.size() > 1) t.extras["networks"] = r.networks.size();
  add_measurements(t, r.devices);
  t.sources = {source};
  return t;
}

ToolResult from_benchmark(const BenchmarkOutput& b, const std::string& source) {
  ToolResult t;
  t.tool = "hailortcli";
  t.model = b.network;
  t.fps = b.fps_streaming;  // the phase whose power we measure
  t.latency_mean_ms = b.hw_latency_ms;
  if (b.fps_hw_only) t.extras["fps_hw_only"] = *b.fps_hw_only;
  t.extras["benchmark_format"] = b.v5 ? "5.x" : "4.x";
  add_measurements(t, b.devices);
  t.sources = {source};
  return t;
}

bool is_benchmark_output(const std::string& text) { return text.find("Summary") != std::string::npos && text.find("=======") != std::string::npos; }

}  // namespace

void HailortcliAdapter::check_args(const ConfigNode& a) const {
  a.allow_only({"mode", "hef", "time_s", "frames", "batch_size", "measure_power", "measure_temp", "power_mode"});
  auto mode = mode_of(a);
  if (mode != "run" && mode != "benchmark" && mode != "run2")
    a.fail("mode", fmt::format("'{}': expected run, benchmark or run2", mode));
  a.require_string("hef");
  if (auto t = a.number("time_s")) a.positive("time_s", *t);
  if (auto f = a.integer("frames")) {
    if (mode != "run") a.fail("frames", "frames (-c) applies to mode run only");
    if (*f < 1) a.fail("frames", "must be 1 or more");
    if (a.has("time_s")) a.fail("frames", "give time_s or frames, not both");
  }
  if (auto b = a.integer("batch_size"); b && *b < 1) a.fail("batch_size", "must be 1 or more");
  if (a.boolean("measure_power").value_or(false) && mode == "benchmark")
    a.fail("measure_power", "benchmark measures power by itself where the board supports it");
  a.boolean("measure_temp");
  if (auto pm = a.string("power_mode"); pm && *pm != "performance" && *pm != "ultra_performance")
    a.fail("power_mode", "expected performance or ultra_performance");
}

ToolInvocation HailortcliAdapter::invocation(const BenchmarkConfig& b, const fs::path& config_dir) const {
  ConfigNode a(b.args, "(config)", "benchmark.args");
  ToolInvocation inv;
  auto mode = mode_of(a);
  std::string hef_s = config_path(a.require_string("hef"), config_dir);
  // The tools' own defaults: run and run2 5 s, benchmark 15 s per phase.
  double t = a.number("time_s").value_or(mode == "benchmark" ? 15 : 5);
  std::string t_s = fmt::format("{:g}", t);
  auto batch = a.integer("batch_size");
  if (mode == "run2") {
    inv.args = {"run2", "-t", t_s, "-j", kRun2Json};
    if (a.boolean("measure_power").value_or(false)) inv.args.push_back("--measure-power");
    if (a.boolean("measure_temp").value_or(false)) inv.args.push_back("--measure-temp");
    inv.args.insert(inv.args.end(), {"set-net", hef_s});
    if (batch) inv.args.insert(inv.args.end(), {"--batch-size", std::to_string(*batch)});
    inv.expected_s = t;
  } else {
    inv.args = {mode, hef_s};
    if (auto f = a.integer("frames")) inv.args.insert(inv.args.end(), {"-c", std::to_string(*f)});
    else inv.args.insert(inv.args.end(), {"-t", t_s}), inv.expected_s = mode == "benchmark" ? 3 * t : t;
    inv.args.insert(inv.args.end(), {"--csv", kCsv});
    if (batch) inv.args.insert(inv.args.end(), {"--batch-size", std::to_string(*batch)});
    if (mode == "run" && a.boolean("measure_power").value_or(false)) inv.args.push_back("--measure-power");
    if (mode == "run" && a.boolean("measure_temp").value_or(false)) inv.args.push_back("--measure-temp");
  }
  if (auto pm = a.string("power_mode")) inv.args.insert(inv.args.end(), {"--power-mode", *pm});
  inv.args.insert(inv.args.end(), b.extra_args.begin(), b.extra_args.end());
  inv.live_lines = true;
  return inv;
}

ToolResult HailortcliAdapter::parse_run(const fs::path& tool_dir, const fs::path& stdout_log, const fs::path&,
                                        const ToolInvocation& inv) const {
  std::string out = read_whole_file(stdout_log);
  if (fs::exists(tool_dir / kRun2Json)) {
    std::optional<double> time_to_run;
    auto r = parse_run2_json(read_whole_file(tool_dir / kRun2Json), (tool_dir / kRun2Json).string(), &time_to_run);
    auto t = from_run(r, (tool_dir / kRun2Json).string());
    t.measured_s = time_to_run;
    return t;
  }
  if (is_benchmark_output(out)) {
    auto b = parse_benchmark_stdout(out, stdout_log.string());
    std::string source = stdout_log.string();
    if (fs::exists(tool_dir / kCsv)) {  // 4.x CSV: more digits, same numbers
      auto c = parse_benchmark_csv(read_whole_file(tool_dir / kCsv), (tool_dir / kCsv).string());
      b.fps_streaming = c.fps_streaming;
      if (c.fps_hw_only) b.fps_hw_only = c.fps_hw_only;
      if (b.network.empty()) b.network = c.network;
      if (!c.devices.empty()) {
        std::string id = b.devices.empty() ? "" : b.devices.front().device;
        b.devices = c.devices;
        b.devices.front().device = id;
      }
      source = (tool_dir / kCsv).string();
    }
    auto t = from_benchmark(b, source);
    // 5.x runs one phase of -t seconds and prints no markers: its duration is the one it was given.
    if (b.v5) t.measured_s = inv.expected_s;
    return t;
  }
  auto r = parse_run_stdout(out, stdout_log.string());
  if (fs::exists(tool_dir / kCsv)) {
    auto c = parse_run_csv(read_whole_file(tool_dir / kCsv), (tool_dir / kCsv).string());
    auto t = from_run(c, (tool_dir / kCsv).string());
    t.sources.push_back(stdout_log.string());
    return t;
  }
  return from_run(r, stdout_log.string());
}

WindowEvidence HailortcliAdapter::window_evidence(const std::vector<TimedLine>& lines, const ToolInvocation&) const {
  WindowEvidence w;
  for (const auto& l : lines) {
    if (l.stream != 1) continue;
    std::string t = text::trim(strip_ansi(l.text));
    if (!w.marker_start_s && is_streaming_phase_banner(t)) w.marker_start_s = l.t_s;
    else if (w.marker_start_s && !w.marker_end_s && is_latency_phase_banner(t)) w.marker_end_s = l.t_s;
    if (!w.end_anchor_s && (t.rfind("> Inference result:", 0) == 0 || t.rfind("> Writing inference results", 0) == 0 || t == "=======")) {
      w.end_anchor_s = l.t_s;
      w.end_anchor_text = t;
    }
  }
  // run2 redraws "<net>: fps: x" every second; the last frame is printed when the run ends.
  if (!w.end_anchor_s)
    for (const auto& l : lines)
      if (l.stream == 1 && strip_ansi(l.text).find(": fps: ") != std::string::npos) w.end_anchor_s = l.t_s, w.end_anchor_text = l.text;
  if (!w.marker_end_s) w.marker_start_s.reset();
  return w;
}

nlohmann::json HailortcliAdapter::parse_files(const std::vector<fs::path>& files) const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : files) {
    std::string text = read_whole_file(f);
    std::string head = text.substr(0, text.find('\n'));
    nlohmann::json e{{"file", f.string()}};
    ToolResult t;
    if (head.rfind("net_name,status", 0) == 0) e["kind"] = "run csv", t = from_run(parse_run_csv(text, f.string()), f.string());
    else if (head.rfind("net_name,fps", 0) == 0) e["kind"] = "benchmark csv", t = from_benchmark(parse_benchmark_csv(text, f.string()), f.string());
    else if (text::trim(text).rfind('{', 0) == 0) {
      std::optional<double> ttr;
      e["kind"] = "run2 json";
      t = from_run(parse_run2_json(text, f.string(), &ttr), f.string());
      t.measured_s = ttr;
    } else if (is_benchmark_output(text)) e["kind"] = "benchmark stdout", t = from_benchmark(parse_benchmark_stdout(text, f.string()), f.string());
    else if (text.find("> Inference result:") != std::string::npos) e["kind"] = "run stdout", t = from_run(parse_run_stdout(text, f.string()), f.string());
    else if (text.find(": fps: ") != std::string::npos || text.find(": hw latency: ") != std::string::npos) e["kind"] = "run2 stdout", t = from_run(parse_run2_stdout(text, f.string()), f.string());
    else
      throw ParseError(fmt::format("{}: not hailortcli run/benchmark/run2 output: expected '> Inference result:', a "
                                   "'Summary' block, '<network>: fps:' lines, or its CSV/JSON files",
                                   f.string()));
    e["result"] = to_json(t);
    out.push_back(e);
  }
  return out;
}

}  // namespace wb
