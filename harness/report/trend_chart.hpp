// The trend chart of `compare --trend --format html`: one line per series over the results'
// dates, each point with its repeats' 95 % interval as an error bar, shifts marked. Inline SVG.
#pragma once
#include <string>
#include <vector>

#include "harness/report/trend.hpp"

namespace wb {

std::string trend_chart_svg(const std::vector<TrendSeries>& series, const std::string& metric, int width = 900,
                            int height = 320);

}  // namespace wb
