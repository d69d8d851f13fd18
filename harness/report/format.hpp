// Formatting hints for metric values: one table, so adding a metric touches no reporter.
#pragma once
#include <optional>
#include <string>

#include "harness/analysis/stats.hpp"
#include "harness/metrics/hint.hpp"
#include "harness/metrics/metric_table.hpp"

namespace wb {

const char* unit_of(Hint h);
// Value with sensible rounding, no unit; "—" when missing.
std::string format_value(std::optional<double> v, Hint h);
// The number format policy: a value with an uncertainty is printed to the digit of its
// uncertainty, which keeps 1 significant digit (2 where it starts with 1 or 2): "1009.5 ± 1.2",
// "160.4 ± 0.8", "1230 ± 60". Without one, the metric's own resolution (format_value).
int uncertainty_decimals(double u);  // decimal places; negative: tens, hundreds, ...
std::string with_uncertainty(double mean, double u, int fallback_decimals);
// "1009.5 ± 1.2" (95 % CI) when n ≥ 2, else the value alone.
std::string format_stats(const Stats& s, Hint h);
// Tool and config text must not break a Markdown table or inject markup.
std::string markdown_escape(const std::string& text);
// A metric's aggregate as reporters print it: mean ± CI, or the largest repeat ("max").
std::string format_aggregate(const Stats& s, const Metric& m);
// The same with the metric's unit after it, for headline rows; "—" when missing.
std::string format_aggregate_with_unit(const Stats& s, const Metric& m);
// The figure an aggregate stands for (mean, or max for a max aggregate).
std::optional<double> aggregate_value(const Stats& s, const Metric& m);
// Column header: "Power (W)".
std::string metric_header(const Metric& m);

}  // namespace wb
