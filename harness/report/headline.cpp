// The headline figures of a variant: what was measured, against what, over which window.
#include <fmt/format.h>

#include <cmath>

#include "harness/pci/link_control.hpp"
#include "harness/report/format.hpp"
#include "harness/report/reporters.hpp"
#include "harness/report/versus_published.hpp"

namespace wb {

namespace {
const RunRecord* first_ok(const VariantRecord& v) {
  for (const auto& r : v.runs)
    if (r.status == RunStatus::ok) return &r;
  return nullptr;
}
const Stats& agg(const VariantRecord& v, const char* key) {
  static const Stats empty;
  auto it = v.aggregate.find(key);
  return it == v.aggregate.end() ? empty : it->second;
}
}  // namespace

std::string headline_title(const VariantRecord& v) {
  const RunRecord* r = first_ok(v);
  std::size_t ok = 0;
  for (const auto& run : v.runs) ok += run.status == RunStatus::ok;
  // From the variant's identity: its own card and model, even in a campaign or when every run failed.
  std::string model = !v.identity.model.id.empty()         ? v.identity.model.id
                      : r && !r->model.empty()             ? r->model
                      : !v.identity.model.artifact.empty() ? v.identity.model.artifact
                                                           : "model unknown";
  std::string title =
      fmt::format("{} · {} · {} · {} of {} runs ok", card_label(v.identity), model,
                  v.identity.tool.name.empty() ? "tool unknown" : v.identity.tool.name, ok, v.runs.size());
  if (v.id != "default") title += " · variant " + v.id;
  if (r)
    title += fmt::format(" · probe {} ({}, {}, {} Hz read, {} Hz new data)", r->probe, r->rail, r->scope,
                         format_value(r->sample_rate_hz, Hint::hertz), format_value(r->fresh_rate_hz, Hint::hertz));
  return title;
}

std::string unfinished_note(const Summary& s) {
  if (s.finished) return "";
  std::size_t done = 0;
  for (const auto& v : s.variants) done += v.runs.size();
  return fmt::format("did not finish: {} of {} planned runs done (killed or interrupted); `--resume` continues it",
                     done, s.planned_runs);
}

std::vector<HeadlineRow> headline_rows(const VariantRecord& v) {
  std::vector<HeadlineRow> rows;
  const RunRecord* r = first_ok(v);
  std::string scope = r ? r->scope : "";
  const auto& pub = v.published;
  // What a figure is set against (published claims, scope, idle drift); the figures come from the table.
  auto note = [&](const std::string& key, const Stats& st) -> std::string {
    if (key == "fps")
      if (auto vs = versus_published(st.mean, pub.fps); vs.ratio)
        return fmt::format("published {:g}: {:.1f} %", *pub.fps, *vs.ratio * 100);
    if (key == "power_w") {
      if (!st.mean) return "no valid power reading";
      std::string unc;
      if (r && r->power_uncertainty_pct)
        unc = fmt::format("; measurement ±{:.2f} %{}", *r->power_uncertainty_pct,
                          r->uncertainty_detail.find("instrument-evaluated") != std::string::npos
                              ? " (as the analyzer evaluates it)"
                              : "");
      else if (r)
        unc = "; measurement uncertainty unknown (set the probe's accuracy_pct)";
      return "scope " + scope + (r ? ", rail " + r->rail : "") + unc;
    }
    if (key == "fps_per_w") {
      auto vs = versus_published(st.mean, pub.fps_per_w, scope, pub.scope);
      if (vs.ratio) return fmt::format("published {:g}: {:.1f} %", *pub.fps_per_w, *vs.ratio * 100);
      if (vs.other_scope)
        return fmt::format("published {:g}, scope {}: not comparable with {}", *pub.fps_per_w, pub.scope, scope);
    }
    if (key == "idle_power_w") {
      const auto& dyn = agg(v, "dynamic_power_w");
      std::string idle_note = dyn.mean ? "dynamic " + format_value(dyn.mean, Hint::watts) + " W" : "";
      // The link's ASPM state as read back from its register for the run, not the config's word.
      if (r && !r->aspm_requested.empty())
        idle_note = fmt::format(
            "ASPM {}{}", r->aspm_state.empty() ? "unknown (register unreadable)" : aspm_state_label(r->aspm_state),
            idle_note.empty() ? "" : "; " + idle_note);
      if (r && r->idle_after_w)
        idle_note += fmt::format("{}after the run {} W ({:+.1f} %)", idle_note.empty() ? "" : "; ",
                                 format_value(r->idle_after_w, Hint::watts), r->idle_drift_pct.value_or(0));
      return idle_note;
    }
    return "";
  };
  for (const auto& m : metric_table()) {
    if (!(m.show & kHeadline)) continue;
    const auto& st = agg(v, m.key);
    rows.push_back({m.label, format_aggregate_with_unit(st, m), note(m.key, st)});
  }
  if (r)
    for (std::size_t i = 0; i < r->temps.size(); ++i) {
      const auto& t = r->temps[i];
      rows.push_back(
          {i == 0 ? "Temperature" : "",
           fmt::format("{} °C → {} °C", format_value(t.start_c, Hint::celsius), format_value(t.end_c, Hint::celsius)),
           fmt::format("{}, max {} °C (first run, over the window)", t.channel, format_value(t.max_c, Hint::celsius))});
    }
  if (r)
    rows.push_back({"Window",
                    fmt::format("{} s{}", format_value(r->window_s, Hint::seconds),
                                r->window_uncertainty_s
                                    ? fmt::format(" ± {} s", format_value(r->window_uncertainty_s, Hint::seconds))
                                    : ""),
                    fmt::format("{}: {}; energy from {}", r->window_source, r->window_detail, r->energy_method)});
  if (r && r->target_fps)
    rows.push_back({"Rate",
                    fmt::format("{} FPS of {:g}", format_value(r->fps, find_metric("fps")->hint), *r->target_fps),
                    fmt::format("paced (benchmark.target_fps): achieved {:+.2f} % vs target{} (first run)",
                                r->rate_error_pct.value_or(0),
                                r->tool_fps ? fmt::format("; the tool's own figure {} FPS is its back-to-back rate",
                                                          format_value(r->tool_fps, find_metric("fps")->hint))
                                            : "")});
  if (r && r->tool_extras.contains("other_fps") && r->tool_extras["other_fps"].is_object() &&
      !r->tool_extras["other_fps"].empty()) {
    // Rates the tool printed that are not the delivered one (docs/WINDOWS.md), by their names.
    std::string value;
    for (const auto& [name, fps] : r->tool_extras["other_fps"].items())
      if (fps.is_number())
        value += fmt::format("{}{} {} FPS", value.empty() ? "" : ", ", name,
                             format_value(fps.get<double>(), find_metric("fps")->hint));
    rows.push_back({"Other rates", value,
                    r->tool_fps && !r->target_fps
                        ? "the headline is one of them (benchmark.fps_source), not the delivered rate"
                        : "printed by the tool beside the delivered rate; not the FPS of FPS/W (first run)"});
  }
  if (r) {
    // What one reading of each power probe is, and what an averaged one's edges may be off by.
    bool first = true;
    for (const auto& pf : r->probes) {
      if (pf.meter_kind.empty()) continue;
      std::string value = pf.probe + ": " + pf.meter_kind +
                          (pf.meter_window_s ? " " + format_value(pf.meter_window_s, Hint::seconds) + " s" : "");
      std::string note = pf.meter_basis;
      if (pf.edge_smear_pct)
        note += fmt::format("{}edges centred; smear up to ±{:.3f} % of the window's energy", note.empty() ? "" : "; ",
                            *pf.edge_smear_pct);
      rows.push_back({first ? "Meter" : "", value, note});
      first = false;
    }
    // Host cost: unknown parts print as —, never 0.
    std::optional<double> cpu;
    if (r->tool_cpu_user_s && r->tool_cpu_sys_s) cpu = *r->tool_cpu_user_s + *r->tool_cpu_sys_s;
    auto secs = [](std::optional<double> v) { return v ? format_value(v, Hint::seconds) + " s" : std::string("—"); };
    rows.push_back(
        {"Host cost", "tool CPU " + secs(cpu),
         fmt::format("user {} + sys {} over the tool's life; host CPU {} busy of {} cores over the window (first run)",
                     secs(r->tool_cpu_user_s), secs(r->tool_cpu_sys_s),
                     r->host_cpu_busy_pct ? fmt::format("{:.1f} %", *r->host_cpu_busy_pct) : "—",
                     r->host_cpu_cores ? std::to_string(*r->host_cpu_cores) : "—")});
  }
  if (r && r->slices) {
    const auto& ts = *r->slices;
    auto pct = [](const std::optional<double>& x) { return x ? fmt::format(" ±{:.2f} %", *x) : std::string(); };
    auto span_row = [&](const char* label, const std::optional<SpanFigures>& f, const char* which) {
      if (!f) return;
      rows.push_back({label,
                      fmt::format("{} FPS/W{}", format_value(f->fps_per_w, find_metric("fps_per_w")->hint),
                                  pct(f->fps_per_w_ci_pct)),
                      fmt::format("{} {:.0f} s of the window: {} FPS{}, {} W{}{} (95 % CI over 1 s bins; first run)",
                                  which, f->end_s - f->start_s, format_value(f->fps, find_metric("fps")->hint),
                                  pct(f->fps_ci_pct), format_value(f->power_w, Hint::watts), pct(f->power_ci_pct),
                                  f->temp_c ? fmt::format(", {} °C", format_value(f->temp_c, Hint::celsius)) : "")});
    };
    span_row("Cold", ts.cold, "first");
    span_row("Sustained", ts.sustained, "last");
    if (ts.throttling)
      rows.push_back({ts.throttling->thermal ? "Throttling" : "Slowdown",
                      fmt::format("from {:.0f} s", ts.throttling->start_into_window_s), ts.throttling->text});
  }
  std::vector<double> errors;
  for (const auto& run : v.runs)
    if (run.status == RunStatus::ok && run.fps_per_w_error_pct) errors.push_back(*run.fps_per_w_error_pct);
  if (!errors.empty()) {
    double worst = 0;
    for (double e : errors) worst = std::abs(e) > std::abs(worst) ? e : worst;
    std::string spans;
    if (r && r->cold_error_pct && r->sustained_error_pct)
      spans =
          fmt::format("; cold {:+.3f} %, sustained {:+.3f} % (first run)", *r->cold_error_pct, *r->sustained_error_pct);
    if (r && r->truth && r->truth->throttle_start_s && r->window_start_s)
      spans += fmt::format("; throttles {:.0f} s into the window", *r->truth->throttle_start_s - *r->window_start_s);
    rows.push_back({"Sim truth", r && r->truth ? fmt::format("FPS/W {:.1f}", r->truth->fps_per_w) : "",
                    fmt::format("measured FPS/W error vs simulator truth: worst {:+.3f} % over {} run(s){}", worst,
                                errors.size(), spans)});
  }
  for (const auto& run : v.runs) {
    if (run.status != RunStatus::ok)
      rows.push_back({fmt::format("Run {}", run.index), run_status_name(run.status), run.reason});
    else if (run.degraded)
      rows.push_back({fmt::format("Run {}", run.index), "degraded", run.degraded_reason});
    if (run.cold && run.status == RunStatus::ok)
      rows.push_back(
          {fmt::format("Run {}", run.index), "cold (apart)",
           fmt::format("FPS {} · FPS/W {} · not in the aggregates", format_value(run.fps, find_metric("fps")->hint),
                       format_value(run.fps_per_w, find_metric("fps_per_w")->hint))});
    for (const auto& w : run.warnings) rows.push_back({fmt::format("Run {}", run.index), "warning", w});
  }
  for (const auto& w : v.warnings) rows.push_back({"Repeats", "warning", w});
  return rows;
}

}  // namespace wb
