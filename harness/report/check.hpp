// `wattbench check`: regression verdicts per metric and variant from the repeats' 95 %
// confidence intervals, not means alone. The delta interval is
// [(c−ci_c) − (b+ci_b), (c+ci_c) − (b−ci_b)] / b; with tolerance t (and the metric's
// direction) it is BETTER beyond +t, WORSE beyond −t, SAME inside ±t, else AMBIGUOUS.
#pragma once
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "harness/report/compare.hpp"

namespace wb {

enum class Verdict { same, better, worse, ambiguous, missing };
const char* verdict_name(Verdict v);

struct CheckLine {
  std::string result, variant, metric;
  std::optional<double> baseline, current, delta_pct, delta_lo_pct, delta_hi_pct;
  double tolerance_pct = 0;
  Verdict verdict = Verdict::missing;
  bool current_missing = false;  // the current result has no figure (its runs failed): a failure
  std::string note;
};

using Tolerances = std::map<std::string, double>;  // metric key -> percent
Tolerances default_tolerances();                   // the metric table's default tolerances
// "fps=3%,fps_per_w=5%" onto `base` (any key of the metric table); throws std::invalid_argument naming the bad item (also
// for nan, inf or a negative percent: such a tolerance would pass any regression).
Tolerances parse_tolerances(const std::string& text, Tolerances base);

std::vector<CheckLine> check_rows(const std::vector<CompareRow>& current, const std::vector<CompareRow>& baseline,
                                  const Tolerances& tol);
// A gate fails closed: a WORSE line, AMBIGUOUS under --strict, or a figure missing from the
// current result fails; so does a check in which no metric could be compared at all.
bool line_fails(const CheckLine& l, bool strict);
// Why the check as a whole fails beyond its lines ("" when it does not).
std::string check_gate_failure(const std::vector<CheckLine>& lines);
bool check_fails(const std::vector<CheckLine>& lines, bool strict);

void write_check_table(const std::vector<CheckLine>& lines, std::ostream& out);
void write_junit(const std::vector<CheckLine>& lines, bool strict, std::ostream& out);

}  // namespace wb
