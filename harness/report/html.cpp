// HTML report writers.
#include "harness/report/html.hpp"

#include <fmt/format.h>

#include <algorithm>

#include <map>
#include <sstream>

#include "harness/report/format.hpp"
#include "harness/report/reporters.hpp"
#include "harness/report/time_chart.hpp"
#include "harness/report/trend_chart.hpp"

namespace wb {

using svg::escape;

namespace {
const char* kStyle =
    "body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}"
    "table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}"
    "th{background:#f3f3f3}.bad{color:#b00}.note{color:#555;font-size:90%}svg{display:block;margin:10px 0}";

void head(std::ostream& out, const std::string& title, const std::string& extra_head = "") {
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" << escape(title)
      << "</title><style>" << kStyle << "</style>" << extra_head << "</head><body>\n<h1>" << escape(title) << "</h1>\n";
}

void table(std::ostream& out, const std::vector<std::string>& headers,
           const std::vector<std::vector<std::string>>& rows) {
  out << "<table><tr>";
  for (const auto& h : headers) out << "<th>" << escape(h) << "</th>";
  out << "</tr>\n";
  for (const auto& r : rows) {
    out << "<tr>";
    for (const auto& c : r) out << "<td>" << escape(c) << "</td>";
    out << "</tr>\n";
  }
  out << "</table>\n";
}
// FPS/W and FPS per time slice (each relative to the first slice, in %), the cold and
// sustained spans shaded and the throttling onset marked.
std::string slices_chart(const std::string& id, const TimeSlices& ts) {
  if (ts.slices.size() < 2) return "";
  svg::Series fps{"FPS (% of the first slice)", "%", {}}, eff{"FPS/W (% of the first slice)", "%", {}},
      power{"power (% of the first slice)", "%", {}};
  const auto& first = ts.slices.front();
  for (const auto& sl : ts.slices) {
    double mid = (sl.start_s + sl.end_s) / 2;
    if (sl.fps && first.fps) fps.points.push_back({mid, 100.0 * *sl.fps / *first.fps});
    if (sl.fps_per_w && first.fps_per_w) eff.points.push_back({mid, 100.0 * *sl.fps_per_w / *first.fps_per_w});
    if (sl.power_w && first.power_w) power.points.push_back({mid, 100.0 * *sl.power_w / *first.power_w});
  }
  std::vector<svg::Series> series;
  for (auto* x : {&fps, &eff, &power})
    if (!x->points.empty()) series.push_back(*x);
  if (series.empty()) return "";
  std::vector<svg::Band> bands;
  if (ts.cold) bands.push_back({ts.cold->start_s, ts.cold->end_s, "cold", "#cfe3ff"});
  if (ts.sustained) bands.push_back({ts.sustained->start_s, ts.sustained->end_s, "sustained", "#ffe0c2"});
  if (ts.throttling)
    bands.push_back({ts.throttling->start_s, ts.throttling->start_s + ts.slice_s / 10,
                     ts.throttling->thermal ? "throttling" : "slowdown", "#ff8080"});
  return time_chart::chart(
      id, fmt::format("Per {:g} s slice: cold, sustained{}", ts.slice_s, ts.throttling ? ", throttling onset" : ""),
      "% of first slice", series, bands, "one point per slice");
}

}  // namespace

void write_run_html(const Summary& s, const std::vector<RunPlots>& plots, std::ostream& out) {
  head(out, "wattbench · " + s.name, time_chart::page_style());
  out << "<p class=\"note\">Created " << escape(s.created) << (s.tool.empty() ? "" : " · tool " + escape(s.tool))
      << " · results " << escape(s.results_dir) << (s.interrupted ? " · <b class=\"bad\">interrupted</b>" : "")
      << "</p>\n";
  if (auto note = unfinished_note(s); !note.empty()) out << "<p class=\"bad\">" << escape(note) << "</p>\n";
  for (const auto& w : s.warnings) out << "<p class=\"bad\">warning: " << escape(w) << "</p>\n";
  if (auto health = health_rows(s); !health.empty()) {
    out << "<h2 id=\"device-health\">Device health</h2>\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : health) rows.push_back({r.run, r.what, r.detail});
    table(out, {"Run", "What", "Detail"}, rows);
  }
  std::vector<svg::Bar> variant_bars;
  for (const auto& v : s.variants) {
    out << "<h2>" << escape(headline_title(v)) << "</h2>\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : headline_rows(v)) rows.push_back({r.label, r.value, r.note});
    table(out, {"Figure", "Value", "Note"}, rows);
    std::vector<std::vector<std::string>> runs;
    std::vector<svg::Bar> bars;
    std::vector<std::string> headers{"Run", "Status"};
    for (const auto& m : metric_table())
      if (m.show & kRunTable) headers.push_back(metric_header(m));
    for (const char* h : {"Window s", "Window from", "Rate Hz"}) headers.push_back(h);
    for (const auto& r : v.runs) {
      std::vector<std::string> cells{std::to_string(r.index),
                                     r.status == RunStatus::ok
                                         ? (r.degraded ? "degraded: " + r.degraded_reason : "ok")
                                         : std::string(run_status_name(r.status)) + ": " + r.reason};
      for (const auto& m : metric_table())
        if (m.show & kRunTable) cells.push_back(format_value(m.value(r), m.hint));
      for (auto c :
           {format_value(r.window_s, Hint::seconds), r.window_source, format_value(r.sample_rate_hz, Hint::hertz)})
        cells.push_back(c);
      runs.push_back(cells);
      if (r.fps_per_w)
        bars.push_back({fmt::format("run {}", r.index), *r.fps_per_w, std::nullopt, r.degraded ? "degraded" : ""});
    }
    table(out, headers, runs);
    auto agg = v.aggregate.find("fps_per_w");
    if (agg != v.aggregate.end() && agg->second.mean) {
      bars.push_back({"mean (95 % CI)", *agg->second.mean, agg->second.ci95, ""});
      // A campaign's variants are cards: named by what they measured, not by the folder id.
      variant_bars.push_back({s.device.empty() ? identity_label(v.identity) : v.id, *agg->second.mean, agg->second.ci95,
                              v.runs.empty() ? "" : v.runs.front().scope});
    }
    if (!bars.empty()) out << svg::bar_chart("repeats-" + v.id, "FPS/W per repeat", "FPS/W", bars);
    for (const auto& p : plots) {
      if (p.variant != v.id) continue;
      out << "<h3>Run " << p.index << "</h3>\n";
      out << time_chart::chart(fmt::format("power-{}-{}", v.id, p.index), "Power", "W", p.power, p.bands,
                               p.power_resolution);
      if (!p.temperature.empty())
        out << time_chart::chart(fmt::format("temperature-{}-{}", v.id, p.index), "Temperature", "°C", p.temperature,
                                 p.bands, p.temperature_resolution);
      auto run = std::find_if(v.runs.begin(), v.runs.end(), [&](const RunRecord& r) { return r.index == p.index; });
      if (run != v.runs.end() && run->slices)
        out << slices_chart(fmt::format("slices-{}-{}", v.id, p.index), *run->slices);
    }
  }
  if (s.variants.size() > 1) out << svg::bar_chart("variants", "FPS/W by variant", "FPS/W", variant_bars);
  for (std::size_t i = 0; i < s.load_curves.size(); ++i) {
    const auto& c = s.load_curves[i];
    auto t = load_curve_table(c);
    out << "<h2 id=\"load-curve-" << i << "\">" << escape(t.title) << "</h2>\n";
    // Power and power above idle against the achieved rate, idle at 0 FPS.
    svg::Series power{"power", "W", {}}, above{"above idle", "W", {}};
    for (const auto& p : c.points) {
      if (p.fps && p.power_w) power.points.push_back({*p.fps, *p.power_w});
      if (p.fps && p.dynamic_power_w) above.points.push_back({*p.fps, *p.dynamic_power_w});
    }
    std::vector<svg::Series> series{power};
    if (!above.points.empty()) series.push_back(above);
    out << svg::line_chart(fmt::format("load-curve-{}", i), "Power against achieved rate", "W", series, {}, 900, 260,
                           "achieved FPS");
    table(out, t.headers, t.rows);
    for (const auto& n : t.notes) out << "<p class=\"note\">" << escape(n) << "</p>\n";
  }
  out << "<p class=\"note\">Shaded: idle phase (grey), the tool's lifetime (blue), the measured window (green). "
         "± is the 95 % confidence interval over repeats. Time plots: drag to zoom, shift-drag to pan, double-click to "
         "reset; the legend reads the values under the cursor.</p>\n"
      << time_chart::page_script() << "</body></html>\n";
}

void write_failed_html(const Summary& s, const std::string& reason, std::ostream& out) {
  head(out, "wattbench · " + s.name + " · report failed");
  out << "<p class=\"bad\">report failed: " << escape(reason) << "</p>\n"
      << "<p class=\"note\">No figures are shown here so that none goes stale; summary.json and summary.md in "
      << escape(s.results_dir)
      << " hold them. Fix the cause and run <code>wattbench report</code> again.</p>\n</body></html>\n";
}

void write_compare_html(const std::vector<CompareRow>& rows, const CompareOptions& opt, std::ostream& out) {
  head(out, "wattbench · comparison");
  std::vector<svg::Bar> bars;
  for (const auto& r : rows)
    if (const auto& eff = r.stat("fps_per_w"); eff.mean)
      bars.push_back(
          {r.accelerator + (r.variant == "default" ? "" : " · " + r.variant), *eff.mean, eff.ci95, "scope " + r.scope});
  out << svg::bar_chart("fps-per-w", "Efficiency", "FPS/W", bars);
  for (const auto& t : compare_tables(rows, opt)) {
    out << "<h2>" << escape(t.title) << "</h2>\n";
    table(out, t.headers, t.rows);
    for (const auto& n : t.notes) out << "<p class=\"note\">" << escape(n) << "</p>\n";
  }
  out << "</body></html>\n";
}

void write_trend_html(const std::vector<TrendSeries>& series, std::ostream& out) {
  head(out, "wattbench · trend");
  std::vector<std::string> metrics = series.empty() ? std::vector<std::string>{} : series.front().metrics;
  for (const auto& key : metrics) out << trend_chart_svg(series, key);
  for (const auto& t : trend_tables(series)) {
    out << "<h2>" << escape(t.title) << "</h2>\n";
    table(out, t.headers, t.rows);
    for (const auto& n : t.notes) out << "<p class=\"note\">" << escape(n) << "</p>\n";
  }
  out << "<p>" << escape(trend_status(series)) << "</p>\n";
  out << "</body></html>\n";
}

}  // namespace wb
