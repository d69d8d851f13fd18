// Summary -> JSON (schema wattbench.summary/1) and aggregate statistics.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "harness/report/summary.hpp"

namespace wb {

namespace {
nlohmann::json opt(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }
nlohmann::json opt_int(const std::optional<int>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }
}  // namespace

void compute_aggregates(VariantRecord& v) {
  std::map<std::string, std::vector<double>> columns;
  for (const auto& r : v.runs) {
    if (r.status != "ok" || r.cold) continue;  // the cold first run is reported apart
    auto add = [&](const char* k, const std::optional<double>& x) {
      if (x) columns[k].push_back(*x);
    };
    add("fps", r.fps);
    add("power_w", r.power_w);
    add("fps_per_w", r.fps_per_w);
    add("j_per_inference", r.j_per_inference);
    add("idle_power_w", r.idle_power_w);
    add("dynamic_power_w", r.dynamic_power_w);
    add("energy_j", r.energy_j);
  }
  v.aggregate.clear();
  for (const char* k : {"fps", "power_w", "fps_per_w", "j_per_inference", "idle_power_w", "dynamic_power_w", "energy_j"})
    v.aggregate[k] = describe(columns[k]);
  // Outliers across repeats: modified z-score 0.6745·|x − median| / MAD above 3.5 (Iglewicz-Hoaglin).
  // They are warnings, never silent removals.
  v.warnings.clear();
  std::vector<const RunRecord*> ok;
  for (const auto& r : v.runs)
    if (r.status == "ok" && !r.cold && r.fps_per_w) ok.push_back(&r);
  if (ok.size() >= 3) {
    std::vector<double> x;
    for (const auto* r : ok) x.push_back(*r->fps_per_w);
    auto median = [](std::vector<double> a) {
      std::sort(a.begin(), a.end());
      return a.size() % 2 ? a[a.size() / 2] : 0.5 * (a[a.size() / 2 - 1] + a[a.size() / 2]);
    };
    double med = median(x);
    std::vector<double> dev;
    for (double y : x) dev.push_back(std::abs(y - med));
    double mad = median(dev);
    for (const auto* r : ok) {
      double z = mad > 0 ? 0.6745 * std::abs(*r->fps_per_w - med) / mad : 0;
      if (z > 3.5)
        v.warnings.push_back(fmt::format("run {}: FPS/W {:.4g} is an outlier (modified z-score {:.1f} against the median {:.4g})",
                                         r->index, *r->fps_per_w, z, med));
    }
  }
}

void compute_derived(Summary& s) {
  for (auto& v : s.variants) {
    v.derived = nlohmann::json::object();
    for (const auto& [axis, base_label] : s.baseline) {
      if (!v.params.contains(axis) || v.params[axis] == base_label) continue;
      auto want = v.params;
      want[axis] = base_label;
      auto base = std::find_if(s.variants.begin(), s.variants.end(), [&](const VariantRecord& b) { return b.params == want; });
      if (base == s.variants.end()) continue;
      auto ratio = [&](const char* metric) -> nlohmann::json {
        auto a = v.aggregate.find(metric), b = base->aggregate.find(metric);
        if (a == v.aggregate.end() || b == base->aggregate.end() || !a->second.mean || !b->second.mean || *b->second.mean == 0)
          return nullptr;
        return *a->second.mean / *b->second.mean;
      };
      v.derived[fmt::format("speedup_vs_{}={}", axis, base_label)] = ratio("fps");
      v.derived[fmt::format("efficiency_vs_{}={}", axis, base_label)] = ratio("fps_per_w");
    }
  }
}

nlohmann::json to_json(const RunRecord& r) {
  nlohmann::json j;
  j["index"] = r.index;
  j["dir"] = r.dir;
  j["status"] = r.status;
  j["reason"] = r.reason;
  j["degraded"] = r.degraded;
  j["degraded_reason"] = r.degraded_reason;
  j["model"] = r.model;
  j["fps"] = opt(r.fps);
  j["frames"] = opt(r.frames);
  j["latency_mean_ms"] = opt(r.latency_mean_ms);
  j["power_w"] = opt(r.power_w);
  j["fps_per_w"] = opt(r.fps_per_w);
  j["energy_j"] = opt(r.energy_j);
  j["j_per_inference"] = opt(r.j_per_inference);
  j["idle_power_w"] = opt(r.idle_power_w);
  j["dynamic_power_w"] = opt(r.dynamic_power_w);
  j["power_uncertainty_pct"] = opt(r.power_uncertainty_pct);
  j["uncertainty_detail"] = r.uncertainty_detail;
  j["window_s"] = opt(r.window_s);
  j["window_start_s"] = opt(r.window_start_s);
  j["window_end_s"] = opt(r.window_end_s);
  j["idle_after_w"] = opt(r.idle_after_w);
  j["idle_drift_pct"] = opt(r.idle_drift_pct);
  j["idle_after_start_s"] = opt(r.idle_after_start_s);
  j["idle_after_end_s"] = opt(r.idle_after_end_s);
  j["cold"] = r.cold;
  j["cooldown_wait_s"] = opt(r.cooldown_wait_s);
  j["idle_start_s"] = opt(r.idle_start_s);
  j["idle_end_s"] = opt(r.idle_end_s);
  j["tool_start_s"] = opt(r.tool_start_s);
  j["tool_end_s"] = opt(r.tool_end_s);
  j["window_source"] = r.window_source;
  j["window_detail"] = r.window_detail;
  j["energy_method"] = r.energy_method;
  j["probe"] = r.probe;
  j["rail"] = r.rail;
  j["scope"] = r.scope;
  j["samples"] = r.samples;
  j["sample_rate_hz"] = opt(r.sample_rate_hz);
  j["fresh_rate_hz"] = opt(r.fresh_rate_hz);
  j["temps"] = nlohmann::json::array();
  for (const auto& t : r.temps)
    j["temps"].push_back({{"channel", t.channel}, {"start_c", t.start_c}, {"end_c", t.end_c}, {"max_c", t.max_c}});
  auto probes = nlohmann::json::array();
  for (const auto& p : r.probes)
    probes.push_back({{"probe", p.probe}, {"rail", p.rail}, {"scope", p.scope}, {"method", p.method},
                      {"energy_j", opt(p.energy_j)}, {"power_w", opt(p.power_w)},
                      {"trapezoid_energy_j", opt(p.trapezoid_energy_j)}, {"idle_power_w", opt(p.idle_power_w)},
                      {"idle_after_w", opt(p.idle_after_w)},
                      {"samples", p.samples}, {"invalid_samples", p.invalid_samples},
                      {"sample_rate_hz", opt(p.sample_rate_hz)}, {"fresh_rate_hz", opt(p.fresh_rate_hz)},
                      {"max_gap_s", opt(p.max_gap_s)}, {"instrument_uncertainty_pct", opt(p.instrument_uncertainty_pct)},
                      {"instrument_uncertainty_max_pct", opt(p.instrument_uncertainty_max_pct)},
                      {"samples_over_uncertainty_limit", p.samples_over_uncertainty_limit}});
  j["probes"] = probes;
  j["versions"] = r.versions;
  j["exit_code"] = opt_int(r.exit_code);
  j["signal"] = opt_int(r.signal);
  j["timed_out"] = r.timed_out;
  if (r.truth) {
    j["sim_truth"] = {{"window_start_s", r.truth->window_start_s}, {"window_end_s", r.truth->window_end_s},
                      {"energy_j", r.truth->energy_j}, {"mean_power_w", r.truth->mean_power_w},
                      {"fps", r.truth->fps}, {"fps_per_w", r.truth->fps_per_w}};
    j["fps_per_w_error_pct"] = opt(r.fps_per_w_error_pct);
  }
  j["warnings"] = r.warnings;
  j["tool_extras"] = r.tool_extras;
  return j;
}

nlohmann::json to_json(const Summary& s) {
  nlohmann::json j;
  j["schema"] = "wattbench.summary/1";
  j["name"] = s.name;
  j["created"] = s.created;
  j["results_dir"] = s.results_dir;
  j["tool"] = s.tool;
  j["device"] = s.device;
  j["published"] = {{"fps", opt(s.published.fps)}, {"fps_per_w", opt(s.published.fps_per_w)},
                    {"power_w", opt(s.published.power_w)}, {"scope", s.published.scope}, {"source", s.published.source}};
  j["probes"] = s.probes;
  j["interrupted"] = s.interrupted;
  j["baseline"] = s.baseline;
  auto variants = nlohmann::json::array();
  for (const auto& v : s.variants) {
    nlohmann::json vj;
    vj["id"] = v.id;
    vj["params"] = v.params;
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
  return j;
}

}  // namespace wb
