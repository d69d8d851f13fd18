// Run-folder analysis.
#include "harness/run/analyze.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "harness/analysis/drift.hpp"
#include "harness/analysis/efficiency.hpp"
#include "harness/analysis/energy.hpp"
#include "harness/analysis/headline_power.hpp"
#include "harness/analysis/headline_rate.hpp"
#include "harness/analysis/host_load.hpp"
#include "harness/analysis/probe_pass.hpp"
#include "harness/analysis/time_slices.hpp"
#include "harness/analysis/truth_error.hpp"
#include "harness/analysis/uncertainty.hpp"
#include "harness/analysis/validity.hpp"
#include "harness/analysis/window_choice.hpp"
#include "harness/plugin/tool_kind.hpp"
#include "harness/run/health.hpp"
#include "harness/run/process_outcome.hpp"
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
// Probe descriptions, traces and the host's load: the file reading the pure steps are fed from.
RunRecord& apply_tool_result(RunRecord& rec, const ToolResult& tool) {
  rec.model = printable(tool.model);
  rec.fps = tool.fps;
  rec.frames = tool.frames;
  rec.latency_mean_ms = tool.latency_mean_ms;
  rec.versions = tool.versions;
  rec.tool_extras = tool.extras;
  return rec;
}

void add_degraded(RunRecord& rec, const std::string& why) {
  rec.degraded = true;
  rec.degraded_reason += (rec.degraded_reason.empty() ? "" : "; ") + why;
}

// One pass over the probe's trace file through the pure step (harness/analysis/probe_pass.hpp).
ProbePassResult pass_over_trace(const fs::path& trace, const ProbeInfo& info, const ProbeWindows& windows,
                                SliceAccumulator& slices, bool headline_scope, const ProbeRules& rules) {
  ProbePass pass(info, windows, &slices, headline_scope);
  for_each_sample(trace, [&](const Sample& s) { pass.add(s); });
  return pass.finish(rules);
}

