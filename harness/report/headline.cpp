// The headline figures of a variant: what was measured, against what, over which window.
#include <fmt/format.h>

#include <cmath>

#include "harness/report/format.hpp"
#include "harness/report/reporters.hpp"

namespace wb {

namespace {
const RunRecord* first_ok(const VariantRecord& v) {
  for (const auto& r : v.runs)
    if (r.status == "ok") return &r;
  return nullptr;
}
const Stats& agg(const VariantRecord& v, const char* key) {
  static const Stats empty;
  auto it = v.aggregate.find(key);
  return it == v.aggregate.end() ? empty : it->second;
}
}  // namespace

std::string headline_title(const Summary& s, const VariantRecord& v) {
  std::string device = s.device.count("manufacturer") ? s.device.at("manufacturer") + " " + s.device.at("accelerator") : s.name;
  if (s.device.count("form_factor") && !s.device.at("form_factor").empty()) device += " (" + s.device.at("form_factor") + ")";
  const RunRecord* r = first_ok(v);
  std::size_t ok = 0;
  for (const auto& run : v.runs) ok += run.status == "ok";
  std::string title = fmt::format("{} · {} · {} of {} runs ok", device, r ? r->model : std::string("?"), ok, v.runs.size());
  if (v.id != "default") title += " · variant " + v.id;
  if (r) title += fmt::format(" · probe {} ({}, {}, {} Hz read, {} Hz new data)", r->probe, r->rail, r->scope,
                              format_value(r->sample_rate_hz, Hint::hertz), format_value(r->fresh_rate_hz, Hint::hertz));
  return title;
}

std::vector<HeadlineRow> headline_rows(const Summary& s, const VariantRecord& v) {
  std::vector<HeadlineRow> rows;
  const RunRecord* r = first_ok(v);
  const auto& fps = agg(v, "fps");
  const auto& power = agg(v, "power_w");
  const auto& eff = agg(v, "fps_per_w");
  std::string scope = r ? r->scope : "";
  const auto& pub = s.published;

  std::string fps_note;
  if (pub.fps && fps.mean) fps_note = fmt::format("published {:g}: {:.1f} %", *pub.fps, *fps.mean / *pub.fps * 100);
  rows.push_back({"FPS", format_stats(fps, Hint::fps), fps_note});
  std::string unc;
  if (r && r->power_uncertainty_pct)
    unc = fmt::format("; measurement ±{:.2f} %{}", *r->power_uncertainty_pct,
                      r->uncertainty_detail.find("instrument-evaluated") != std::string::npos ? " (as the analyzer evaluates it)" : "");
  else if (r) unc = "; measurement uncertainty unknown (set the probe's accuracy_pct)";
  rows.push_back({"Power", power.mean ? format_stats(power, Hint::watts) + " W" : "—",
                  power.mean ? "scope " + scope + (r ? ", rail " + r->rail : "") + unc : "no valid power reading"});
  std::string eff_note;
  if (pub.fps_per_w && eff.mean) {
    if (pub.scope == scope)
      eff_note = fmt::format("published {:g}: {:.1f} %", *pub.fps_per_w, *eff.mean / *pub.fps_per_w * 100);
    else
      eff_note = fmt::format("published {:g}, scope {}: not comparable with {}", *pub.fps_per_w, pub.scope, scope);
  }
  rows.push_back({"FPS/W", format_stats(eff, Hint::fps_per_watt), eff_note});
  rows.push_back({"Energy", format_energy_per_inference(agg(v, "j_per_inference").mean) + " / inference", ""});
  const auto& idle = agg(v, "idle_power_w");
  const auto& dyn = agg(v, "dynamic_power_w");
  std::string idle_note = dyn.mean ? "dynamic " + format_value(dyn.mean, Hint::watts) + " W" : "";
  if (r && r->idle_after_w)
    idle_note += fmt::format("{}after the run {} W ({:+.1f} %)", idle_note.empty() ? "" : "; ", format_value(r->idle_after_w, Hint::watts),
                             r->idle_drift_pct.value_or(0));
  rows.push_back({"Idle", idle.mean ? format_stats(idle, Hint::watts) + " W" : "—", idle_note});
  if (r)
    for (std::size_t i = 0; i < r->temps.size(); ++i) {
      const auto& t = r->temps[i];
      rows.push_back({i == 0 ? "Temperature" : "",
                      fmt::format("{} °C → {} °C", format_value(t.start_c, Hint::celsius), format_value(t.end_c, Hint::celsius)),
                      fmt::format("{}, max {} °C (first run, over the window)", t.channel, format_value(t.max_c, Hint::celsius))});
    }
  if (r)
    rows.push_back({"Window", fmt::format("{} s", format_value(r->window_s, Hint::seconds)),
                    fmt::format("{}: {}; energy from {}", r->window_source, r->window_detail, r->energy_method)});
  std::vector<double> errors;
  for (const auto& run : v.runs)
    if (run.status == "ok" && run.fps_per_w_error_pct) errors.push_back(*run.fps_per_w_error_pct);
  if (!errors.empty()) {
    double worst = 0;
    for (double e : errors) worst = std::abs(e) > std::abs(worst) ? e : worst;
    rows.push_back({"Sim truth", r && r->truth ? fmt::format("FPS/W {:.1f}", r->truth->fps_per_w) : "",
                    fmt::format("measured FPS/W error vs simulator truth: worst {:+.3f} % over {} run(s)", worst, errors.size())});
  }
  for (const auto& run : v.runs) {
    if (run.status != "ok") rows.push_back({fmt::format("Run {}", run.index), run.status, run.reason});
    else if (run.degraded) rows.push_back({fmt::format("Run {}", run.index), "degraded", run.degraded_reason});
    if (run.cold && run.status == "ok")
      rows.push_back({fmt::format("Run {}", run.index), "cold (apart)",
                      fmt::format("FPS {} · FPS/W {} · not in the aggregates", format_value(run.fps, Hint::fps),
                                  format_value(run.fps_per_w, Hint::fps_per_watt))});
    for (const auto& w : run.warnings) rows.push_back({fmt::format("Run {}", run.index), "warning", w});
  }
  for (const auto& w : v.warnings) rows.push_back({"Repeats", "warning", w});
  return rows;
}

}  // namespace wb
