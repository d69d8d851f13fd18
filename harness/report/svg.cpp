// SVG chart rendering with "nice" axis ticks.
#include "harness/report/svg.hpp"

#include <fmt/format.h>

#include "harness/report/format.hpp"
#include "harness/report/table.hpp"

#include <algorithm>
#include <cmath>

namespace wb::svg {

std::string escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '&':
        o += "&amp;";
        break;
      case '"':
        o += "&quot;";
        break;
      case '\'':
        o += "&#39;";
        break;
      default:
        o += c;
    }
  }
  return o;
}

namespace {
const char* kColors[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"};

std::vector<double> ticks(double lo, double hi, int target = 5) {
  if (!(hi > lo)) hi = lo + 1;
  double raw = (hi - lo) / target, mag = std::pow(10, std::floor(std::log10(raw)));
  double step = mag * (raw / mag < 1.5 ? 1 : raw / mag < 3 ? 2 : raw / mag < 7 ? 5 : 10);
  std::vector<double> t;
  for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    t.push_back(std::abs(v) < step * 1e-9 ? 0 : v);
  return t;
}
}  // namespace

std::string line_chart(const std::string& id, const std::string& title, const std::string& y_label,
                       const std::vector<Series>& series, const std::vector<Band>& bands, int width, int height,
                       const std::string& x_label) {
  const double ml = 60, mr = 15, mt = 28, mb = 40;
  double t0 = 1e300, t1 = -1e300, v0 = 1e300, v1 = -1e300;
  for (const auto& s : series)
    for (const auto& [t, v] : s.points) {
      t0 = std::min(t0, t);
      t1 = std::max(t1, t);
      v0 = std::min(v0, v);
      v1 = std::max(v1, v);
    }
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" data-plot=\"{}\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "role=\"img\" aria-label=\"{}\">\n",
      escape(id), width, height, width, height, escape(title));
  out += fmt::format("<text x=\"{}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{}</text>\n", ml, escape(title));
  if (t1 < t0) return out + "<text x=\"60\" y=\"60\">no data</text></svg>\n";
  double pad = (v1 - v0) * 0.08 + 1e-9;
  v0 = v0 - pad < 0 && v0 >= 0 ? 0 : v0 - pad;
  v1 += pad;
  auto X = [&](double t) { return ml + (t - t0) / (t1 - t0 + 1e-12) * (width - ml - mr); };
  auto Y = [&](double v) { return mt + (1 - (v - v0) / (v1 - v0)) * (height - mt - mb); };
  for (const auto& b : bands) {
    double a = std::clamp(X(b.t0), ml, width - mr), e = std::clamp(X(b.t1), ml, width - mr);
    if (e <= a) continue;
    out += fmt::format(
        "<rect data-band=\"{}\" x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\" opacity=\"0.35\"/>\n",
        escape(b.label), a, mt, e - a, height - mt - mb, escape(b.color));
    out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"10\" fill=\"#444\">{}</text>\n", a + 2, mt + 11,
                       escape(b.label));
  }
  for (double v : ticks(v0, v1)) {
    out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#ddd\"/>", ml, width - mr, Y(v),
                       Y(v));
    out += fmt::format("<text x=\"{}\" y=\"{:.1f}\" font-size=\"10\" text-anchor=\"end\">{:g}</text>\n", ml - 4,
                       Y(v) + 3, v);
  }
  for (double t : ticks(t0, t1, 8))
    out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{:g}</text>\n", X(t),
                       height - mb + 14, t);
  out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>\n",
                     (ml + width - mr) / 2, height - 6, escape(x_label));
  out += fmt::format(
      "<text x=\"12\" y=\"{}\" font-size=\"11\" transform=\"rotate(-90 12 {})\" text-anchor=\"middle\">{}</text>\n",
      (mt + height - mb) / 2, (mt + height - mb) / 2, escape(y_label));
  out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#888\"/>\n", ml, mt,
                     width - ml - mr, height - mt - mb);
  for (std::size_t i = 0; i < series.size(); ++i) {
    const char* color = kColors[i % std::size(kColors)];
    std::string pts;
    pts.reserve(series[i].points.size() * 14);
    for (const auto& [t, v] : series[i].points) pts += fmt::format("{:.1f},{:.1f} ", X(t), Y(v));
    out +=
        fmt::format("<polyline data-series=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.2\" points=\"{}\"/>\n",
                    escape(series[i].name), color, pts);
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{}\" text-anchor=\"end\">{} ({})</text>\n",
                       width - mr - 4, mt + 14 + 13 * static_cast<int>(i), color, escape(series[i].name),
                       escape(series[i].unit));
  }
  return out + "</svg>\n";
}

