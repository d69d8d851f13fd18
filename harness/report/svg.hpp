// Inline SVG charts for the HTML reports: no scripts, no external resources.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "harness/trace/downsample.hpp"

namespace wb::svg {

std::string escape(const std::string& text);  // for HTML and SVG text and attributes

struct Series {
  std::string name, unit;
  std::vector<PlotPoint> points;
};
struct Band {  // a shaded time span, e.g. the idle phase or the measured window
  double t0, t1;
  std::string label, color;
};

// id names the plot (data-plot attribute) so tests can find it.
std::string line_chart(const std::string& id, const std::string& title, const std::string& y_label,
                       const std::vector<Series>& series, const std::vector<Band>& bands, int width = 900,
                       int height = 260, const std::string& x_label = "time (s)");

struct Bar {
  std::string label;
  double value = 0;
  std::optional<double> ci;  // ± whisker
  std::string note;
};
std::string bar_chart(const std::string& id, const std::string& title, const std::string& unit,
                      const std::vector<Bar>& bars, int width = 900);

}  // namespace wb::svg
