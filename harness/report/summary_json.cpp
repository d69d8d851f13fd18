// Summary -> JSON (schema wattbench.summary/1); metric fields by walking the metric table.
#include <fmt/format.h>

#include "harness/metrics/metric_table.hpp"
#include "harness/report/summary.hpp"
#include "harness/util/json_or_null.hpp"

namespace wb {

namespace {}  // namespace

static nlohmann::json span_json(const std::optional<SpanFigures>& f) {
  if (!f) return nullptr;
  return {{"start_s", f->start_s},
          {"end_s", f->end_s},
          {"fps", or_null(f->fps)},
          {"fps_ci_pct", or_null(f->fps_ci_pct)},
          {"power_w", or_null(f->power_w)},
          {"power_ci_pct", or_null(f->power_ci_pct)},
          {"fps_per_w", or_null(f->fps_per_w)},
          {"fps_per_w_ci_pct", or_null(f->fps_per_w_ci_pct)},
          {"temp_c", or_null(f->temp_c)}};
}

nlohmann::json to_json(const TimeSlices& t) {
  nlohmann::json j;
  j["slice_s"] = t.slice_s;
  j["fps_source"] = t.fps_source;
  auto slices = nlohmann::json::array();
  for (const auto& s : t.slices)
    slices.push_back({{"start_s", s.start_s},
                      {"end_s", s.end_s},
                      {"fps", or_null(s.fps)},
                      {"power_w", or_null(s.power_w)},
                      {"energy_j", or_null(s.energy_j)},
                      {"fps_per_w", or_null(s.fps_per_w)},
                      {"temps_c", s.temps_c},
                      {"clocks_mhz", s.clocks_mhz}});
  j["slices"] = slices;
  j["cold"] = span_json(t.cold);
  j["sustained"] = span_json(t.sustained);
  if (const auto& f = t.throttling)
    j["throttling"] = {{"thermal", f->thermal},
                       {"start_s", f->start_s},
                       {"start_into_window_s", f->start_into_window_s},
                       {"fps_drop_pct", or_null(f->fps_drop_pct)},
                       {"clock_drop_pct", or_null(f->clock_drop_pct)},
                       {"clock_channel", f->clock_channel},
                       {"temp_rise_c", or_null(f->temp_rise_c)},
                       {"temp_channel", f->temp_channel},
                       {"text", f->text}};
  else
    j["throttling"] = nullptr;
  return j;
}

nlohmann::json to_json(const RunRecord& r) {
  nlohmann::json j;
  j["index"] = r.index;
  if (r.invocation > 0) j["invocation"] = r.invocation;
  j["dir"] = r.dir;
  j["status"] = run_status_name(r.status);
  j["reason"] = r.reason;
  j["tool_refused"] = r.tool_refused;
  j["degraded"] = r.degraded;
  j["degraded_reason"] = r.degraded_reason;
  j["model"] = r.model;
  for (const auto& m : metric_table()) j[m.key] = or_null(m.value(r));
  j["frames"] = or_null(r.frames);
  j["target_fps"] = or_null(r.target_fps);
  j["rate_error_pct"] = or_null(r.rate_error_pct);
  j["tool_fps"] = or_null(r.tool_fps);
  j["latency_mean_ms"] = or_null(r.latency_mean_ms);
  j["power_uncertainty_pct"] = or_null(r.power_uncertainty_pct);
  j["uncertainty_detail"] = r.uncertainty_detail;
  j["window_s"] = or_null(r.window_s);
  j["window_start_s"] = or_null(r.window_start_s);
  j["window_end_s"] = or_null(r.window_end_s);
  j["window_uncertainty_s"] = or_null(r.window_uncertainty_s);
  j["idle_after_w"] = or_null(r.idle_after_w);
  j["idle_drift_pct"] = or_null(r.idle_drift_pct);
  j["idle_after_start_s"] = or_null(r.idle_after_start_s);
  j["idle_after_end_s"] = or_null(r.idle_after_end_s);
  j["cold"] = r.cold;
  j["cooldown_wait_s"] = or_null(r.cooldown_wait_s);
  j["idle_start_s"] = or_null(r.idle_start_s);
  j["idle_end_s"] = or_null(r.idle_end_s);
  j["tool_start_s"] = or_null(r.tool_start_s);
  j["tool_end_s"] = or_null(r.tool_end_s);
  j["window_source"] = r.window_source;
  j["window_detail"] = r.window_detail;
  j["energy_method"] = r.energy_method;
  j["probe"] = r.probe;
  j["rail"] = r.rail;
  j["scope"] = r.scope;
  j["samples"] = r.samples;
  j["sample_rate_hz"] = or_null(r.sample_rate_hz);
  j["fresh_rate_hz"] = or_null(r.fresh_rate_hz);
  j["temps"] = nlohmann::json::array();
  for (const auto& t : r.temps)
    j["temps"].push_back({{"channel", t.channel}, {"start_c", t.start_c}, {"end_c", t.end_c}, {"max_c", t.max_c}});
  auto probes = nlohmann::json::array();
  for (const auto& p : r.probes)
    probes.push_back({{"probe", p.probe},
                      {"rail", p.rail},
                      {"scope", p.scope},
                      {"method", p.method},
                      {"energy_j", or_null(p.energy_j)},
                      {"power_w", or_null(p.power_w)},
                      {"trapezoid_energy_j", or_null(p.trapezoid_energy_j)},
                      {"idle_power_w", or_null(p.idle_power_w)},
                      {"idle_after_w", or_null(p.idle_after_w)},
                      {"samples", p.samples},
                      {"invalid_samples", p.invalid_samples},
                      {"sample_rate_hz", or_null(p.sample_rate_hz)},
                      {"fresh_rate_hz", or_null(p.fresh_rate_hz)},
                      {"max_gap_s", or_null(p.max_gap_s)},
                      {"instrument_uncertainty_pct", or_null(p.instrument_uncertainty_pct)},
                      {"instrument_uncertainty_max_pct", or_null(p.instrument_uncertainty_max_pct)},
                      {"samples_over_uncertainty_limit", p.samples_over_uncertainty_limit},
                      {"meter",
                       {{"kind", p.meter_kind.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.meter_kind)},
                        {"window_s", or_null(p.meter_window_s)},
                        {"basis", p.meter_basis},
                        {"edge_smear_pct", or_null(p.edge_smear_pct)}}}});
  j["probes"] = probes;
  // Host cost: null where unknown (never 0).
  j["tool_cpu_s"] = r.tool_cpu_user_s && r.tool_cpu_sys_s ? nlohmann::json(*r.tool_cpu_user_s + *r.tool_cpu_sys_s)
                                                          : nlohmann::json(nullptr);
  j["tool_cpu_user_s"] = or_null(r.tool_cpu_user_s);
  j["tool_cpu_sys_s"] = or_null(r.tool_cpu_sys_s);
  j["host_cpu_busy_pct"] = or_null(r.host_cpu_busy_pct);
  j["host_cpu_cores"] = or_null(r.host_cpu_cores);
  j["versions"] = r.versions;
  if (!r.aspm_requested.empty())
    j["aspm"] = {{"requested", r.aspm_requested},
                 {"state", r.aspm_state.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.aspm_state)}};
  j["exit_code"] = or_null(r.exit_code);
  j["signal"] = or_null(r.signal);
  j["timed_out"] = r.timed_out;
  if (r.truth) {
    j["sim_truth"] = {{"window_start_s", r.truth->window_start_s},
                      {"window_end_s", r.truth->window_end_s},
                      {"energy_j", r.truth->energy_j},
                      {"mean_power_w", r.truth->mean_power_w},
                      {"fps", r.truth->fps},
                      {"fps_per_w", r.truth->fps_per_w}};
    j["fps_per_w_error_pct"] = or_null(r.fps_per_w_error_pct);
    j["sim_truth"]["cold_fps_per_w"] = or_null(r.truth->cold_fps_per_w);
    j["sim_truth"]["sustained_fps_per_w"] = or_null(r.truth->sustained_fps_per_w);
    j["sim_truth"]["throttle_start_s"] = or_null(r.truth->throttle_start_s);
    j["cold_error_pct"] = or_null(r.cold_error_pct);
    j["sustained_error_pct"] = or_null(r.sustained_error_pct);
  }
  j["time_slices"] = r.slices ? to_json(*r.slices) : nlohmann::json(nullptr);
  j["warnings"] = r.warnings;
  j["tool_extras"] = r.tool_extras;
  if (!r.health.empty()) j["health"] = to_json(r.health);  // absent: nothing captured, checked or flagged
  return j;
}

