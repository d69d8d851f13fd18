// `wattbench check`: regression verdicts per metric and variant from the repeats' 95 %
// confidence intervals, not means alone. The delta interval is
// [(c−ci_c) − (b+ci_b), (c+ci_c) − (b−ci_b)] / b; with tolerance t (and the metric's
// direction) it is BETTER beyond +t, WORSE beyond −t, SAME inside ±t, else AMBIGUOUS.
// Verdicts are only between like and like: the rows' identities must describe the same work
// (check_identities), or the user accepts cross-identity verdicts (--allow-mismatch).
#pragma once
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "harness/report/compare.hpp"

namespace wb {

// added: the baseline's tool refused the work and the current result measured it (reported,
// not failed).
enum class Verdict { same, better, worse, ambiguous, missing, added };
const char* verdict_name(Verdict v);

struct CheckLine {
  std::string result, variant, metric;
  std::string label;  // what the variant measured (identity_label): JUnit names say which card and model
  std::optional<double> baseline, current, delta_pct, delta_lo_pct, delta_hi_pct;
  double tolerance_pct = 0;
  Verdict verdict = Verdict::missing;
  bool current_missing = false;  // the current result has no figure (its runs failed): a failure
  bool cross_identity = false;   // the two sides measured different work (--allow-mismatch)
  std::string note;
};

// The like-for-like test of a check: current and baseline rows paired as check_rows pairs them
// (by variant), each pair's identities compared. Lines read "variant: field: current vs baseline".
struct IdentityCheck {
  std::vector<std::string> mismatches, warnings;
};
IdentityCheck check_identities(const std::vector<CompareRow>& current, const std::vector<CompareRow>& baseline);

using Tolerances = std::map<std::string, double>;  // metric key -> percent
Tolerances default_tolerances();                   // the metric table's default tolerances
// "fps=3%,fps_per_w=5%" onto `base` (any key of the metric table); throws std::invalid_argument naming the bad item
// (also for nan, inf or a negative percent: such a tolerance would pass any regression).
Tolerances parse_tolerances(const std::string& text, Tolerances base);

// A tool refusal is judged as a result: refused on both sides is SAME, newly refused is WORSE,
// newly measured is ADDED (reported, not failed). cross_identity marks every line.
std::vector<CheckLine> check_rows(const std::vector<CompareRow>& current, const std::vector<CompareRow>& baseline,
                                  const Tolerances& tol, bool cross_identity = false);
// A gate fails closed: a WORSE line, AMBIGUOUS under --strict, or a figure missing from the
// current result fails; so does a check in which no metric could be compared at all.
bool line_fails(const CheckLine& l, bool strict);
// Why the check as a whole fails beyond its lines ("" when it does not).
std::string check_gate_failure(const std::vector<CheckLine>& lines);
bool check_fails(const std::vector<CheckLine>& lines, bool strict);

// "verdicts: 12 SAME, 0 BETTER, 1 WORSE, 2 AMBIGUOUS, …": counts of every verdict, AMBIGUOUS
// ones called out (neither confirmed nor ruled out; --strict fails them).
std::string check_counts_line(const std::vector<CheckLine>& lines, bool strict);

// Both writers take names from files: the table strips control characters, JUnit escapes XML.
void write_check_table(const std::vector<CheckLine>& lines, std::ostream& out);
// AMBIGUOUS is a <skipped> testcase with its reason (a <failure> under --strict).
void write_junit(const std::vector<CheckLine>& lines, bool strict, std::ostream& out);
// Text safe inside XML 1.0 (control characters and invalid UTF-8 dropped, markup escaped).
std::string xml_text(const std::string& s);

}  // namespace wb
