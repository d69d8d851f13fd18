// Interactive time plots for report.html: one dygraphs chart per plot (drag to zoom, shift-drag
// to pan, double-click to reset, a legend reading the values under the cursor), data and bands
// inlined as JSON, so the page stays one file that works offline.
#pragma once
#include <string>
#include <vector>

#include "harness/report/svg.hpp"

namespace wb::time_chart {

// A <figure data-plot="id"> with its data; the chart is drawn by page_script().
std::string chart(const std::string& id, const std::string& title, const std::string& y_label,
                  const std::vector<svg::Series>& series, const std::vector<svg::Band>& bands, const std::string& note);
// The dygraphs CSS, for <head>.
std::string page_style();
// dygraphs itself and the code that draws every chart of the page; once, at the end of <body>.
std::string page_script();

}  // namespace wb::time_chart
