// Trend chart: x = creation time (ticks labelled with the dates), y = the metric.
#include "harness/report/trend_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "harness/metrics/metric_table.hpp"
#include "harness/report/format.hpp"
#include "harness/report/svg.hpp"

namespace wb {

std::string trend_chart_svg(const std::vector<TrendSeries>& series, const std::string& key, int width, int height) {
  static const char* colors[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                 "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};
  const Metric& m = *find_metric(key);
  const double ml = 70, mr = 20, mt = 30, mb = 80;
  double t0 = INFINITY, t1 = -INFINITY, v0 = INFINITY, v1 = -INFINITY;
  for (const auto& s : series)
    for (const auto& p : s.points) {
      const Stats& st = p.row->stat(key);
      auto v = aggregate_value(st, m);
      if (!v) continue;
      double ci = m.aggregate == Aggregate::mean_ci ? st.ci95.value_or(0) : 0;
      t0 = std::min(t0, p.epoch_s);
      t1 = std::max(t1, p.epoch_s);
      v0 = std::min(v0, *v - ci);
      v1 = std::max(v1, *v + ci);
    }
  std::string title = metric_header(m) + " by date";
  std::string out = fmt::format(
      "<svg data-plot=\"trend-{}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} "
      "{}\">\n",
      svg::escape(key), width, height, width, height);
  out +=
      fmt::format("<text x=\"{}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{}</text>\n", ml, svg::escape(title));
  if (t1 < t0) return out + "<text x=\"60\" y=\"60\">no data</text></svg>\n";
  if (t1 == t0) {
    t0 -= 43200;
    t1 += 43200;
  }
  double pad = (v1 - v0) * 0.08 + std::abs(v1) * 1e-6 + 1e-12;
  v0 -= pad;
  v1 += pad;
  auto X = [&](double t) { return ml + (t - t0) / (t1 - t0) * (width - ml - mr); };
  auto Y = [&](double v) { return mt + (1 - (v - v0) / (v1 - v0)) * (height - mt - mb); };
  out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#888\"/>\n", ml, mt, height - mb);
  out +=
      fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#888\"/>\n", ml, height - mb, width - mr);
  for (int i = 0; i <= 4; ++i) {
    double v = v0 + (v1 - v0) * i / 4;
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"10\" text-anchor=\"end\">{:.4g}</text>\n", ml - 4,
                       Y(v) + 3, v);
  }
  // Date ticks: every distinct result time, thinned to about ten.
  std::set<std::pair<double, std::string>> ticks;
  for (const auto& s : series)
    for (const auto& p : s.points) ticks.insert({p.epoch_s, created_date(p.row->created)});
  std::size_t step = std::max<std::size_t>(1, (ticks.size() + 9) / 10), k = 0;
  for (const auto& [t, label] : ticks) {
    if (k++ % step) continue;
    out += fmt::format(
        "<text data-date=\"{0}\" x=\"{1:.1f}\" y=\"{2:.1f}\" font-size=\"10\" text-anchor=\"end\" "
        "transform=\"rotate(-35 {1:.1f} {2:.1f})\">{0}</text>\n",
        svg::escape(label), X(t), height - mb + 14);
  }
  out +=
      fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">date (result created)</text>\n",
                  (ml + width - mr) / 2, height - 6);
  std::size_t ci = 0;
  for (const auto& s : series) {
    const char* color = colors[ci++ % (sizeof colors / sizeof *colors)];
    std::string path;
    out += fmt::format("<g data-series=\"{}\">\n", svg::escape(s.label));
    for (const auto& p : s.points) {
      const Stats& st = p.row->stat(key);
      auto v = aggregate_value(st, m);
      if (!v) continue;
      double x = X(p.epoch_s), y = Y(*v);
      path += fmt::format("{}{:.1f},{:.1f}", path.empty() ? "" : " ", x, y);
      if (m.aggregate == Aggregate::mean_ci && st.ci95 && *st.ci95 > 0) {
        double ya = Y(*v - *st.ci95), yb = Y(*v + *st.ci95);
        out += fmt::format(
            "<path class=\"ci\" d=\"M{0:.1f},{1:.1f}V{2:.1f}M{3:.1f},{1:.1f}H{4:.1f}M{3:.1f},{2:.1f}H{4:.1f}\" "
            "stroke=\"{5}\" fill=\"none\"/>\n",
            x, ya, yb, x - 3, x + 3, color);
      }
      out += fmt::format(
          "<circle data-date=\"{}\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"><title>{}: {}</title></circle>\n",
          svg::escape(created_date(p.row->created)), x, y, color, svg::escape(s.label),
          svg::escape(format_aggregate(st, m)));
    }
    out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"/>\n", path, color);
    for (const auto& sh : s.shifts)
      if (sh.metric == key) {
        double x = X(s.points[sh.index].epoch_s);
        out += fmt::format(
            "<line class=\"shift\" x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"{3}\" "
            "stroke-dasharray=\"4 3\"/>\n",
            x, mt, height - mb, color);
      }
    out += "</g>\n";
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{}\">{}</text>\n", ml + 8, mt + 4 + 13 * ci,
                       color, svg::escape(s.label));
  }
  return out + "</svg>\n";
}

}  // namespace wb
