// Markdown reporter: summary.md, one table per variant plus the per-run table.
#include <fmt/format.h>

#include <string>

#include "harness/report/format.hpp"
#include "harness/report/reporters.hpp"

namespace wb {

namespace {
}  // namespace

void write_markdown(const Summary& s, std::ostream& out) {
  out << "# " << markdown_escape(s.name) << "\n\n";
  out << "Created " << s.created << " · tool `" << s.tool << "`\n\n";
  for (const auto& v : s.variants) {
    out << "## " << markdown_escape(headline_title(s, v)) << "\n\n";
    out << "| Figure | Value | Note |\n|---|---|---|\n";
    for (const auto& row : headline_rows(s, v))
      out << "| " << markdown_escape(row.label) << " | " << markdown_escape(row.value) << " | " << markdown_escape(row.note) << " |\n";
    out << "\n| Run | Status | FPS | Power (W) | FPS/W | Idle (W) | Window (s) | Rate (Hz) | Error vs truth (%) |\n";
    out << "|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& r : v.runs)
      out << fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", r.index,
                         markdown_escape(r.status == "ok" ? r.status : r.status + ": " + r.reason), format_value(r.fps, Hint::fps),
                         format_value(r.power_w, Hint::watts), format_value(r.fps_per_w, Hint::fps_per_watt),
                         format_value(r.idle_power_w, Hint::watts), format_value(r.window_s, Hint::seconds),
                         format_value(r.sample_rate_hz, Hint::hertz),
                         r.fps_per_w_error_pct ? fmt::format("{:+.3f}", *r.fps_per_w_error_pct) : "—");
    out << "\n";
  }
}

}  // namespace wb
