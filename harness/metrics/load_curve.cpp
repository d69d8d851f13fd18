// The idle-to-full curve of a paced sweep.
#include "harness/metrics/load_curve.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "harness/report/summary.hpp"
#include "harness/util/json_or_null.hpp"

namespace wb {

namespace {
// The variant's rate cap as its runs recorded it; nullopt for an unpaced variant.
std::optional<double> target_of(const VariantRecord& v) {
  for (const auto& r : v.runs)
    if (r.target_fps) return r.target_fps;
  return std::nullopt;
}

std::string target_key(const std::optional<double>& t) { return t ? fmt::format("{}", *t) : "unpaced"; }

std::optional<double> mean_of(const VariantRecord& v, const char* key) {
  auto it = v.aggregate.find(key);
  return it == v.aggregate.end() ? std::nullopt : it->second.mean;
}

// Axes whose labels set different rates: the curve runs along them, the others group.
std::set<std::string> rate_axes(const Summary& s) {
  std::map<std::string, std::map<std::string, std::set<std::string>>> targets;  // axis -> label -> rates
  for (const auto& v : s.variants)
    for (auto it = v.params.begin(); it != v.params.end(); ++it)
      targets[it.key()][it.value().is_string() ? it.value().get<std::string>() : it.value().dump()].insert(
          target_key(target_of(v)));
  std::set<std::string> axes;
  for (const auto& [axis, by_label] : targets) {
    if (by_label.size() < 2) continue;
    std::set<std::string> seen;
    bool disjoint = true;
    for (const auto& [label, rates] : by_label)
      for (const auto& r : rates) disjoint = seen.insert(r).second && disjoint;
    if (disjoint) axes.insert(axis);
  }
  return axes;
}

std::string group_of(const VariantRecord& v, const std::set<std::string>& rate) {
  std::string g;
  for (auto it = v.params.begin(); it != v.params.end(); ++it)
    if (!rate.count(it.key()))
      g += fmt::format("{}{}={}", g.empty() ? "" : ", ", it.key(),
                       it.value().is_string() ? it.value().get<std::string>() : it.value().dump());
  return g;
}

void judge(LoadCurve& c, const LoadPoint& full, std::vector<VariantRecord>& variants) {
  for (auto& p : c.points) {
    if (p.variant == "idle" || !p.target_fps || !p.fps || !full.fps || !(*full.fps > 0)) continue;
    p.load_pct = 100 * *p.fps / *full.fps;
    bool dynamic = p.dynamic_power_w && full.dynamic_power_w && *full.dynamic_power_w > 0;
    std::optional<double> share = dynamic ? std::optional(*p.dynamic_power_w / *full.dynamic_power_w)
                                  : p.power_w && full.power_w && *full.power_w > 0
                                      ? std::optional(*p.power_w / *full.power_w)
                                      : std::nullopt;
    if (!share) continue;
    if (dynamic) p.dynamic_pct = 100 * *share;
    double load = *p.fps / *full.fps;
    if (load > kMaxJudgedLoad || (1 - *share) >= kMinPowerFollowShare * (1 - load)) continue;
    std::string w = fmt::format(
        "variant {}: paced at {:.0f} % of the unpaced rate, the card still draws {:.0f} % of the unpaced run's {} — "
        "power did not "
        "drop with the load: the rate cap may act in the wrong place (on the reported figure or the host, not the "
        "device)",
        p.variant, 100 * load, 100 * *share, dynamic ? "power above idle" : "power (no idle phase measured)");
    c.warnings.push_back(w);
    for (auto& v : variants)
      if (v.id == p.variant) v.warnings.push_back(w);
  }
}
}  // namespace

void compute_load_curves(Summary& s) {
  s.load_curves.clear();
  bool paced = std::any_of(s.variants.begin(), s.variants.end(),
                           [](const VariantRecord& v) { return target_of(v).has_value(); });
  if (!paced) return;
  auto rate = rate_axes(s);
  std::map<std::string, std::vector<const VariantRecord*>> groups;
  std::vector<std::string> order;
  for (const auto& v : s.variants) {
    auto g = group_of(v, rate);
    if (!groups.count(g)) order.push_back(g);
    groups[g].push_back(&v);
  }
  for (const auto& g : order) {
    LoadCurve c;
    c.group = g;
    double idle_sum = 0;
    std::size_t idle_n = 0;
    std::optional<LoadPoint> full;
    for (const auto* v : groups[g]) {
      if (auto idle = mean_of(*v, "idle_power_w")) {
        idle_sum += *idle;
        ++idle_n;
      }
      LoadPoint p{v->id,
                  target_of(*v),
                  mean_of(*v, "fps"),
                  mean_of(*v, "power_w"),
                  mean_of(*v, "dynamic_power_w"),
                  mean_of(*v, "j_per_inference"),
                  std::nullopt,
                  std::nullopt};
      if (!p.fps) {
        c.warnings.push_back(
            fmt::format("variant {}: no valid run, so no point on the curve (see its runs' reasons)", v->id));
        continue;
      }
      if (!p.target_fps && (!full || *p.fps > *full->fps)) full = p;
      c.points.push_back(p);
    }
    std::sort(c.points.begin(), c.points.end(), [](const LoadPoint& a, const LoadPoint& b) { return *a.fps < *b.fps; });
    if (idle_n) {
      LoadPoint idle{"idle", std::nullopt, 0.0, idle_sum / static_cast<double>(idle_n), 0.0, std::nullopt, 0.0, 0.0};
      c.points.insert(c.points.begin(), idle);
    }
    if (full) {
      for (auto& p : c.points)
        if (p.variant == full->variant) {
          p.load_pct = 100;
          p.dynamic_pct = full->dynamic_power_w ? std::optional(100.0) : std::nullopt;
        }
      judge(c, *full, s.variants);
    } else {
      c.warnings.push_back(
          "no unpaced variant in this group: add one (benchmark.target_fps: null) to set each rate against full load");
    }
    s.load_curves.push_back(std::move(c));
  }
}

nlohmann::json to_json(const LoadCurve& c) {
  nlohmann::json pts = nlohmann::json::array();
  for (const auto& p : c.points)
    pts.push_back({{"variant", p.variant},
                   {"target_fps", or_null(p.target_fps)},
                   {"fps", or_null(p.fps)},
                   {"power_w", or_null(p.power_w)},
                   {"dynamic_power_w", or_null(p.dynamic_power_w)},
                   {"j_per_inference", or_null(p.j_per_inference)},
                   {"load_pct", or_null(p.load_pct)},
                   {"dynamic_pct", or_null(p.dynamic_pct)}});
  return {{"group", c.group}, {"points", pts}, {"warnings", c.warnings}};
}

}  // namespace wb
