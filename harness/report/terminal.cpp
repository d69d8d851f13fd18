// Terminal reporter: the result table of each variant.
#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "harness/pci/link_control.hpp"
#include "harness/report/format.hpp"
#include "harness/report/reporters.hpp"
#include "harness/report/sweep_text.hpp"
#include "harness/report/table.hpp"

namespace wb {

namespace {
// A sweep: one line per variant instead of one block each, as an aligned table (columns no
// variant fills are left out).
void write_sweep(const Summary& s, std::ostream& out) {
  Table t;
  t.title = fmt::format("{} · {} variants", s.name, s.variants.size());
  t.headers = {"variant"};
  for (const auto& m : metric_table())
    if (m.show & kSweep) t.headers.push_back(*m.unit ? m.unit : m.label);
  // An ASPM sweep is about idle power: its column beside the state read back.
  bool aspm_sweep = std::any_of(s.variants.begin(), s.variants.end(),
                                [](const VariantRecord& v) { return !v.identity.aspm.state.empty(); });
  for (const char* h : {"latency ms", "placement", "ASPM", "idle W", "derived"}) t.headers.push_back(h);
  std::vector<std::string> failures;
  for (const auto& v : s.variants) {
    const RunRecord* r = nullptr;
    for (const auto& run : v.runs)
      if (run.status == RunStatus::ok && !r) r = &run;
    std::string placement = "—";
    // Operators on an accelerator: a CPU variant's "88/88" counts none (harness/report/sweep_text.hpp).
    if (r && r->tool_extras.contains("delegation") && r->tool_extras["delegation"].contains("placement_ratio") &&
        !runs_on_cpu(v.params, v.identity.tool.work_args))
      placement = fmt::format("{}/{}", r->tool_extras["delegation"]["nodes_delegated"].get<int>(),
                              r->tool_extras["delegation"]["nodes_total"].get<int>());
    std::string derived;
    for (auto it = v.derived.begin(); it != v.derived.end(); ++it)
      // In words, as the Markdown sweep table reads ("FPS/W vs cpu: 3.34× more efficient").
      if (it.value().is_number())
        derived += fmt::format("{}{}: {}", derived.empty() ? "" : "; ", derived_header(it.key()),
                               ratio_text(it.key(), it.value().get<double>()));
    std::vector<std::string> row{v.id};
    for (const auto& m : metric_table()) {
      if (!(m.show & kSweep)) continue;
      auto it = v.aggregate.find(m.key);
      row.push_back(it == v.aggregate.end() ? "—" : format_aggregate(it->second, m));
    }
    // The link's ASPM as read back for the variant's runs.
    std::string aspm = v.identity.aspm.state.empty() ? "—" : aspm_state_label(v.identity.aspm.state);
    auto idle = v.aggregate.find("idle_power_w");
    std::string idle_text =
        aspm_sweep && idle != v.aggregate.end() ? format_aggregate(idle->second, *find_metric("idle_power_w")) : "—";
    row.insert(row.end(), {format_value(r ? r->latency_mean_ms : std::nullopt, Hint::milliseconds), placement, aspm,
                           idle_text, derived});
    t.rows.push_back(row);
    for (const auto& run : v.runs)
      if (run.status != RunStatus::ok)
        failures.push_back(
            fmt::format("  {} run {}: {}: {}", v.id, run.index, run_status_name(run.status), run.reason));
  }
  std::ostringstream table;
  write_table_terminal(t, table);
  std::string text = table.str();
  out << text.substr(0, text.size() - 1);  // the table's closing blank line: the scope line belongs to it
  for (const auto& f : failures) out << f << "\n";
  if (!s.variants.empty() && !s.variants.front().runs.empty() &&
      s.variants.front().runs.front().status == RunStatus::ok)
    out << fmt::format("power scope {}, probe {}\n", s.variants.front().runs.front().scope,
                       s.variants.front().runs.front().probe);
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
    out << fmt::format("  {:<16} {:>10} {:>10} {:>7} {:>10} {:>10} {:>8} {:>12}\n", t.headers[0], t.headers[1],
                       t.headers[2], t.headers[3], "W", "W > idle", "% > idle", t.headers[7]);
    for (const auto& r : t.rows)
      out << fmt::format("  {:<16} {:>10} {:>10} {:>7} {:>10} {:>10} {:>8} {:>12}\n", r[0], r[1], r[2], r[3], r[4],
                         r[5], r[6], r[7]);
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
