// Terminal reporter: the result table of each variant.
#include <fmt/format.h>

#include "harness/report/format.hpp"
#include "harness/report/reporters.hpp"

namespace wb {

namespace {
// A sweep: one line per variant instead of one block each.
void write_sweep(const Summary& s, std::ostream& out) {
  out << fmt::format("{} · {} variants\n", s.name, s.variants.size());
  std::string header = fmt::format("  {:<16}", "variant");
  for (const auto& m : metric_table())
    if (m.show & kSweep) header += fmt::format(" {:>10}", *m.unit ? m.unit : m.label);
  out << header << fmt::format(" {:>11} {:>10}  {}\n", "latency ms", "placement", "derived");
  for (const auto& v : s.variants) {
    const RunRecord* r = nullptr;
    for (const auto& run : v.runs)
      if (run.status == RunStatus::ok && !r) r = &run;
    std::string placement = "—";
    if (r && r->tool_extras.contains("delegation") && r->tool_extras["delegation"].contains("placement_ratio"))
      placement = fmt::format("{}/{}", r->tool_extras["delegation"]["nodes_delegated"].get<int>(),
                              r->tool_extras["delegation"]["nodes_total"].get<int>());
    std::string derived;
    for (auto it = v.derived.begin(); it != v.derived.end(); ++it)
      if (it.value().is_number()) derived += fmt::format("{}{} {:.2f}×", derived.empty() ? "" : ", ", it.key(), it.value().get<double>());
    std::string line = fmt::format("  {:<16}", v.id);
    for (const auto& m : metric_table()) {
      if (!(m.show & kSweep)) continue;
      auto it = v.aggregate.find(m.key);
      line += fmt::format(" {:>10}", it == v.aggregate.end() ? "—" : format_aggregate(it->second, m));
    }
    out << line << fmt::format(" {:>11} {:>10}  {}\n", format_value(r ? r->latency_mean_ms : std::nullopt, Hint::milliseconds),
                               placement, derived);
    for (const auto& run : v.runs)
      if (run.status != RunStatus::ok) out << fmt::format("    run {}: {}: {}\n", run.index, run_status_name(run.status), run.reason);
  }
  if (!s.variants.empty() && !s.variants.front().runs.empty() && s.variants.front().runs.front().status == RunStatus::ok)
    out << fmt::format("  power scope {}, probe {}\n", s.variants.front().runs.front().scope, s.variants.front().runs.front().probe);
}
}  // namespace

// Kernel findings, sentinel readings, health commands and lost devices, after the figures.
static void write_health(const Summary& s, std::ostream& out) {
  auto rows = health_rows(s);
  if (rows.empty()) return;
  out << "Device health\n";
  for (const auto& r : rows) out << fmt::format("  {:<16} {:<20} {}\n", r.run, r.what, r.detail);
}

// Paced sweeps: the idle-to-full curve after the figures.
static void write_load_curves(const Summary& s, std::ostream& out) {
  for (const auto& c : s.load_curves) {
    auto t = load_curve_table(c);
    out << t.title << "\n";
    out << fmt::format("  {:<16} {:>10} {:>10} {:>7} {:>10} {:>10} {:>8} {:>12}\n", t.headers[0], t.headers[1], t.headers[2], t.headers[3],
                       "W", "W > idle", "% > idle", t.headers[7]);
    for (const auto& r : t.rows)
      out << fmt::format("  {:<16} {:>10} {:>10} {:>7} {:>10} {:>10} {:>8} {:>12}\n", r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
    for (const auto& w : c.warnings) out << "  warning: " << w << "\n";
  }
}

static void write_figures(const Summary& s, std::ostream& out) {
  for (const auto& w : s.warnings) out << "warning: " << w << "\n";
  if (auto note = unfinished_note(s); !note.empty()) out << note << "\n";
  if (s.variants.size() > 1) {
    write_sweep(s, out);
    if (s.interrupted) out << "  (interrupted: figures cover the runs that finished)\n";
    return;
  }
  for (const auto& v : s.variants) {
    out << headline_title(v) << "\n";
    for (const auto& row : headline_rows(v)) {
      std::string line = fmt::format("  {:<12} {}", row.label, row.value);
      if (!row.note.empty()) line = fmt::format("  {:<12} {:<20}  {}", row.label, row.value, row.note);
      out << line << "\n";
    }
  }
  if (s.interrupted) out << "  (interrupted: figures cover the runs that finished)\n";
}

void write_terminal(const Summary& s, std::ostream& out) {
  write_figures(s, out);
  write_load_curves(s, out);
  write_health(s, out);
}

}  // namespace wb