std::string bar_chart(const std::string& id, const std::string& title, const std::string& unit,
                      const std::vector<Bar>& bars, int width) {
  // Margins from the texts they hold, so neither the labels on the left nor the value beside
  // the longest bar runs off the picture (an 11 px sans-serif glyph is at most ~7 px wide).
  constexpr double kGlyph = 7.0;
  auto value_text = [](const Bar& b) {
    return (b.ci ? with_uncertainty(b.value, *b.ci, 2) : fmt::format("{:.4g}", b.value)) +
           (b.note.empty() ? "" : "  " + b.note);
  };
  double ml = 60, mr = 40;
  for (const auto& b : bars) {
    ml = std::max(ml, 12 + kGlyph * static_cast<double>(display_width(b.label)));
    mr = std::max(mr, 12 + kGlyph * static_cast<double>(display_width(value_text(b))));
  }
  ml = std::min(ml, width * 0.4);
  mr = std::min(mr, width * 0.4);
  // A label longer than its margin is cut with "…" (the full text in the bar's tooltip).
  auto fitted = [&](const std::string& label) {
    auto glyphs = static_cast<std::size_t>((ml - 12) / kGlyph);
    if (display_width(label) <= glyphs) return label;
    std::string out;
    std::size_t n = 0;
    for (std::size_t i = 0; i < label.size(); ++i) {
      bool starts = (static_cast<unsigned char>(label[i]) & 0xC0) != 0x80;
      if (starts && ++n > glyphs - 1) break;
      out += label[i];
    }
    return out + "…";
  };
  const double row = 26, mt = 30;
  int height = static_cast<int>(mt + row * static_cast<double>(bars.size()) + 30);
  double vmax = 0;
  for (const auto& b : bars) vmax = std::max(vmax, b.value + b.ci.value_or(0));
  if (vmax <= 0) vmax = 1;
  auto X = [&](double v) { return ml + v / vmax * (width - ml - mr); };
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" data-plot=\"{}\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "role=\"img\" aria-label=\"{}\">\n",
      escape(id), width, height, width, height, escape(title));
  out += fmt::format("<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{} ({})</text>\n", escape(title),
                     escape(unit));
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto& b = bars[i];
    double y = mt + row * static_cast<double>(i);
    out += fmt::format("<text x=\"{}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"end\">{}<title>{}</title></text>",
                       ml - 6, y + 15, escape(fitted(b.label)), escape(b.label));
    out += fmt::format("<rect data-bar=\"{}\" x=\"{}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"/>",
                       escape(b.label), ml, y + 3, std::max(0.0, X(b.value) - ml), row - 8,
                       kColors[i % std::size(kColors)]);
    if (b.ci) {
      double a = X(std::max(0.0, b.value - *b.ci)), e = X(b.value + *b.ci), ym = y + 3 + (row - 8) / 2.0;
      out +=
          fmt::format("<line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#000\"/>", a, e, ym, ym);
      out += fmt::format("<line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#000\"/>", a, a,
                         ym - 4, ym + 4);
      out += fmt::format("<line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#000\"/>", e, e,
                         ym - 4, ym + 4);
    }
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\">{}</text>\n",
                       X(b.value + b.ci.value_or(0)) + 6, y + 15, escape(value_text(b)));
  }
  return out + "</svg>\n";
}

}  // namespace wb::svg
