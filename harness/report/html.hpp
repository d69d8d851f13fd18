// Self-contained HTML reports, no network: report.html of a results folder (its time plots
// interactive, dygraphs inlined; bar charts SVG), and `compare --format html` (inline SVG, no
// scripts). Every text from tools and configs is escaped.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "harness/report/compare.hpp"
#include "harness/report/summary.hpp"
#include "harness/report/svg.hpp"
#include "harness/report/trend.hpp"

namespace wb {

struct RunPlots {
  std::string variant;
  int index = 0;
  std::vector<svg::Series> power, temperature;
  std::vector<svg::Band> bands;                          // idle, tool, measured window
  std::string power_resolution, temperature_resolution;  // "full resolution…" or "min/max of 4000 columns…"
};

void write_run_html(const Summary& s, const std::vector<RunPlots>& plots, std::ostream& out);
// Stands in for report.html when it cannot be made: says why, and shows no figure that could be stale.
void write_failed_html(const Summary& s, const std::string& reason, std::ostream& out);
void write_compare_html(const std::vector<CompareRow>& rows, const CompareOptions& opt, std::ostream& out);
void write_trend_html(const std::vector<TrendSeries>& series, std::ostream& out);

}  // namespace wb
