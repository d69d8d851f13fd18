// Run-folder analysis.
#include "harness/run/analyze.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>

#include "adapters/registry.hpp"
#include "harness/analysis/energy.hpp"
#include "harness/run/run_files.hpp"
#include "harness/trace/trace_csv.hpp"
#include "probes/sim/load_model.hpp"
#include "probes/sim/sim_params.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {
std::string last_nonempty_line(const fs::path& p) {
  std::ifstream in(p);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty() && line.find_first_not_of(" \t\r") != std::string::npos) last = line;
  return last;
}

std::string describe_signal(int sig) { return fmt::format("signal {} ({})", sig, strsignal(sig)); }

// The simulated bench's truth, recomputed from its parameter and phase files.
std::optional<SimTruth> sim_truth(const fs::path& run_dir, double t0_steady_s) {
  if (!fs::exists(run_dir / "sim-params.json") || !fs::exists(run_dir / "sim-state.txt")) return std::nullopt;
  sim::LoadModel load(sim::load_sim_params(run_dir / "sim-params.json"), run_dir / "sim-state.txt");
  auto st = load.state();
  // The last measure phase and the mark (of any phase) that ends it.
  double m = NAN, td = NAN;
  for (const auto& mark : st.marks) {
    if (mark.phase == "measure") m = mark.t_s, td = NAN;
    else if (!std::isnan(m) && std::isnan(td)) td = mark.t_s;
  }
  if (std::isnan(m) || std::isnan(td) || !st.frames || !st.timed_s || td <= m) return std::nullopt;
  SimTruth t;
  t.window_start_s = m - t0_steady_s;
  t.window_end_s = td - t0_steady_s;
  t.energy_j = load.true_energy_j(m, td);
  t.mean_power_w = t.energy_j / (td - m);
  t.fps = static_cast<double>(*st.frames) / *st.timed_s;
  t.fps_per_w = t.fps / t.mean_power_w;
  nlohmann::json tj = {{"window_start_s", t.window_start_s}, {"window_end_s", t.window_end_s}, {"energy_j", t.energy_j},
                       {"mean_power_w", t.mean_power_w},     {"fps", t.fps},                   {"fps_per_w", t.fps_per_w},
                       {"frames", *st.frames},               {"timed_s", *st.timed_s},
                       {"note", "ground truth of the simulated bench: exact integral of the load model's power"}};
  write_file_atomic(run_dir / "sim-truth.json", tj.dump(2) + "\n");
  return t;
}
}  // namespace

