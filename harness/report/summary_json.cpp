// Summary -> JSON (schema wattbench.summary/1); a run's fields by walking its field table
// (harness/report/run_fields.hpp) and the metric table.
#include <fmt/format.h>

#include "harness/metrics/metric_table.hpp"
#include "harness/report/run_fields.hpp"
#include "harness/report/summary.hpp"
#include "harness/util/json_or_null.hpp"

namespace wb {

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
  nlohmann::json j = fields_object(run_fields(), r);
  for (const auto& m : metric_table()) j[m.key] = or_null(m.value(r));
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
