// `compare --trend`: nightly history, one series per identity (harness/identity), never a chain
// across cards. Each point is judged against the series' baseline (its first point, or the
// --baseline result of the same identity) and against the point before it; change points
// (harness/analysis/change_points.hpp) over each gated metric name the night a shift began.
// The gate fails only on the latest point: worse than the baseline, or in a segment worse than
// the one before it, so a regression fixed later does not keep the history red.
#pragma once
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/report/check.hpp"
#include "harness/report/compare.hpp"
#include "harness/report/table.hpp"

namespace wb {

struct TrendPoint {
  const CompareRow* row = nullptr;
  double epoch_s = 0;  // the result's creation time (summary.json "created") in UTC seconds
  Verdict vs_baseline = Verdict::missing, vs_previous = Verdict::missing;  // the worst over the gated metrics
  std::vector<std::string> notes;  // shifts beginning here, set-up changes against the point before
};

struct TrendShift {
  std::string metric;
  std::size_t index = 0;  // the point the shift begins at
  double before = 0, after = 0, change_pct = 0, pvalue = 1;
  bool worse = false;  // in the metric's bad direction
};

struct TrendSeries {
  std::string key, label;                // identity key and variant; the identity's label
  const CompareRow* baseline = nullptr;  // the first point's row, or --baseline's row of the identity
  bool external_baseline = false, cross_identity = false;
  std::vector<TrendPoint> points;     // in creation order
  std::vector<std::string> metrics;   // the gated metrics, in metric-table order
  std::vector<TrendShift> shifts;     // significant change points, in time order per metric
  std::vector<std::string> warnings;  // identity warnings against the baseline
  std::vector<std::string> failures;  // why the latest point fails the gate; empty: it passes
};

struct TrendOptions {
  Tolerances tol = default_tolerances();
  const std::vector<CompareRow>* baseline = nullptr;  // --baseline's rows, or none
  bool allow_mismatch = false;
  double max_pvalue = 0.05;  // of a change point's t test
};

// "2026-12-07T02:00:05+0100" (also "+01:00" and "Z") as UTC seconds; nullopt if unreadable.
std::optional<double> parse_created(const std::string& text);
// "2026-12-07 02:00" (the date as written, without seconds and offset).
std::string created_date(const std::string& text);

// The series point into `rows` (and opt.baseline): keep them alive while the series are used.
// Throws std::invalid_argument for a result without a readable creation time, or a --baseline
// with no row of a series' identity (naming the fields that differ) unless allow_mismatch.
std::vector<TrendSeries> trend(const std::vector<CompareRow>& rows, const TrendOptions& opt);
bool trend_fails(const std::vector<TrendSeries>& series);
// "trend: passed (3 series, 14 points)" or "trend: FAILED: <series>: <why>; ...".
std::string trend_status(const std::vector<TrendSeries>& series);

std::vector<Table> trend_tables(const std::vector<TrendSeries>& series);
void write_trend_csv(const std::vector<TrendSeries>& series, std::ostream& out);
nlohmann::json trend_json(const std::vector<TrendSeries>& series);
// The metrics a trend table and chart show (the gated ones, in metric-table order).
std::vector<std::string> trend_metrics(const Tolerances& tol);

}  // namespace wb