std::optional<HostLoad> host_load(const fs::path& run_dir, const Window& w, std::vector<std::string>& warnings) {
  if (!fs::exists(run_dir / "host-cpu.csv")) return std::nullopt;
  try {
    return host_load_over(read_trace_csv(run_dir / "host-cpu.csv").samples, w.start_s, w.end_s);
  } catch (const std::exception& e) {
    warnings.push_back(fmt::format("host CPU load unknown: {}", e.what()));
    return std::nullopt;
  }
}

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
    add_degraded(rec, e);
  }
  rec.exit_code = proc.exit_code;
  rec.signal = proc.signal;
  rec.timed_out = proc.timed_out;
  if (auto failure = process_failure(
          proc, [&] { return tool_words(cfg, run_dir); },
          [&] { return printable(last_nonempty_line(run_dir / "tool.stderr.log")); })) {
    rec.tool_refused = failure->tool_refused;
    return verdict(rec, RunStatus::failed, failure->reason);
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
  apply_tool_result(rec, tool);
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

  // The headline figures come from the first probe that measures power; others add rails or sensors.
  std::size_t primary = infos.size();
  for (std::size_t i = 0; i < infos.size() && primary == infos.size(); ++i)
    if (infos[i].power_channel >= 0 || infos[i].energy_channel >= 0) primary = i;
  if (primary == infos.size())
    return verdict(rec, RunStatus::invalid, "no probe measures power: no watts, no efficiency");
  ProbeWindows windows{w,
                       {cfg.phases.settle_s, cfg.phases.settle_s + cfg.phases.idle_s, "idle", "after settle"},
                       {rec.idle_after_start_s.value_or(0), rec.idle_after_end_s.value_or(0), "idle-after", ""},
                       cfg.phases.idle_s > 0,
                       rec.idle_after_start_s.has_value()};
  SliceAccumulator slice_acc(w, cfg.sustained);
  std::optional<double> head_w, tail_w;  // the primary probe's power in the window's first and last tenth
  std::vector<std::optional<double>> sampling_se(infos.size());
  for (std::size_t i = 0; i < infos.size(); ++i) {
    const auto& info = infos[i];
    const bool headline_scope = info.scope == infos[primary].scope;
    ProbeRules rules{i == primary, headline_scope, cfg.validity.min_averaging_periods,
                     cfg.validity.invalid_averaging_periods, cfg.validity.max_gap_pct};
    ProbePassResult pass;
    try {
      pass = pass_over_trace(run_dir / fmt::format("power-{}.csv", info.name), info, windows, slice_acc, headline_scope,
                             rules);
    } catch (const std::exception& e) {
      return verdict(rec, RunStatus::failed, fmt::format("cannot read the probe trace: {}", e.what()));
    }
    for (const auto& c : pass.sentinels) rec.health.sentinels.push_back(c);
    for (auto& warning : pass.warnings) rec.warnings.push_back(std::move(warning));
    if (!pass.degraded.empty()) add_degraded(rec, pass.degraded);
    for (auto& t : pass.temps) rec.temps.push_back(std::move(t));
    sampling_se[i] = pass.energy.sampling_se_pct;
    if (i == primary) {
      head_w = pass.head_w;
      tail_w = pass.tail_w;
      if (pass.complete) {
        rec.probe = info.name;
        rec.rail = info.rail;
        rec.scope = info.scope;
        rec.samples = pass.energy.samples;
        rec.sample_rate_hz = pass.energy.sample_rate_hz;
        rec.fresh_rate_hz = pass.energy.fresh_rate_hz;
        rec.energy_method = pass.energy.method;
      }
    }
    if (!pass.invalid.empty()) return verdict(rec, RunStatus::invalid, pass.invalid);
    if (pass.measures_power) rec.probes.push_back(std::move(pass.figures));
  }
  // The headline power: every probe of the first probe's scope, summed (several rails of one card).
  HeadlinePower power = headline_power(rec.probes, rec.scope);
  if (!power.invalid.empty()) return verdict(rec, RunStatus::invalid, power.invalid);
  rec.probe = power.probe;
  rec.rail = power.rail;
  rec.energy_method = power.energy_method;
  rec.sample_rate_hz = power.sample_rate_hz;
  rec.fresh_rate_hz = power.fresh_rate_hz;
  rec.window_folds = power.window_folds;
  rec.energy_j = power.energy_j;
  rec.power_w = power.energy_j / w.length();
  // Host cost: the tool's CPU time (whole life) and the host's load over the window.
  rec.tool_cpu_user_s = proc.cpu_user_s;
  rec.tool_cpu_sys_s = proc.cpu_sys_s;
  if (auto host = host_load(run_dir, w, rec.warnings)) {
    rec.host_cpu_busy_pct = host->busy_pct;
    rec.host_cpu_cores = host->cores;
  }
  rec.slices = slice_acc.finish(adapter.run_progress(lines, inv, tool_dir), tool.frames, cfg.benchmark.tool);
  {
    std::vector<RailUncertainty> summed;
    for (std::size_t i = 0; i < infos.size(); ++i) {
      auto pf = std::find_if(rec.probes.begin(), rec.probes.end(),
                             [&](const ProbeFigures& f) { return f.probe == infos[i].name; });
      if (pf == rec.probes.end() || pf->scope != rec.scope || !pf->energy_j) continue;
      summed.push_back({infos[i].name, *pf->energy_j / power.energy_j, infos[i].accuracy_pct,
                        pf->instrument_uncertainty_pct, sampling_se[i], pf->edge_smear_pct});
    }
    auto u = combine_uncertainty(summed);
    rec.power_uncertainty_pct = u.pct;
    rec.uncertainty_detail = u.detail;
  }
  if (power.idle_w) {
    rec.idle_power_w = power.idle_w;
    rec.dynamic_power_w = *rec.power_w - *power.idle_w;
  }
  if (power.idle_after_w) {
    rec.idle_after_w = power.idle_after_w;
    rec.idle_drift_pct = idle_drift_pct(rec.idle_power_w, *power.idle_after_w);
    if (rec.idle_drift_pct && idle_drift_warns(*rec.idle_drift_pct))
      rec.warnings.push_back(
          fmt::format("idle power drifted {:+.1f} % between before and after the run (thermal state or a "
                      "device that did not return to idle)",
                      *rec.idle_drift_pct));
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
  Efficiency eff = efficiency({rec.fps, tool.frames, w.length(), choice.uncertainty_s, *rec.power_w,
                               cfg.benchmark.target_fps, cfg.validity.rate_tolerance_pct});
  if (!eff.invalid.empty()) return verdict(rec, RunStatus::invalid, eff.invalid);
  rec.target_fps = cfg.benchmark.target_fps;
  if (!eff.warning.empty()) rec.warnings.push_back(eff.warning);
  if (eff.tool_fps) rec.tool_fps = eff.tool_fps;
  rec.fps = eff.fps;
  rec.rate_error_pct = eff.rate_error_pct;
  rec.fps_per_w = eff.fps_per_w;
  rec.j_per_inference = eff.j_per_inference;
  if (cfg.sustained.required) {
    if (auto why = sustained_duration_problem(w.length(), cfg.sustained.min_duration_s, choice.uncertainty_s);
        !why.empty())
      verdict(rec, RunStatus::invalid, why);
  }
  if (!eff.rate_invalid.empty()) verdict(rec, RunStatus::invalid, eff.rate_invalid);

  if (auto t = sim_truth(run_dir, rec.slices->cold.has_value())) {
    rec.truth = t;
    auto errors = truth_errors(*t, rec.fps_per_w, rec.slices);
    rec.fps_per_w_error_pct = errors.fps_per_w_pct;
    rec.cold_error_pct = errors.cold_pct;
    rec.sustained_error_pct = errors.sustained_pct;
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
