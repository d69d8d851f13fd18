// Terminal reporter: the result table of each variant.
#include <fmt/format.h>

#include "harness/report/format.hpp"
#include "harness/report/reporters.hpp"

namespace wb {

namespace {
// A sweep: one line per variant instead of one block each.
void write_sweep(const Summary& s, std::ostream& out) {
  out << fmt::format("{} · {} variants\n", s.name, s.variants.size());
  out << fmt::format("  {:<16} {:>10} {:>9} {:>9} {:>11} {:>10}  {}\n", "variant", "FPS", "W", "FPS/W", "latency ms",
                     "placement", "derived");
  for (const auto& v : s.variants) {
    auto mean = [&](const char* k) {
      auto it = v.aggregate.find(k);
      return it == v.aggregate.end() ? std::optional<double>() : it->second.mean;
    };
    const RunRecord* r = nullptr;
    for (const auto& run : v.runs)
      if (run.status == "ok" && !r) r = &run;
    std::string placement = "—";
    if (r && r->tool_extras.contains("delegation") && r->tool_extras["delegation"].contains("placement_ratio"))
      placement = fmt::format("{}/{}", r->tool_extras["delegation"]["nodes_delegated"].get<int>(),
                              r->tool_extras["delegation"]["nodes_total"].get<int>());
    std::string derived;
    for (auto it = v.derived.begin(); it != v.derived.end(); ++it)
      if (it.value().is_number()) derived += fmt::format("{}{} {:.2f}×", derived.empty() ? "" : ", ", it.key(), it.value().get<double>());
    out << fmt::format("  {:<16} {:>10} {:>9} {:>9} {:>11} {:>10}  {}\n", v.id, format_value(mean("fps"), Hint::fps),
                       format_value(mean("power_w"), Hint::watts), format_value(mean("fps_per_w"), Hint::fps_per_watt),
                       r && r->latency_mean_ms ? fmt::format("{:.2f}", *r->latency_mean_ms) : "—", placement, derived);
    for (const auto& run : v.runs)
      if (run.status != "ok") out << fmt::format("    run {}: {}: {}\n", run.index, run.status, run.reason);
  }
  if (!s.variants.empty() && !s.variants.front().runs.empty() && s.variants.front().runs.front().status == "ok")
    out << fmt::format("  power scope {}, probe {}\n", s.variants.front().runs.front().scope, s.variants.front().runs.front().probe);
}
}  // namespace

void write_terminal(const Summary& s, std::ostream& out) {
  if (s.variants.size() > 1) {
    write_sweep(s, out);
    if (s.interrupted) out << "  (interrupted: figures cover the runs that finished)\n";
    return;
  }
  for (const auto& v : s.variants) {
    out << headline_title(s, v) << "\n";
    for (const auto& row : headline_rows(s, v)) {
      std::string line = fmt::format("  {:<12} {:<20}", row.label, row.value);
      if (!row.note.empty()) line += "  " + row.note;
      out << line << "\n";
    }
  }
  if (s.interrupted) out << "  (interrupted: figures cover the runs that finished)\n";
}

}  // namespace wb