nlohmann::json to_json(const Published& p) {
  return {{"fps", or_null(p.fps)},
          {"fps_per_w", or_null(p.fps_per_w)},
          {"power_w", or_null(p.power_w)},
          {"scope", p.scope},
          {"source", p.source}};
}

nlohmann::json to_json(const Summary& s) {
  nlohmann::json j;
  j["schema"] = "wattbench.summary/1";
  j["name"] = s.name;
  j["created"] = s.created;
  j["results_dir"] = s.results_dir;
  if (!s.tool.empty()) j["tool"] = s.tool;
  if (!s.device.empty()) j["device"] = s.device;
  j["published"] = to_json(s.published);
  // Each probe's meter as its first run found it (NVML knows its GPU only once opened).
  j["probes"] = s.probes;
  for (auto& p : j["probes"]) {
    if (!p.is_object() || !p.contains("name") || !p["name"].is_string()) continue;
    const ProbeFigures* found = nullptr;
    for (const auto& v : s.variants)
      for (const auto& r : v.runs)
        for (const auto& f : r.probes)
          if (!found && f.probe == p["name"].get<std::string>() && !f.meter_kind.empty()) found = &f;
    if (found)
      p["meter"] = {
          {"kind", found->meter_kind}, {"window_s", or_null(found->meter_window_s)}, {"basis", found->meter_basis}};
  }
  j["interrupted"] = s.interrupted;
  j["finished"] = s.finished;
  j["planned_runs"] = s.planned_runs;
  j["invocations"] = s.invocations;
  j["baseline"] = s.baseline;
  auto variants = nlohmann::json::array();
  for (const auto& v : s.variants) {
    nlohmann::json vj;
    vj["id"] = v.id;
    vj["params"] = v.params;
    vj["identity"] = to_json(v.identity);
    vj["published"] = to_json(v.published);
    auto runs = nlohmann::json::array();
    for (const auto& r : v.runs) runs.push_back(to_json(r));
    vj["runs"] = runs;
    nlohmann::json agg = nlohmann::json::object();
    for (const auto& [k, st] : v.aggregate) agg[k] = to_json(st);
    vj["aggregate"] = agg;
    vj["derived"] = v.derived;
    vj["warnings"] = v.warnings;
    variants.push_back(vj);
  }
  j["variants"] = variants;
  j["load_curves"] = nlohmann::json::array();
  for (const auto& c : s.load_curves) j["load_curves"].push_back(to_json(c));
  j["warnings"] = s.warnings;
  return j;
}

}  // namespace wb
