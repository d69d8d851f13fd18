// Run-folder analysis.
#include "harness/run/analyze.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "harness/analysis/drift.hpp"
#include "harness/analysis/energy.hpp"
#include "harness/analysis/headline_rate.hpp"
#include "harness/analysis/host_load.hpp"
#include "harness/analysis/meter_edges.hpp"
#include "harness/analysis/sentinels.hpp"
#include "harness/analysis/time_slices.hpp"
#include "harness/analysis/uncertainty.hpp"
#include "harness/analysis/validity.hpp"
#include "harness/analysis/window_choice.hpp"
#include "harness/metrics/window_folds.hpp"
#include "harness/plugin/tool_kind.hpp"
#include "harness/run/health.hpp"
#include "harness/run/run_files.hpp"
#include "harness/trace/trace_csv.hpp"
#include "harness/util/json_text.hpp"
#include "harness/util/printable.hpp"
#include "harness/util/read_text.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {
// The run's verdict where the analysis stops: its status and why.
RunRecord& verdict(RunRecord& rec, RunStatus status, std::string reason) {
  rec.status = status;
  rec.reason = std::move(reason);
  return rec;
}

// From the file's last 64 KiB only: a stderr flood (or one endless line) costs no more.
std::string last_nonempty_line(const fs::path& p) {
  std::ifstream in;
  try {
    in = RegularFile(p).stream(std::ios::binary | std::ios::ate);
  } catch (const FileReadError&) {
    return "";
  }
  constexpr std::streamoff kTail = 64 << 10;
  std::streamoff size = in.tellg();
  if (size <= 0) return "";
  in.seekg(std::max<std::streamoff>(0, size - kTail));
  std::string tail(static_cast<std::size_t>(std::min(size, kTail)), '\0');
  in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
  tail.resize(static_cast<std::size_t>(in.gcount()));
  std::string line, last;
  std::istringstream lines(tail);
  while (std::getline(lines, line))
    if (!line.empty() && line.find_first_not_of(" \t\r") != std::string::npos) last = line;
  return last;
}

// "SIGHUP (Hangup)": the name, so a hang-up is not read as the SIGKILL of a timeout.
std::string describe_signal(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev ? fmt::format("SIG{} ({})", abbrev, strsignal(sig)) : fmt::format("signal {}", sig);
}

// The simulated bench's truth, as its simulator wrote it after the run (sim-truth.json): data,
// like published figures. The cold and sustained figures count only where the run has those spans.
std::optional<SimTruth> sim_truth(const fs::path& run_dir, bool with_spans) {
  // Regular files only (read_json_file): a FIFO or device in its place must not hang the analysis.
  if (!fs::is_regular_file(run_dir / "sim-truth.json")) return std::nullopt;
  try {
    auto j = read_json_file(run_dir / "sim-truth.json");
    SimTruth t;
    t.window_start_s = j.at("window_start_s").get<double>();
    t.window_end_s = j.at("window_end_s").get<double>();
    t.energy_j = j.at("energy_j").get<double>();
    t.mean_power_w = j.at("mean_power_w").get<double>();
    t.fps = j.at("fps").get<double>();
    t.fps_per_w = j.at("fps_per_w").get<double>();
    auto optional = [&](const char* key) -> std::optional<double> {
      if (!j.contains(key) || !j[key].is_number()) return std::nullopt;
      return j[key].get<double>();
    };
    t.throttle_start_s = optional("throttle_start_s");
    if (with_spans) {
      t.cold_fps_per_w = optional("cold_fps_per_w");
      t.sustained_fps_per_w = optional("sustained_fps_per_w");
    }
    return t;
  } catch (const std::exception&) {
    return std::nullopt;  // not the simulator's file: no truth rather than a wrong one
  }
}
// A failed tool's own reason, where its adapter recognises one (ToolError from parse_run).
struct ToolWords {
  std::string said;            // "" when the adapter found none
  bool model_refused = false;  // the words are about the model: a result, not a failure
};
ToolWords tool_words(const Config& cfg, const fs::path& run_dir) {
  const Adapter* adapter = find_tool(cfg.benchmark.tool);
  if (!adapter || !fs::exists(run_dir / "invocation.json")) return {};
  try {
    ToolInvocation inv = invocation_from_json(read_json_file(run_dir / "invocation.json"));
    adapter->parse_run(run_dir / "tool-files", run_dir / "tool.stdout.log", run_dir / "tool.stderr.log", inv);
  } catch (const ToolError& e) {
    return {printable(e.what()), e.model_refused()};
  } catch (const std::exception&) {
  }
  return {};
}
}  // namespace

