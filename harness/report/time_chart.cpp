// dygraphs time plots: the figure markup, the data as JSON rows, and the page's drawing code.
#include "harness/report/time_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "harness/report/dygraphs_lib.hpp"

namespace wb::time_chart {

namespace {
// A JSON string safe inside <script>: "</" would end the element early.
std::string js_string(const std::string& s) {
  std::string j = nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    out += j[i];
    if (j[i] == '<' && i + 1 < j.size() && j[i + 1] == '/') out += "\\";
  }
  return out;
}

std::string number(double v) { return std::isfinite(v) ? fmt::format("{}", v) : "null"; }

// Series with their own time stamps merged into dygraphs rows [t, v1, v2, …], sorted by t; a
// series without a sample at t has null there (drawn across by connectSeparatedPoints).
std::string rows_json(const std::vector<svg::Series>& series) {
  struct Cell {
    double t, v;
    std::size_t series;
  };
  std::vector<Cell> cells;
  for (std::size_t i = 0; i < series.size(); ++i)
    for (const auto& [t, v] : series[i].points) cells.push_back({t, v, i});
  std::stable_sort(cells.begin(), cells.end(), [](const Cell& a, const Cell& b) { return a.t < b.t; });
  std::string out = "[";
  out.reserve(cells.size() * (20 + 6 * series.size()));
  for (std::size_t k = 0; k < cells.size(); ++k) {
    out += k ? ",[" : "[";
    out += number(cells[k].t);
    for (std::size_t i = 0; i < series.size(); ++i) out += i == cells[k].series ? "," + number(cells[k].v) : ",null";
    out += "]";
  }
  return out + "]";
}
}  // namespace

std::string chart(const std::string& id, const std::string& title, const std::string& y_label,
                  const std::vector<svg::Series>& series, const std::vector<svg::Band>& bands,
                  const std::string& note) {
  std::string labels = js_string("t (s)"), key, band_json;
  for (const auto& s : series) labels += "," + js_string(s.unit.empty() ? s.name : s.name + " (" + s.unit + ")");
  for (const auto& b : bands) {
    band_json += fmt::format("{}[{},{},{},{}]", band_json.empty() ? "" : ",", number(b.t0), number(b.t1),
                             js_string(b.label), js_string(b.color));
    key += fmt::format(" <span class=\"tc-band\" style=\"background:{}\">{}</span>", svg::escape(b.color),
                       svg::escape(b.label));
  }
  std::string out = fmt::format(
      "<figure class=\"tc\" id=\"plot-{0}\" data-plot=\"{0}\">\n<figcaption><b>{1}</b>{2}{3}</figcaption>\n",
      svg::escape(id), svg::escape(title),
      note.empty() ? "" : " · <span class=\"note\">" + svg::escape(note) + "</span>", key);
  if (series.empty()) return out + "<p class=\"note\">no data</p></figure>\n";
  out += "<div class=\"tc-graph\"></div><div class=\"tc-legend\"></div>\n<script type=\"application/json\">";
  out += fmt::format("{{\"ylabel\":{},\"labels\":[{}],\"bands\":[{}],\"rows\":{}}}", js_string(y_label), labels,
                     band_json, rows_json(series));
  return out +
         "</script>\n<noscript>JavaScript is off: the plot needs it (the data are in the run folder's CSV "
         "traces).</noscript></figure>\n";
}

std::string page_style() {
  return std::string("<style>") + dygraphs::kLibraryCss +
         "</style><style>figure.tc{margin:14px "
         "0}.tc-graph{width:900px;height:260px}.tc-legend{font-size:85%;min-height:1.3em}"
         ".tc-band{padding:0 5px;margin-left:4px;font-size:85%}</style>";
}

std::string page_script() {
  return std::string("<script>") + dygraphs::kLibraryJs + "</script>\n<script>" + R"js(
(function () {
  'use strict';
  var graphs = {};
  document.querySelectorAll('figure.tc').forEach(function (fig) {
    var data = fig.querySelector('script[type="application/json"]');
    if (!data) return;
    var d = JSON.parse(data.textContent);
    // Drag zooms, shift-drag pans, double-click resets: dygraphs' default interaction.
    graphs[fig.dataset.plot] = new Dygraph(fig.querySelector('.tc-graph'), d.rows, {
      labels: d.labels, ylabel: d.ylabel, xlabel: 'time (s)', legend: 'always',
      labelsDiv: fig.querySelector('.tc-legend'), connectSeparatedPoints: true, digitsAfterDecimal: 3,
      strokeWidth: 1.2, colors: ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf'],
      underlayCallback: function (ctx, area, g) {
        var drawn = [];
        d.bands.forEach(function (b) {
          var x0 = Math.max(area.x, g.toDomXCoord(b[0])), x1 = Math.min(area.x + area.w, g.toDomXCoord(b[1]));
          if (x1 <= x0) return;
          ctx.globalAlpha = 0.35; ctx.fillStyle = b[3]; ctx.fillRect(x0, area.y, x1 - x0, area.h);
          ctx.globalAlpha = 1; ctx.fillStyle = '#444'; ctx.font = '10px sans-serif'; ctx.fillText(b[2], x0 + 2, area.y + 11);
          drawn.push(b[2]);
        });
        fig.dataset.bandsDrawn = drawn.join(',');  // what this draw shaded, for tests
      },
      drawCallback: function (g) { var r = g.xAxisRange(); fig.dataset.xRange = r[0] + ':' + r[1]; }
    });
    fig.dataset.rows = graphs[fig.dataset.plot].numRows();
  });
  // Test hook (tests/browser_report.sh), a no-op otherwise: report.html#zoom=PLOT:T0:T1:T zooms
  // PLOT to [T0, T1] through dygraphs, selects the sample nearest T and copies the legend's
  // readout into the figure's data-readout, where a DOM dump can read it.
  var m = /^#zoom=([^:]+):([^:]+):([^:]+):([^:]+)$/.exec(location.hash), g = m && graphs[m[1]];
  if (!g) return;
  var t = Number(m[4]), lo = 0, hi = g.numRows() - 1;
  g.updateOptions({dateWindow: [Number(m[2]), Number(m[3])]});
  while (hi - lo > 1) { var mid = (lo + hi) >> 1; if (g.getValue(mid, 0) <= t) lo = mid; else hi = mid; }
  g.setSelection(Math.abs(g.getValue(hi, 0) - t) < Math.abs(g.getValue(lo, 0) - t) ? hi : lo);
  var fig = document.getElementById('plot-' + m[1]);
  fig.dataset.readout = fig.querySelector('.tc-legend').textContent;
})();
)js" + "</script>\n";
}

}  // namespace wb::time_chart
