// The idle-to-full curve as a table, for every reporter.
#include <fmt/format.h>

#include "harness/report/format.hpp"
#include "harness/report/reporters.hpp"

namespace wb {

Table load_curve_table(const LoadCurve& c) {
  Table t;
  t.title = "Load curve: idle to full" + (c.group.empty() ? std::string() : " · " + c.group);
  t.headers = {"Point", "Target FPS", "FPS", "Load %", "Power (W)", "Above idle (W)", "Above idle %", "J/inference"};
  auto pct = [](const std::optional<double>& v) { return v ? fmt::format("{:.0f}", *v) : std::string("—"); };
  for (const auto& p : c.points)
    t.rows.push_back({p.variant,
                      p.variant == "idle" ? "—"
                      : p.target_fps      ? fmt::format("{:g}", *p.target_fps)
                                          : "unpaced",
                      format_value(p.fps, find_metric("fps")->hint), pct(p.load_pct),
                      format_value(p.power_w, Hint::watts), format_value(p.dynamic_power_w, Hint::watts),
                      pct(p.dynamic_pct), format_value(p.j_per_inference, find_metric("j_per_inference")->hint)});
  t.notes = c.warnings;
  t.notes.push_back(
      "Means over each variant's valid runs; J/inference = power / achieved FPS. Load % and above-idle % are against "
      "the unpaced run.");
  return t;
}

}  // namespace wb
