// Markdown reporter: summary.md, one table per variant plus the per-run table.
#include <fmt/format.h>

#include <algorithm>

#include <string>
#include <vector>

#include "harness/report/format.hpp"
#include "harness/report/reporters.hpp"

namespace wb {

namespace {
void write_slices_table(const RunRecord& r, std::ostream& out) {
  const auto& ts = *r.slices;
  out << fmt::format("### Time slices (run {}, {:g} s each; FPS from {})\n\n", r.index, ts.slice_s,
                     markdown_escape(ts.fps_source));
  out << "| From (s) | FPS | Power (W) | FPS/W | Temperature (°C) |\n|---|---|---|---|---|\n";
  for (const auto& sl : ts.slices) {
    std::optional<double> hottest;
    for (const auto& [ch, c] : sl.temps_c) hottest = hottest ? std::max(*hottest, c) : c;
    out << fmt::format("| {:.0f} | {} | {} | {} | {} |\n", sl.start_s - ts.slices.front().start_s,
                       format_value(sl.fps, find_metric("fps")->hint), format_value(sl.power_w, Hint::watts),
                       format_value(sl.fps_per_w, find_metric("fps_per_w")->hint),
                       format_value(hottest, Hint::celsius));
  }
  out << "\n";
}
}  // namespace

void write_markdown(const Summary& s, std::ostream& out) {
  out << "# " << markdown_escape(s.name) << "\n\n";
  out << "Created " << s.created << (s.tool.empty() ? "" : " · tool `" + s.tool + "`") << "\n\n";
  if (auto note = unfinished_note(s); !note.empty()) out << "**" << markdown_escape(note) << "**\n\n";
  for (const auto& w : s.warnings) out << "**Warning:** " << markdown_escape(w) << "\n\n";
  for (const auto& v : s.variants) {
    out << "## " << markdown_escape(headline_title(v)) << "\n\n";
    out << "| Figure | Value | Note |\n|---|---|---|\n";
    for (const auto& row : headline_rows(v))
      out << "| " << markdown_escape(row.label) << " | " << markdown_escape(row.value) << " | "
          << markdown_escape(row.note) << " |\n";
    std::vector<const Metric*> cols;
    for (const auto& m : metric_table())
      if (m.show & kRunTable) cols.push_back(&m);
    out << "\n| Run | Status |";
    for (const auto* m : cols) out << " " << markdown_escape(metric_header(*m)) << " |";
    out << " Window (s) | Rate (Hz) | Error vs truth (%) |\n|---|---|";
    for (std::size_t i = 0; i < cols.size(); ++i) out << "---|";
    out << "---|---|---|\n";
    for (const auto& r : v.runs) {
      out << fmt::format(
          "| {} | {} |", r.index,
          markdown_escape(r.status == RunStatus::ok ? std::string("ok")
                                                    : std::string(run_status_name(r.status)) + ": " + r.reason));
      for (const auto* m : cols) out << " " << format_value(m->value(r), m->hint) << " |";
      out << fmt::format(" {} | {} | {} |\n", format_value(r.window_s, Hint::seconds),
                         format_value(r.sample_rate_hz, Hint::hertz),
                         r.fps_per_w_error_pct ? fmt::format("{:+.3f}", *r.fps_per_w_error_pct) : "—");
    }
    out << "\n";
    for (const auto& r : v.runs)
      if (r.status == RunStatus::ok && r.slices && r.slices->slices.size() > 1) {
        write_slices_table(r, out);
        break;  // the first run's; the others are in summary.json
      }
  }
  for (const auto& c : s.load_curves) write_table_markdown(load_curve_table(c), out);
  if (auto health = health_rows(s); !health.empty()) {
    Table t{"Device health", {"Run", "What", "Detail"}, {}, {}};
    for (const auto& r : health) t.rows.push_back({r.run, r.what, r.detail});
    write_table_markdown(t, out);
  }
}

}  // namespace wb
