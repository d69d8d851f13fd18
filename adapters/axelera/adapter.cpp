// Axelera adapter: inference.py <network> <media> --frames N --no-display [--aipu-cores C] [--show-stats].
// The runner prints no duration: the measured window is frames / end-to-end FPS, ending at
// its first end-of-run line. The FPS for FPS/W defaults to that end-to-end (system) rate:
// the frames the window's energy was spent on. The device (Metis) rate is higher while busy
// and is kept beside it.
#include "adapters/axelera/adapter.hpp"

#include <fmt/format.h>

#include "adapters/axelera/parse.hpp"
#include "adapters/files.hpp"
#include "harness/config/config.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {
ToolResult to_result(const axelera::Output& o, const std::string& fps_source, std::optional<double> frames,
                     std::vector<std::string> sources) {
  ToolResult t;
  t.tool = "axelera";
  t.fps = fps_source == "system" ? o.system_fps : fps_source == "host" ? o.host_fps : o.device_fps;
  t.frames = frames;
  t.latency_mean_ms = o.latency_ms;
  if (frames && o.system_fps && *o.system_fps > 0) t.measured_s = *frames / *o.system_fps;
  auto opt = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  t.extras = {{"fps_source", fps_source},     {"device_fps", opt(o.device_fps)}, {"host_fps", opt(o.host_fps)},
              {"system_fps", opt(o.system_fps)}, {"core_temp_c", opt(o.core_temp_c)}, {"cpu_pct", opt(o.cpu_pct)}};
  t.sources = std::move(sources);
  return t;
}
}  // namespace

void AxeleraAdapter::check_args(const ConfigNode& a) const {
  a.allow_only({"network", "media", "frames", "aipu_cores", "fps", "show_stats"});
  a.require_string("network");
  a.require_string("media");
  auto f = a.integer("frames");
  if (!f) a.fail_here("axelera needs frames (--frames N): the runner prints no duration, so the window is frames / end-to-end FPS");
  if (*f < 1) a.fail("frames", "must be 1 or more");
  if (auto c = a.integer("aipu_cores"); c && (*c < 1 || *c > 4)) a.fail("aipu_cores", "expected 1..4 (Metis has four AI cores)");
  if (auto s = a.string("fps"); s && *s != "device" && *s != "system" && *s != "host")
    a.fail("fps", "expected device (Metis), system (end-to-end) or host");
  a.boolean("show_stats");
}

ToolInvocation AxeleraAdapter::invocation(const BenchmarkConfig& b, const fs::path&) const {
  ConfigNode a(b.args, "(config)", "benchmark.args");
  ToolInvocation inv;
  inv.args = {a.require_string("network"), a.require_string("media"), "--frames", std::to_string(*a.integer("frames")),
              "--no-display"};
  if (auto c = a.integer("aipu_cores")) inv.args.insert(inv.args.end(), {"--aipu-cores", std::to_string(*c)});
  if (a.boolean("show_stats").value_or(false)) inv.args.push_back("--show-stats");
  // The runner prints the device (Metis) FPS only when asked; system and host FPS are on by default.
  if (a.string("fps").value_or("system") == "device") inv.args.push_back("--show-device-fps");
  inv.args.insert(inv.args.end(), b.extra_args.begin(), b.extra_args.end());
  inv.context = {{"frames", *a.integer("frames")}, {"fps", a.string("fps").value_or("system")}};
  inv.live_lines = true;
  return inv;
}

ToolResult AxeleraAdapter::parse_run(const fs::path&, const fs::path& stdout_log, const fs::path&,
                                     const ToolInvocation& inv) const {
  auto o = axelera::parse(read_whole_file(stdout_log), stdout_log.string());
  std::optional<double> frames;
  if (inv.context.contains("frames")) frames = inv.context["frames"].get<double>();
  return to_result(o, inv.context.value("fps", "system"), frames, {stdout_log.string()});
}

WindowEvidence AxeleraAdapter::window_evidence(const std::vector<TimedLine>& lines, const ToolInvocation&) const {
  WindowEvidence w;
  for (const auto& l : lines)
    if (l.stream == 1 && axelera::is_end_of_run_line(l.text)) {
      w.end_anchor_s = l.t_s;
      w.end_anchor_text = l.text;
      break;
    }
  return w;
}

nlohmann::json AxeleraAdapter::parse_files(const std::vector<fs::path>& files) const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : files) {
    auto o = axelera::parse(read_whole_file(f), f.string());
    // Offline there is no config: report the device FPS where printed, else the system FPS.
    out.push_back({{"file", f.string()}, {"result", to_json(to_result(o, o.device_fps ? "device" : "system", std::nullopt, {f.string()}))}});
  }
  return out;
}

}  // namespace wb