RunRecord analyze_run(const Config& cfg, const fs::path& results_dir, const fs::path& run_dir, int index) {
  RunRecord rec;
  rec.index = index;
  rec.dir = fs::relative(run_dir, results_dir).string();
  ProcessRecord proc;
  try {
    proc = process_record_from_json(read_json_file(run_dir / "process.json"));
  } catch (const std::exception& e) {
    return rec.status = "failed", rec.reason = fmt::format("incomplete run folder: {}", e.what()), rec;
  }
  rec.exit_code = proc.exit_code;
  rec.signal = proc.signal;
  rec.timed_out = proc.timed_out;
  if (!proc.failure.empty()) return rec.status = "failed", rec.reason = proc.failure, rec;
  if (!proc.started) return rec.status = "failed", rec.reason = proc.start_error, rec;
  if (proc.interrupted) return rec.status = "failed", rec.reason = "interrupted while the tool ran", rec;
  if (proc.timed_out)
    return rec.status = "failed",
           rec.reason = fmt::format("tool timed out after {:g} s (benchmark.timeout_s); its process group was killed", proc.timeout_s),
           rec;
  if (proc.signal) return rec.status = "failed", rec.reason = "tool killed by " + describe_signal(*proc.signal), rec;
  if (proc.exit_code.value_or(-1) != 0) {
    std::string last_err = last_nonempty_line(run_dir / "tool.stderr.log");
    return rec.status = "failed",
           rec.reason = fmt::format("tool exited with code {}{}", proc.exit_code.value_or(-1),
                                    last_err.empty() ? "" : "; last stderr line: " + last_err),
           rec;
  }

  rec.tool_start_s = proc.start_s;
  rec.tool_end_s = proc.end_s;
  if (cfg.phases.idle_s > 0) rec.idle_start_s = cfg.phases.settle_s, rec.idle_end_s = cfg.phases.settle_s + cfg.phases.idle_s;
  if (cfg.phases.idle_after_s > 0)
    rec.idle_after_start_s = proc.end_s + cfg.phases.tail_s, rec.idle_after_end_s = proc.end_s + cfg.phases.tail_s + cfg.phases.idle_after_s;
  rec.cold = cfg.cold_run && index == 1;
  const Adapter& adapter = *find_adapter(cfg.benchmark.tool);
  ToolInvocation inv = invocation_from_json(read_json_file(run_dir / "invocation.json"));
  fs::path tool_dir = run_dir / "tool-files";
  auto lines = read_lines_tsv(run_dir / "tool.lines.tsv");
  std::vector<ProbeInfo> infos;
  try {
    for (const auto& pc : cfg.probes)
      infos.push_back(probe_info_from_json(read_json_file(run_dir / fmt::format("probe-{}.json", pc.name))));
  } catch (const std::exception& e) {
    return rec.status = "failed", rec.reason = fmt::format("cannot read the probe descriptions: {}", e.what()), rec;
  }

  ToolResult tool;
  try {
    tool = adapter.parse_run(tool_dir, run_dir / "tool.stdout.log", run_dir / "tool.stderr.log", inv);
  } catch (const std::exception& e) {
    return rec.status = "failed", rec.reason = fmt::format("cannot parse the tool's output: {}", e.what()), rec;
  }
  write_file_atomic(run_dir / "tool-result.json", to_json(tool).dump(2) + "\n");
  rec.model = tool.model;
  rec.fps = tool.fps;
  rec.frames = tool.frames;
  rec.latency_mean_ms = tool.latency_mean_ms;
  rec.versions = tool.versions;
  rec.tool_extras = tool.extras;

  // The measured window: markers, else the tool's reported duration ending at the line that
  // follows its timed phase (or at exit).
  WindowEvidence ev = adapter.window_evidence(lines, inv);
  Window w;
  if (ev.marker_start_s && ev.marker_end_s) {
    w = {*ev.marker_start_s, *ev.marker_end_s, "markers", "between the tool's start and end markers"};
  } else if (tool.measured_s) {
    double end = ev.end_anchor_s.value_or(proc.end_s);
    w = {end - *tool.measured_s, end, "reported-duration",
         fmt::format("{:.3f} s reported by the tool, ending at {}", *tool.measured_s,
                     ev.end_anchor_s ? fmt::format("'{}' (t={:.3f} s)", ev.end_anchor_text, end)
                                     : fmt::format("process exit (t={:.3f} s)", end))};
  } else if (cfg.benchmark.trim_start_s || cfg.benchmark.trim_end_s) {
    double a = proc.start_s + cfg.benchmark.trim_start_s.value_or(0), b = proc.end_s - cfg.benchmark.trim_end_s.value_or(0);
    w = {a, b, "lifetime", fmt::format("the tool's lifetime {:.3f}..{:.3f} s trimmed by {:g} s at the start and {:g} s at the end",
                                       proc.start_s, proc.end_s, cfg.benchmark.trim_start_s.value_or(0), cfg.benchmark.trim_end_s.value_or(0))};
    if (!(b > a)) return rec.status = "invalid", rec.reason = "the trims leave no window of the tool's lifetime", rec;
  } else {
    return rec.status = "invalid",
           rec.reason = "the tool reported no measured duration and printed no window markers (set benchmark.trim_start_s/trim_end_s "
                        "to measure its trimmed lifetime)",
           rec;
  }
  rec.window_start_s = w.start_s;
  rec.window_end_s = w.end_s;
  rec.window_s = w.length();
  rec.window_source = w.source;
  rec.window_detail = w.detail;
  if (w.start_s < proc.start_s)
    return rec.status = "invalid",
           rec.reason = fmt::format("window starts {:.3f} s before the tool started: the reported duration does not fit",
                                    proc.start_s - w.start_s),
           rec;

  Window idle_w{cfg.phases.settle_s, cfg.phases.settle_s + cfg.phases.idle_s, "idle", "after settle"};
  // The headline figures come from the first probe that measures power; others add rails or sensors.
  std::size_t primary = infos.size();
  for (std::size_t i = 0; i < infos.size() && primary == infos.size(); ++i)
    if (infos[i].power_channel >= 0 || infos[i].energy_channel >= 0) primary = i;
  if (primary == infos.size()) return rec.status = "invalid", rec.reason = "no probe measures power: no watts, no efficiency", rec;
  std::optional<double> head_w, tail_w;  // the primary probe's power in the window's first and last tenth
  std::vector<std::optional<double>> sampling_se(infos.size());
  for (std::size_t i = 0; i < infos.size(); ++i) {
    const auto& info = infos[i];
    // One streaming pass over the trace feeds every window (memory flat in trace length).
    double tenth = w.length() / 10;
    std::vector<WindowAccumulator> acc{{info, w},
                                       {info, idle_w},
                                       {info, {rec.idle_after_start_s.value_or(0), rec.idle_after_end_s.value_or(0), "idle-after", ""}},
                                       {info, {w.start_s, w.start_s + tenth, "head", ""}},
                                       {info, {w.end_s - tenth, w.end_s, "tail", ""}}};
    std::vector<TemperatureSpan> spans(info.temperature_channels.size());
    double unc_sum = 0, unc_max = 0;
    std::size_t unc_n = 0, unc_over = 0;
    try {
      for_each_sample(run_dir / fmt::format("power-{}.csv", info.name), [&](const Sample& smp) {
        for (auto& a : acc) a.add(smp);
        if (smp.t_s < w.start_s || smp.t_s > w.end_s || (smp.flags & (kFlagReadError | kFlagOverflow))) return;
        if (auto uc = static_cast<std::size_t>(info.uncertainty_channel); info.uncertainty_channel >= 0 && uc < smp.values.size() &&
                                                                             is_present(smp.values[uc])) {
          double u = smp.values[uc];
          unc_sum += u, ++unc_n, unc_max = std::max(unc_max, u);
          if (info.uncertainty_limit_pct > 0 && u > info.uncertainty_limit_pct) ++unc_over;
        }
        for (std::size_t k = 0; k < spans.size(); ++k) {
          auto ch = static_cast<std::size_t>(info.temperature_channels[k]);
          if (ch >= smp.values.size() || !is_present(smp.values[ch])) continue;
          spans[k].add(smp.values[ch]);
        }
      });
    } catch (const std::exception& e) {
      return rec.status = "failed", rec.reason = fmt::format("cannot read the probe trace: {}", e.what()), rec;
    }
    auto we = acc[0].result();
    sampling_se[i] = we.sampling_se_pct;
    if (i == primary) head_w = acc[3].result().mean_power_w, tail_w = acc[4].result().mean_power_w;
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
    if (unc_n) {
      pf.instrument_uncertainty_pct = unc_sum / static_cast<double>(unc_n);
      pf.instrument_uncertainty_max_pct = unc_max;
      pf.samples_over_uncertainty_limit = unc_over;
      if (unc_over)
        rec.warnings.push_back(fmt::format("probe {}: {} of {} samples in the window have an instrument uncertainty above {:g} % "
                                           "(max {:.2f} %); a smaller range would lower it",
                                           info.name, unc_over, unc_n, info.uncertainty_limit_pct, unc_max));
    }
    for (const auto& warning : info.warnings) rec.warnings.push_back(fmt::format("probe {}: {}", info.name, warning));
    if (cfg.phases.idle_s > 0) pf.idle_power_w = acc[1].result().mean_power_w;
    if (rec.idle_after_start_s) pf.idle_after_w = acc[2].result().mean_power_w;
    if (i == primary && we.gap_s / w.length() * 100 > cfg.validity.max_gap_pct)
      return rec.status = "invalid",
             rec.reason = fmt::format("probe {}: {:.1f} % of the window has no valid samples (validity.max_gap_pct {:g} %)", info.name,
                                      we.gap_s / w.length() * 100, cfg.validity.max_gap_pct),
             rec;
    if (we.gap_s > 0 || we.invalid_samples) {
      rec.degraded = true;
      rec.degraded_reason += fmt::format("{}probe {}: {:.3f} s without valid samples ({:.2f} % of the window), {} failed reads",
                                         rec.degraded_reason.empty() ? "" : "; ", info.name, we.gap_s,
                                         100.0 * we.gap_s / w.length(), we.invalid_samples);
    }
    if (we.invalid_samples)
      rec.warnings.push_back(fmt::format("probe {}: {} of {} samples in the window are invalid (read error or overflow)",
                                         info.name, we.invalid_samples, we.samples));
    for (std::size_t k = 0; k < spans.size(); ++k) {
      const auto& span = spans[k];
      int ch = info.temperature_channels[k];
      if (span.start_c)
        rec.temps.push_back({info.name + "." + info.channels[static_cast<std::size_t>(ch)].name, *span.start_c, *span.end_c, *span.max_c});
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
      if (!we.mean_power_w) return rec.status = "invalid", rec.reason = "no watts: " + we.problem, rec;
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
      return rec.status = "invalid", rec.reason = fmt::format("no watts from probe {} (scope {})", pf.probe, pf.scope), rec;
    energy += *pf.energy_j;
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
  {
    // Uncertainty: every summed probe's stated accuracy (weighted by its share of the power)
    // and its sampling error, in quadrature.
    double var = 0;
    bool stated = true;
    std::string detail;
    for (std::size_t i = 0; i < infos.size(); ++i) {
      const auto& pf_it = std::find_if(rec.probes.begin(), rec.probes.end(), [&](const ProbeFigures& f) { return f.probe == infos[i].name; });
      if (pf_it == rec.probes.end() || pf_it->scope != rec.scope || !pf_it->energy_j) continue;
      double share = *pf_it->energy_j / energy;
      // An instrument that evaluates each sample's uncertainty (range included) is taken at its word.
      auto instrument = pf_it->instrument_uncertainty_pct;
      if (!infos[i].accuracy_pct && !instrument) stated = false;
      double acc = instrument ? *instrument : infos[i].accuracy_pct.value_or(0), se = sampling_se[i].value_or(0);
      var += share * share * (acc * acc + se * se);
      detail += fmt::format("{}{}: {}, sampling {:.3f} %", detail.empty() ? "" : "; ", infos[i].name,
                            instrument ? fmt::format("instrument-evaluated {:.3f} % (mean of the window's samples)", acc)
                            : infos[i].accuracy_pct ? fmt::format("accuracy {:g} %", acc)
                                                    : "accuracy not stated",
                            se);
    }
    if (stated) rec.power_uncertainty_pct = std::sqrt(var);
    rec.uncertainty_detail = detail;
  }
  if (idle_ok && cfg.phases.idle_s > 0) {
    rec.idle_power_w = idle;
    rec.dynamic_power_w = *rec.power_w - idle;
  }
  if (idle_after_ok) {
    rec.idle_after_w = idle_after;
    if (rec.idle_power_w && *rec.idle_power_w > 0) {
      rec.idle_drift_pct = (idle_after / *rec.idle_power_w - 1) * 100;
      if (std::abs(*rec.idle_drift_pct) > 5)
        rec.warnings.push_back(fmt::format("idle power drifted {:+.1f} % between before and after the run (thermal state or a "
                                           "device that did not return to idle)", *rec.idle_drift_pct));
    }
  }
  // Validity rules: a run below them is invalid with the reason, not dropped.
  const auto& v = cfg.validity;
  if (w.length() < v.min_window_s)
    return rec.status = "invalid",
           rec.reason = fmt::format("measured window {:.3f} s is shorter than validity.min_window_s {:g} s", w.length(), v.min_window_s), rec;
  if (rec.samples < v.min_samples)
    return rec.status = "invalid",
           rec.reason = fmt::format("{} samples in the window, fewer than validity.min_samples {}", rec.samples, v.min_samples), rec;
  {
    // The power-step check: the window's first and last tenths should draw what the window
    // does on average; a big difference means the window caught a load, warmup or teardown ramp.
    const auto& info = infos[primary];
    auto head = head_w, tail = tail_w;
    std::optional<double> mean;  // the primary probe's own mean over the window
    for (const auto& pf : rec.probes)
      if (pf.probe == info.name) mean = pf.power_w;
    for (auto [edge, p] : {std::pair<const char*, std::optional<double>>{"start", head}, {"end", tail}})
      if (p && mean && *mean > 0 && std::abs(*p / *mean - 1) * 100 > v.edge_step_pct)
        rec.warnings.push_back(fmt::format("power-step check: the window's {} draws {:+.1f} % against its mean (limit {:g} %): "
                                           "the window may include a ramp",
                                           edge, (*p / *mean - 1) * 100, v.edge_step_pct));
  }
  if (!rec.fps || !(*rec.fps > 0)) return rec.status = "invalid", rec.reason = "the tool reported no FPS", rec;
  rec.fps_per_w = *rec.fps / *rec.power_w;
  rec.j_per_inference = *rec.power_w / *rec.fps;

  if (auto t = sim_truth(run_dir, proc.t0_steady_s)) {
    rec.truth = t;
    rec.fps_per_w_error_pct = (*rec.fps_per_w / t->fps_per_w - 1.0) * 100.0;
  }
  return rec;
}

}  // namespace wb
