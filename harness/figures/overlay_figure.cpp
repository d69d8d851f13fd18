// Overlay figure: shared axes, one polyline per card.
#include "harness/figures/overlay_figure.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "harness/figures/bar_figure.hpp"
#include "harness/report/svg.hpp"
#include "harness/util/csv_cell.hpp"

namespace wb::figures {

std::string overlay_svg(const OverlayFigure& f) {
  using svg::escape;
  const double W = 960, ml = 96, mr = 24;
  std::vector<LegendEntry> entries;
  for (const auto& s : f.series) entries.push_back({s.card_id, s.card_label, s.colour});
  double ly = 66;
  const std::string legend = card_legend(entries, ml, W - mr, ly);
  const double mt = ly + 24, mb = f.missing.empty() ? 80 : 106, H = mt + 360 + mb, plot_h = H - mt - mb,
               plot_w = W - ml - mr;
  double t1 = 0, v1 = 0;
  for (const auto& s : f.series)
    for (const auto& [t, v] : s.points) t1 = std::max(t1, t), v1 = std::max(v1, v);
  auto vt = axis_ticks(0, v1 * 1.08), tt = axis_ticks(0, t1);
  double vtop = vt.back(), ttop = std::max(tt.back(), 1e-9);
  auto X = [&](double t) { return ml + t / ttop * plot_w; };
  auto Y = [&](double v) { return mt + (1 - v / vtop) * plot_h; };
  std::string out = svg_head(f.id, f.title, W, H, ml);
  out += legend;
  for (double v : vt)
    out += fmt::format(
        "<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#dddddd\"/><text x=\"{}\" y=\"{:.1f}\" "
        "font-size=\"15\" "
        "text-anchor=\"end\">{:g}</text>\n",
        ml, W - mr, Y(v), Y(v), ml - 8, Y(v) + 5, v);
  for (double t : tt)
    if (t <= ttop + 1e-9)
      out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"15\" text-anchor=\"middle\">{:g}</text>\n", X(t),
                         mt + plot_h + 22, t);
  out += fmt::format(
      "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"17\" text-anchor=\"middle\">time since the measured window's start "
      "(s)</text>\n",
      ml + plot_w / 2, mt + plot_h + 50);
  out += fmt::format(
      "<text x=\"24\" y=\"{:.1f}\" font-size=\"17\" transform=\"rotate(-90 24 {:.1f})\" "
      "text-anchor=\"middle\">{}</text>\n",
      mt + plot_h / 2, mt + plot_h / 2, escape(f.axis));
  out +=
      fmt::format("<rect x=\"{}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"none\" stroke=\"#888888\"/>\n",
                  ml, mt, plot_w, plot_h);
  if (!f.missing.empty()) {
    std::string names;
    for (const auto& m : f.missing) names += (names.empty() ? "" : ", ") + m;
    out += fmt::format(
        "<text data-missing=\"\" x=\"{}\" y=\"{:.1f}\" font-size=\"14\" fill=\"#333333\">No measured window (refused, "
        "failed "
        "or not run): {}</text>\n",
        ml, H - 12, escape(names));
  }
  for (const auto& s : f.series) {
    std::string pts;
    for (const auto& [t, v] : s.points) pts += fmt::format("{:.1f},{:.1f} ", X(t), Y(v));
    out += fmt::format("<polyline data-card=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"{}\"/>\n",
                       escape(s.card_id), card_colour(s.colour), pts);
  }
  return out + "</svg>\n";
}

std::string overlay_csv(const OverlayFigure& f) {
  std::string out = "card,card_id,run,t_s,power_w\n";
  for (const auto& s : f.series)
    for (const auto& [t, v] : s.points)
      out +=
          fmt::format("{},{},{},{:.6f},{:.9g}\n", csv_cell(s.card_label), csv_cell(s.card_id), csv_cell(s.run), t, v);
  return out;
}

}  // namespace wb::figures
