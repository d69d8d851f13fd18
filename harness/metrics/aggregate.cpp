// Statistics over repeats, computed once in the core by walking the metric table.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "harness/metrics/metric_table.hpp"
#include "harness/report/summary.hpp"

namespace wb {

void compute_aggregates(VariantRecord& v) {
  v.aggregate.clear();
  for (const auto& m : metric_table()) {
    std::vector<double> column;
    for (const auto& r : v.runs) {
      if (r.status != RunStatus::ok || r.cold) continue;  // the cold first run is reported apart
      if (auto x = m.value(r)) column.push_back(*x);
    }
    v.aggregate[m.key] = describe(column);  // a max aggregate reads the Stats' max
  }
  // Outliers across repeats: modified z-score 0.6745·|x − median| / MAD above 3.5 (Iglewicz-Hoaglin).
  // They are warnings, never silent removals. The MAD is floored at the measurement's own
  // uncertainty (the runs' median stated power uncertainty, else 0.5 %, of the median): repeats
  // that agree within what the meter can tell apart have a MAD near 0, which would make any
  // difference in the noise an "outlier".
  v.warnings.clear();
  std::vector<const RunRecord*> ok;
  for (const auto& r : v.runs)
    if (r.status == RunStatus::ok && !r.cold && r.fps_per_w) ok.push_back(&r);
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
    std::vector<double> stated;
    for (const auto* r : ok)
      if (r->power_uncertainty_pct && std::isfinite(*r->power_uncertainty_pct) && *r->power_uncertainty_pct > 0)
        stated.push_back(*r->power_uncertainty_pct);
    double uncertainty_pct = stated.empty() ? 0.5 : median(stated);
    double mad = std::max(median(dev), std::abs(med) * uncertainty_pct / 100);
    for (const auto* r : ok) {
      double z = mad > 0 ? 0.6745 * std::abs(*r->fps_per_w - med) / mad : 0;
      if (z > 3.5)
        v.warnings.push_back(
            fmt::format("run {}: FPS/W {:.4g} is an outlier (modified z-score {:.1f} against the median {:.4g})",
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
      auto base =
          std::find_if(s.variants.begin(), s.variants.end(), [&](const VariantRecord& b) { return b.params == want; });
      if (base == s.variants.end()) continue;
      auto ratio = [&](const char* metric) -> nlohmann::json {
        auto a = v.aggregate.find(metric), b = base->aggregate.find(metric);
        if (a == v.aggregate.end() || b == base->aggregate.end() || !a->second.mean || !b->second.mean ||
            *b->second.mean == 0)
          return nullptr;
        return *a->second.mean / *b->second.mean;
      };
      v.derived[fmt::format("speedup_vs_{}={}", axis, base_label)] = ratio("fps");
      v.derived[fmt::format("efficiency_vs_{}={}", axis, base_label)] = ratio("fps_per_w");
    }
  }
}

}  // namespace wb