namespace {
RunRecord analyze_figures(const Config& cfg, const fs::path& results_dir, const fs::path& run_dir, int index) {
  RunRecord rec;
  rec.index = index;
  rec.dir = fs::relative(run_dir, results_dir).string();
  ProcessRecord proc;
  try {
    proc = process_record_from_json(read_json_file(run_dir / "process.json"));
  } catch (const std::exception& e) {
    return verdict(rec, RunStatus::failed, fmt::format("incomplete run folder: {}", e.what()));
  }
  // Before any early return: a cut trace must show whatever else went wrong.
  for (const auto& e : proc.write_errors) {
    rec.warnings.push_back(e);
    rec.degraded = true;
    rec.degraded_reason += (rec.degraded_reason.empty() ? "" : "; ") + e;
  }
  rec.exit_code = proc.exit_code;
  rec.signal = proc.signal;
  rec.timed_out = proc.timed_out;
  if (!proc.failure.empty()) return verdict(rec, RunStatus::failed, proc.failure);
  if (!proc.started) return verdict(rec, RunStatus::failed, proc.start_error);
  if (proc.interrupted) return verdict(rec, RunStatus::failed, "interrupted while the tool ran");
  if (proc.timed_out)
    return verdict(
        rec, RunStatus::failed,
        fmt::format("tool timed out after {:g} s (benchmark.timeout_s); it and every process it started were ended",
                    proc.timeout_s));
  if (proc.signal) {
    auto words = tool_words(cfg, run_dir);
    rec.tool_refused = words.model_refused;
    return verdict(rec, RunStatus::failed,
                   (words.said.empty() ? "" : words.said + "; ") + "tool killed by " + describe_signal(*proc.signal));
  }
  if (proc.exit_code.value_or(-1) != 0) {
    // A tool that refuses the model (it does not fit, an operator is unsupported) says why in
    // its own words; its adapter finds them (ToolError), and that is the run's result.
    auto words = tool_words(cfg, run_dir);
    const std::string& said = words.said;
    rec.tool_refused = words.model_refused;
    std::string last_err = printable(last_nonempty_line(run_dir / "tool.stderr.log"));
    return verdict(rec, RunStatus::failed,
                   said.empty() ? fmt::format("tool exited with code {}{}", proc.exit_code.value_or(-1),
                                              last_err.empty() ? "" : "; last stderr line: " + last_err)
                                : fmt::format("{} (exit code {})", said, proc.exit_code.value_or(-1)));
  }

  rec.tool_start_s = proc.start_s;
  rec.tool_end_s = proc.end_s;
  if (cfg.phases.idle_s > 0) {
    rec.idle_start_s = cfg.phases.settle_s;
    rec.idle_end_s = cfg.phases.settle_s + cfg.phases.idle_s;
  }
  if (cfg.phases.idle_after_s > 0) {
    rec.idle_after_start_s = proc.end_s + cfg.phases.tail_s;
    rec.idle_after_end_s = proc.end_s + cfg.phases.tail_s + cfg.phases.idle_after_s;
  }
  rec.cold = cfg.cold_run && index == 1;
  const Adapter& adapter = *find_tool(cfg.benchmark.tool);
  ToolInvocation inv = invocation_from_json(read_json_file(run_dir / "invocation.json"));
  fs::path tool_dir = run_dir / "tool-files";
  std::size_t lines_dropped = 0;
  auto lines = read_lines_tsv(run_dir / "tool.lines.tsv", &lines_dropped);
  if (lines_dropped)
    rec.warnings.push_back(
        fmt::format("the tool printed more than the {} MiB of lines kept for its window and progress: {} lines "
                    "in the middle were not read (tool.lines.tsv has them all)",
                    kKeptLinesBytes >> 20, lines_dropped));
  std::vector<ProbeInfo> infos;
  try {
    for (const auto& pc : cfg.probes)
      infos.push_back(probe_info_from_json(read_json_file(run_dir / fmt::format("probe-{}.json", pc.name))));
  } catch (const std::exception& e) {
    return verdict(rec, RunStatus::failed, fmt::format("cannot read the probe descriptions: {}", e.what()));
  }

  ToolResult tool;
  try {
    tool = adapter.parse_run(tool_dir, run_dir / "tool.stdout.log", run_dir / "tool.stderr.log", inv);
  } catch (const ToolError& e) {
    rec.tool_refused = e.model_refused();
    return verdict(rec, RunStatus::failed, e.what());
  } catch (const std::exception& e) {
    return verdict(rec, RunStatus::failed, fmt::format("cannot parse the tool's output: {}", e.what()));
  }
  for (const auto& warning : proc.warnings) rec.warnings.push_back(warning);
  for (const auto& warning : tool.warnings) rec.warnings.push_back(cfg.benchmark.tool + ": " + printable(warning));
  write_file_atomic(run_dir / "tool-result.json", json_text(to_json(tool), 2) + "\n");
  rec.model = printable(tool.model);
  rec.fps = tool.fps;
  rec.frames = tool.frames;
  rec.latency_mean_ms = tool.latency_mean_ms;
  rec.versions = tool.versions;
  rec.tool_extras = tool.extras;
  if (auto why = implausible(tool); !why.empty()) return verdict(rec, RunStatus::invalid, why);

  // The measured window, best evidence first (harness/analysis/window_choice.hpp).
  ToolSpan span{proc.start_s, proc.end_s, proc.t0_steady_s};
  WindowChoice choice = choose_window(tool, adapter.window_evidence(lines, inv), span, cfg.benchmark.trim_start_s,
                                      cfg.benchmark.trim_end_s);
  if (!choice.window) return verdict(rec, RunStatus::invalid, choice.invalid);
  const Window w = *choice.window;
  if (choice.uncertainty_s > 0) rec.window_uncertainty_s = choice.uncertainty_s;
  if (auto warning = window_uncertainty_warning(w, choice.uncertainty_s); !warning.empty())
    rec.warnings.push_back(warning);
  rec.window_start_s = w.start_s;
  rec.window_end_s = w.end_s;
  rec.window_s = w.length();
  rec.window_source = w.source;
  rec.window_detail = w.detail;
  if (auto why = window_problem(w, span); !why.empty()) return verdict(rec, RunStatus::invalid, why);
  if (!tool.other_fps.empty()) rec.tool_extras["other_fps"] = tool.other_fps;
  {
    auto head = headline_rate(cfg.benchmark.fps_source, tool, w.length());
    if (!head.invalid.empty()) return verdict(rec, RunStatus::invalid, head.invalid);
    rec.fps = head.fps;
    if (head.tool_fps) rec.tool_fps = head.tool_fps;
    if (!head.method.empty()) rec.tool_extras["fps_method"] = head.method;
    if (!head.warning.empty()) rec.warnings.push_back(head.warning);
  }

  Window idle_w{cfg.phases.settle_s, cfg.phases.settle_s + cfg.phases.idle_s, "idle", "after settle"};
  SliceAccumulator slice_acc(w, cfg.sustained);
  // The headline figures come from the first probe that measures power; others add rails or sensors.
  std::size_t primary = infos.size();
  for (std::size_t i = 0; i < infos.size() && primary == infos.size(); ++i)
    if (infos[i].power_channel >= 0 || infos[i].energy_channel >= 0) primary = i;
  if (primary == infos.size())
    return verdict(rec, RunStatus::invalid, "no probe measures power: no watts, no efficiency");
  std::optional<double> head_w, tail_w;  // the primary probe's power in the window's first and last tenth
  std::vector<std::optional<double>> sampling_se(infos.size());
  for (std::size_t i = 0; i < infos.size(); ++i) {
    const auto& info = infos[i];
    // One streaming pass over the trace feeds every window (memory flat in trace length).
    double tenth = w.length() / 10;
    std::vector<WindowAccumulator> acc{
        {info, w},
        {info, idle_w},
        {info, {rec.idle_after_start_s.value_or(0), rec.idle_after_end_s.value_or(0), "idle-after", ""}},
        {info, {w.start_s, w.start_s + tenth, "head", ""}},
        {info, {w.end_s - tenth, w.end_s, "tail", ""}}};
    std::vector<TemperatureSpan> spans(info.temperature_channels.size());
    double unc_sum = 0, unc_max = 0;
    std::size_t unc_n = 0, unc_over = 0;
    WindowFolds folds;
    std::vector<std::string> restarts;  // what the probe said happened when it restarted
    SentinelScreen sentinels(info);     // impossible readings: counted, never averaged
    // Channel names for the time slices, built once rather than per sample.
    std::vector<std::pair<std::size_t, std::string>> clock_keys;
    for (std::size_t c = 0; c < info.channels.size(); ++c)
      if (info.channels[c].unit == "MHz") clock_keys.emplace_back(c, info.name + "." + info.channels[c].name);
    std::vector<std::string> temp_keys;
    // An averaged power reading belongs to the middle of its span in the time slices too.
    const double power_shift =
        info.power_channel >= 0 && static_cast<std::size_t>(info.power_channel) < info.channels.size()
            ? meter_centre_shift_s(info.channels[static_cast<std::size_t>(info.power_channel)].meter)
            : 0.0;
    for (int ch : info.temperature_channels)
      temp_keys.push_back(info.name + "." + info.channels[static_cast<std::size_t>(ch)].name);
    try {
      for_each_sample(run_dir / fmt::format("power-{}.csv", info.name), [&](const Sample& raw) {
        const Sample& smp = sentinels.screen(raw);
        for (auto& a : acc) a.add(smp);
        if ((smp.flags & kFlagRestart) && !smp.error.empty()) {
          bool inside = smp.t_s >= w.start_s && smp.t_s <= w.end_s;
          restarts.push_back(
              fmt::format("{} (t = {:.3f} s, {})", printable(smp.error), smp.t_s,
                          inside ? "inside the window: energy across the gap from the trapezoid integral of power"
                                 : "outside the window"));
        }
        if (smp.t_s < w.start_s || smp.t_s > w.end_s || (smp.flags & (kFlagReadError | kFlagOverflow))) return;
        if (auto pc = static_cast<std::size_t>(info.power_channel);
            info.power_channel >= 0 && pc < smp.values.size() && is_present(smp.values[pc])) {
          folds.add(smp.values[pc]);
          if (info.scope == infos[primary].scope) slice_acc.add_power(info.name, smp.t_s - power_shift, smp.values[pc]);
        }
        for (const auto& [c, key] : clock_keys)
          if (c < smp.values.size() && is_present(smp.values[c])) slice_acc.add_clock(key, smp.t_s, smp.values[c]);
        if (auto uc = static_cast<std::size_t>(info.uncertainty_channel);
            info.uncertainty_channel >= 0 && uc < smp.values.size() && is_present(smp.values[uc])) {
          double u = smp.values[uc];
          unc_sum += u;
          ++unc_n;
          unc_max = std::max(unc_max, u);
          if (info.uncertainty_limit_pct > 0 && u > info.uncertainty_limit_pct) ++unc_over;
        }
        for (std::size_t k = 0; k < spans.size(); ++k) {
          auto ch = static_cast<std::size_t>(info.temperature_channels[k]);
          if (ch >= smp.values.size() || !is_present(smp.values[ch])) continue;
          spans[k].add(smp.values[ch]);
          slice_acc.add_temperature(temp_keys[k], smp.t_s, smp.values[ch]);
        }
      });
    } catch (const std::exception& e) {
      return verdict(rec, RunStatus::failed, fmt::format("cannot read the probe trace: {}", e.what()));
    }
    for (const auto& c : sentinels.counts()) {
      rec.health.sentinels.push_back(c);
      rec.warnings.push_back(fmt::format("probe {}: {}", info.name, sentinel_warning(c)));
    }
    auto we = acc[0].result();
    auto energy_check = check_energy_agreement(info.name, we);
    if (!energy_check.invalid.empty()) return verdict(rec, RunStatus::invalid, energy_check.invalid);
    if (!energy_check.warning.empty()) rec.warnings.push_back(energy_check.warning);
    sampling_se[i] = we.sampling_se_pct;
    if (i == primary) {
      head_w = acc[3].result().mean_power_w;
      tail_w = acc[4].result().mean_power_w;
    }
    ProbeFigures pf;
    pf.probe = info.name;
    pf.rail = info.rail;
    pf.scope = info.scope;
    pf.method = we.method;
    pf.energy_j = we.energy_j;
    pf.power_w = we.mean_power_w;
    pf.trapezoid_energy_j = we.trapezoid_energy_j;
    pf.samples = we.samples;
    pf.invalid_samples = we.invalid_samples;
    pf.sample_rate_hz = we.sample_rate_hz;
    pf.fresh_rate_hz = we.fresh_rate_hz;
    pf.max_gap_s = we.max_gap_s;
    pf.window_folds = folds.values();
    // What one reading of the channel the energy came from is; an averaged one needs a window
    // several of its periods long (harness/analysis/meter_edges.hpp).
    if (int ch = we.method == "accumulator" ? info.energy_channel : info.power_channel;
        ch >= 0 && static_cast<std::size_t>(ch) < info.channels.size() && !we.method.empty()) {
      const auto& c = info.channels[static_cast<std::size_t>(ch)];
      pf.meter_kind = meter_kind_name(c.meter.kind);
      pf.meter_basis = c.meter.basis;
      if (c.meter.kind == MeterKind::averaged) pf.meter_window_s = c.meter.window_s;
      pf.edge_smear_pct = we.edge_smear_pct;
      auto mc = check_meter_window(info.name, c.name, c.meter, w.length(), cfg.validity.min_averaging_periods,
                                   cfg.validity.invalid_averaging_periods);
      // Only a probe whose energy makes the headline can make the run invalid.
      if (!mc.invalid.empty() && info.scope == infos[primary].scope)
        return verdict(rec, RunStatus::invalid, mc.invalid);
      if (!mc.invalid.empty()) rec.warnings.push_back(mc.invalid);
      if (!mc.warning.empty()) rec.warnings.push_back(mc.warning);
    }
    if (unc_n) {
      pf.instrument_uncertainty_pct = unc_sum / static_cast<double>(unc_n);
      pf.instrument_uncertainty_max_pct = unc_max;
      pf.samples_over_uncertainty_limit = unc_over;
      if (unc_over)
        rec.warnings.push_back(
            fmt::format("probe {}: {} of {} samples in the window have an instrument uncertainty above {:g} % "
                        "(max {:.2f} %); a smaller range would lower it",
                        info.name, unc_over, unc_n, info.uncertainty_limit_pct, unc_max));
    }
    for (const auto& warning : info.warnings) rec.warnings.push_back(fmt::format("probe {}: {}", info.name, warning));
    for (const auto& note : restarts) rec.warnings.push_back(fmt::format("probe {}: {}", info.name, note));
    if (cfg.phases.idle_s > 0) pf.idle_power_w = acc[1].result().mean_power_w;
    if (rec.idle_after_start_s) pf.idle_after_w = acc[2].result().mean_power_w;
    if (auto why = i == primary ? gap_problem(info.name, we.gap_s, w.length(), cfg.validity.max_gap_pct) : "";
        !why.empty())
      return verdict(rec, RunStatus::invalid, why);
    if (we.gap_s > 0 || we.invalid_samples) {
      rec.degraded = true;
      rec.degraded_reason +=
          fmt::format("{}probe {}: {:.3f} s without valid samples ({:.2f} % of the window), {} failed reads",
                      rec.degraded_reason.empty() ? "" : "; ", info.name, we.gap_s, 100.0 * we.gap_s / w.length(),
                      we.invalid_samples);
    }
    if (we.invalid_samples)
      rec.warnings.push_back(
          fmt::format("probe {}: {} of {} samples in the window are invalid (read error or overflow)", info.name,
                      we.invalid_samples, we.samples));
    for (std::size_t k = 0; k < spans.size(); ++k) {
      const auto& span = spans[k];
      int ch = info.temperature_channels[k];
      if (span.start_c)
        rec.temps.push_back({info.name + "." + info.channels[static_cast<std::size_t>(ch)].name, *span.start_c,
                             *span.end_c, *span.max_c});
    }
    bool has_power = info.power_channel >= 0 || info.energy_channel >= 0;
    if (!has_power) continue;  // a sensor-only probe (e.g. NPU temperatures)
    if (i == primary) {
      rec.probe = info.name;
      rec.rail = info.rail;
      rec.scope = info.scope;
      rec.samples = we.samples;
      rec.sample_rate_hz = we.sample_rate_hz;
      rec.fresh_rate_hz = we.fresh_rate_hz;
      rec.energy_method = we.method;
      if (!we.mean_power_w) return verdict(rec, RunStatus::invalid, "no watts: " + we.problem);
    }
    rec.probes.push_back(pf);
  }
  // The headline power: every probe of the first probe's scope, summed (several rails of one card).
  double energy = 0, idle = 0, idle_after = 0;
  bool idle_ok = true, idle_after_ok = rec.idle_after_start_s.has_value();
  std::size_t rails = 0;
  for (const auto& pf : rec.probes) {
    if (pf.scope != rec.scope) continue;
    if (!pf.energy_j)
      return verdict(rec, RunStatus::invalid, fmt::format("no watts from probe {} (scope {})", pf.probe, pf.scope));
    energy += *pf.energy_j;
    merge_folds(rec.window_folds, pf.window_folds);
    idle_ok = idle_ok && pf.idle_power_w.has_value();
    if (pf.idle_power_w) idle += *pf.idle_power_w;
    idle_after_ok = idle_after_ok && pf.idle_after_w.has_value();
    if (pf.idle_after_w) idle_after += *pf.idle_after_w;
    if (rails++) {
      rec.probe += "+" + pf.probe;
      rec.rail += " + " + pf.rail;
      rec.sample_rate_hz = std::min(rec.sample_rate_hz.value_or(0), pf.sample_rate_hz.value_or(0));
      rec.fresh_rate_hz = std::min(rec.fresh_rate_hz.value_or(0), pf.fresh_rate_hz.value_or(0));
      if (pf.method != rec.energy_method) rec.energy_method += "+" + pf.method;
    }
  }
  rec.energy_j = energy;
  rec.power_w = energy / w.length();
  // Host cost: the tool's CPU time (whole life) and the host's load over the window.
  rec.tool_cpu_user_s = proc.cpu_user_s;
  rec.tool_cpu_sys_s = proc.cpu_sys_s;
  if (fs::exists(run_dir / "host-cpu.csv")) {
    try {
      auto host = host_load_over(read_trace_csv(run_dir / "host-cpu.csv").samples, w.start_s, w.end_s);
      rec.host_cpu_busy_pct = host.busy_pct;
      rec.host_cpu_cores = host.cores;
    } catch (const std::exception& e) {
      rec.warnings.push_back(fmt::format("host CPU load unknown: {}", e.what()));
    }
  }
  rec.slices = slice_acc.finish(adapter.run_progress(lines, inv, tool_dir), tool.frames, cfg.benchmark.tool);
  {
    std::vector<RailUncertainty> summed;
    for (std::size_t i = 0; i < infos.size(); ++i) {
      auto pf = std::find_if(rec.probes.begin(), rec.probes.end(),
                             [&](const ProbeFigures& f) { return f.probe == infos[i].name; });
      if (pf == rec.probes.end() || pf->scope != rec.scope || !pf->energy_j) continue;
      summed.push_back({infos[i].name, *pf->energy_j / energy, infos[i].accuracy_pct, pf->instrument_uncertainty_pct,
                        sampling_se[i], pf->edge_smear_pct});
    }
    auto u = combine_uncertainty(summed);
    rec.power_uncertainty_pct = u.pct;
    rec.uncertainty_detail = u.detail;
  }
  if (idle_ok && cfg.phases.idle_s > 0) {
    rec.idle_power_w = idle;
    rec.dynamic_power_w = *rec.power_w - idle;
  }
  if (idle_after_ok) {
    rec.idle_after_w = idle_after;
    rec.idle_drift_pct = idle_drift_pct(rec.idle_power_w, idle_after);
    if (rec.idle_drift_pct) {
      if (idle_drift_warns(*rec.idle_drift_pct))
        rec.warnings.push_back(
            fmt::format("idle power drifted {:+.1f} % between before and after the run (thermal state or a "
                        "device that did not return to idle)",
                        *rec.idle_drift_pct));
    }
  }
  // Validity rules: a run below them is invalid with the reason, not dropped.
  if (auto why = size_problem(w.length(), cfg.validity.min_window_s, rec.samples, cfg.validity.min_samples);
      !why.empty())
    return verdict(rec, RunStatus::invalid, why);
  {
    std::optional<double> mean;  // the primary probe's own mean over the window
    for (const auto& pf : rec.probes)
      if (pf.probe == infos[primary].name) mean = pf.power_w;
    // A card that throttles draws less at the end by design: the finding says so instead.
    if (!rec.slices->throttling)
      for (auto& warning : power_step_warnings(head_w, tail_w, mean, cfg.validity.edge_step_pct))
        rec.warnings.push_back(warning);
  }
  if (!rec.fps || !(*rec.fps > 0)) return verdict(rec, RunStatus::invalid, "the tool reported no FPS");
  std::string rate_invalid;
  if (cfg.benchmark.target_fps) {
    rec.target_fps = cfg.benchmark.target_fps;
    if (auto counted = achieved_rate(rec.fps, tool.frames, w.length(), choice.uncertainty_s)) {
      rec.warnings.push_back(
          fmt::format("paced run: the tool's own figure {:.4g} FPS is not the rate it ran at; FPS, FPS/W and "
                      "J/inference use the achieved {:.4g} FPS ({:g} frames over the {:.3f} s window)",
                      *rec.fps, *counted, *tool.frames, w.length()));
      rec.tool_fps = rec.fps;
      rec.fps = counted;
    }
    rec.rate_error_pct = (*rec.fps / *rec.target_fps - 1) * 100;
    rate_invalid = rate_problem(*rec.fps, *rec.target_fps, cfg.validity.rate_tolerance_pct);
  }
  rec.fps_per_w = *rec.fps / *rec.power_w;
  rec.j_per_inference = *rec.power_w / *rec.fps;
  if (cfg.sustained.required) {
    if (auto why = sustained_duration_problem(w.length(), cfg.sustained.min_duration_s, choice.uncertainty_s);
        !why.empty()) {
      rec.status = RunStatus::invalid;
      rec.reason = why;
    }
  }
  if (!rate_invalid.empty()) verdict(rec, RunStatus::invalid, rate_invalid);

  if (auto t = sim_truth(run_dir, rec.slices->cold.has_value())) {
    rec.truth = t;
    rec.fps_per_w_error_pct = (*rec.fps_per_w / t->fps_per_w - 1.0) * 100.0;
    auto error = [](const std::optional<SpanFigures>& span, std::optional<double> truth) -> std::optional<double> {
      if (!span || !span->fps_per_w || !truth) return std::nullopt;
      return (*span->fps_per_w / *truth - 1.0) * 100.0;
    };
    rec.cold_error_pct = error(rec.slices->cold, t->cold_fps_per_w);
    rec.sustained_error_pct = error(rec.slices->sustained, t->sustained_fps_per_w);
  }
  return rec;
}

}  // namespace

RunRecord analyze_run(const Config& cfg, const fs::path& results_dir, const fs::path& run_dir, int index) {
  RunRecord rec = analyze_figures(cfg, results_dir, run_dir, index);
  if (std::filesystem::is_regular_file(run_dir / "aspm.json")) {
    try {
      auto a = read_json_file(run_dir / "aspm.json");
      rec.aspm_requested = a.value("requested", "");
      rec.aspm_state = a["state"].is_string() ? a["state"].get<std::string>() : "";
    } catch (const std::exception& e) {
      rec.warnings.push_back(fmt::format("aspm.json unreadable: {}", e.what()));
    }
  }
  add_run_health(cfg, run_dir, rec);  // kernel log findings, health commands, device lost (harness/run/health.hpp)
  return rec;
}

}  // namespace wb
