// The results data model that every reporter prints: runs, variants, aggregates.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/analysis/stats.hpp"
#include "harness/analysis/time_slices.hpp"
#include "harness/identity/identity.hpp"
#include "harness/metrics/load_curve.hpp"
#include "harness/report/run_health.hpp"
#include "harness/report/run_status.hpp"

namespace wb {

struct ProbeFigures {
  std::string probe, rail, scope, method;
  std::optional<double> energy_j, power_w, trapezoid_energy_j, sample_rate_hz, fresh_rate_hz, max_gap_s, idle_power_w;
  std::optional<double> idle_after_w;
  std::size_t samples = 0, invalid_samples = 0;
  // The instrument's own uncertainty of the window's power samples (lab analyzers via PTDaemon).
  std::optional<double> instrument_uncertainty_pct, instrument_uncertainty_max_pct;
  std::size_t samples_over_uncertainty_limit = 0;
  std::map<std::string, double> window_folds;  // the metric table's folds over this probe's window samples
  // What one reading of the channel the energy came from is (harness/trace/sample.hpp MeterKind).
  std::string meter_kind, meter_basis;
  std::optional<double> meter_window_s;
  std::optional<double> edge_smear_pct;  // averaged power: what the window's edges may be off by, % of its energy
};

struct TempSpan {
  std::string channel;
  double start_c = 0, end_c = 0, max_c = 0;
};

struct SimTruth {
  double window_start_s = 0, window_end_s = 0;
  double energy_j = 0, mean_power_w = 0, fps = 0, fps_per_w = 0;
  // Over the cold and sustained spans, where the run has them.
  std::optional<double> cold_fps_per_w, sustained_fps_per_w;
  std::optional<double> throttle_start_s;  // run clock, where the simulated card throttles
};

struct RunRecord {
  int index = 0;
  int invocation = 0;  // which invocation of run/campaign made it (progress.json); 0: unknown
  std::string dir;     // relative to the results folder
  RunStatus status = RunStatus::ok;
  std::string reason;         // why not ok
  bool tool_refused = false;  // failed because the tool said why (model does not fit, unsupported operator)
  bool degraded = false;      // ok, but the probe had gaps or errors inside the window
  std::string degraded_reason;
  std::string model;
  std::optional<double> fps, frames, latency_mean_ms;
  // A paced run: the target (benchmark.target_fps), the achieved FPS's offset from it, and the
  // tool's own FPS where the achieved rate replaced it (frames over the window).
  std::optional<double> target_fps, rate_error_pct, tool_fps;
  std::optional<double> power_w, energy_j, fps_per_w, j_per_inference, idle_power_w, dynamic_power_w;
  std::optional<double> idle_after_w, idle_drift_pct;  // idle measured again after the run
  std::optional<double> window_s, window_start_s, window_end_s;
  std::optional<double> window_uncertainty_s;  // how far an edge may be off when the tool's evidence is approximate
  std::optional<double> idle_start_s, idle_end_s, tool_start_s, tool_end_s;  // phase spans on the run clock
  std::optional<double> idle_after_start_s, idle_after_end_s;
  bool cold = false;                      // the cold first run, reported apart (cold_run: true)
  std::optional<double> cooldown_wait_s;  // how long the run waited for the cooldown temperature
  std::string window_source, window_detail, energy_method;
  std::string probe, rail, scope;
  std::size_t samples = 0;
  std::optional<double> sample_rate_hz, fresh_rate_hz;
  std::vector<TempSpan> temps;  // every temperature channel over the window
  // Measurement uncertainty of power (and so FPS/W), percent: the probes' stated accuracy and
  // the sampling's standard error combined in quadrature; nullopt when no accuracy is stated.
  std::optional<double> power_uncertainty_pct;
  std::string uncertainty_detail;
  // Host cost: the tool's CPU time over its whole life (user + sys, its reaped children
  // included) and the host's CPU busy share of all its cores over the window; nullopt: unknown.
  std::optional<double> tool_cpu_user_s, tool_cpu_sys_s, host_cpu_busy_pct;
  std::optional<int> host_cpu_cores;
  std::vector<ProbeFigures> probes;
  std::map<std::string, std::string> versions;
  std::string aspm_requested, aspm_state;  // <run>/aspm.json: device.aspm and the state read back ("" unknown)
  std::optional<int> exit_code, signal;
  bool timed_out = false;
  std::optional<SimTruth> truth;
  std::optional<double> fps_per_w_error_pct;                  // vs truth
  std::optional<double> cold_error_pct, sustained_error_pct;  // cold / sustained FPS/W vs truth
  std::optional<TimeSlices> slices;  // FPS, power, temperatures per time slice; cold vs sustained
  std::vector<std::string> warnings;
  nlohmann::json tool_extras = nlohmann::json::object();  // e.g. TFLite delegate placement
  // Folds of the metric table over the window's power samples (key -> value), for its rows' hooks.
  std::map<std::string, double> window_folds;
  RunHealth health;  // kernel log findings, sentinel readings, health commands (harness/report/run_health.hpp)
};

struct Published {
  std::optional<double> fps, fps_per_w, power_w;
  std::string scope, source;
};

struct VariantRecord {
  std::string id = "default";
  nlohmann::json params = nlohmann::json::object();
  ResultIdentity identity;  // what this variant measured (harness/identity/identity.hpp)
  Published published;      // the vendor's figures for this card and model, where the config gives them
  std::vector<RunRecord> runs;
  std::map<std::string, Stats> aggregate;             // by metric key (harness/metrics/metric_table.hpp)
  nlohmann::json derived = nlohmann::json::object();  // ratios against the matrix baseline
  std::vector<std::string> warnings;                  // e.g. outlier repeats
};

struct Summary {
  std::string name;
  std::string created;  // ISO 8601 local time
  std::string results_dir;
  std::string tool;                           // "" for a campaign: each variant names its own
  std::map<std::string, std::string> device;  // empty for a campaign: each variant has its identity
  Published published;
  nlohmann::json probes = nlohmann::json::array();  // resolved probe settings
  std::vector<VariantRecord> variants;
  std::map<std::string, std::string> baseline;  // matrix axis -> baseline label
  std::vector<LoadCurve> load_curves;           // paced sweeps: idle-to-full (harness/metrics/load_curve.hpp)
  bool interrupted = false;
  // False while (or when) the plan's runs are not all done: a run killed (kill -9, a reboot)
  // before the end leaves a folder that says so, and `--resume` continues it.
  bool finished = true;
  std::size_t planned_runs = 0;
  nlohmann::json invocations = nlohmann::json::array();  // progress.json's: number, started, ended, resumed, runs
  // About the folder as a whole, e.g. a run folder missing between two present ones.
  std::vector<std::string> warnings;
  std::size_t missing_runs = 0;  // run folders absent between present ones (report: not a clean pass)
};

// Walks the metric table over the ok, warm runs; flags FPS/W outliers (harness/metrics/aggregate.cpp).
void compute_aggregates(VariantRecord& v);
// For each baseline axis: speedup (FPS ratio) and efficiency ratio (FPS/W) of every variant
// against the variant that differs only in that axis, set to the baseline label.
void compute_derived(Summary& s);

nlohmann::json to_json(const TimeSlices& t);
nlohmann::json to_json(const RunRecord& r);
nlohmann::json to_json(const Published& p);
nlohmann::json to_json(const Summary& s);

}  // namespace wb
