// Golden files: every reporter's bytes on fixed summaries. WB_UPDATE_GOLDEN=1 rewrites them.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "harness/report/check.hpp"
#include "harness/report/compare.hpp"
#include "harness/report/reporters.hpp"
#include "harness/util/json_text.hpp"
#include "report/fixtures.hpp"

namespace {

std::string golden_path(const std::string& name) { return std::string(WB_SOURCE_DIR) + "/tests/golden/" + name; }

// Names the first differing line, so a failure says what drifted.
void match_golden(const std::string& name, const std::string& actual) {
  const char* update = std::getenv("WB_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(golden_path(name), std::ios::binary) << actual;
    return;
  }
  std::ifstream in(golden_path(name), std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "missing golden file tests/golden/" << name << " (run with WB_UPDATE_GOLDEN=1)");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string expected = ss.str();
  if (expected == actual) return;
  std::istringstream e(expected), a(actual);
  std::string el, al;
  int line = 0;
  while (true) {
    ++line;
    bool he = static_cast<bool>(std::getline(e, el)), ha = static_cast<bool>(std::getline(a, al));
    if (!he && !ha) break;
    if (el != al || he != ha) {
      FAIL_CHECK("tests/golden/" << name << " differs at line " << line << "\n  expected: " << el
                                 << "\n  actual:   " << al);
      return;
    }
  }
  FAIL_CHECK("tests/golden/" << name << " differs (line endings or trailing bytes)");
}

std::vector<wb::CompareRow> rows_of(const wb::Summary& s) {
  return wb::rows_from_summary(wb::to_json(s), {{"aspm_policy", "powersave"}}, s.results_dir);
}

std::vector<wb::CompareRow> all_rows() {
  std::vector<wb::CompareRow> rows;
  for (const auto& f : wb::golden::fixed_summaries()) {
    auto r = rows_of(f.summary);
    rows.insert(rows.end(), r.begin(), r.end());
  }
  return rows;
}

}  // namespace

TEST_CASE("golden: terminal, Markdown and summary.json of each fixed summary") {
  for (const auto& f : wb::golden::fixed_summaries()) {
    CAPTURE(f.name);
    std::ostringstream term, md;
    wb::write_terminal(f.summary, term);
    wb::write_markdown(f.summary, md);
    match_golden(f.name + ".terminal.txt", term.str());
    match_golden(f.name + ".md", md.str());
    match_golden(f.name + ".summary.json", wb::json_text(wb::to_json(f.summary), 2) + "\n");
  }
}

TEST_CASE("golden: compare Markdown, CSV and JSON across the fixed summaries") {
  auto rows = all_rows();
  wb::sort_rows(rows, "fps_per_w");
  std::ostringstream md, csv;
  wb::write_compare_markdown(rows, {}, md);
  wb::write_compare_csv(rows, csv);
  match_golden("compare.md", md.str());
  match_golden("compare.csv", csv.str());
  match_golden("compare.json", wb::json_text(wb::compare_json(rows), 2) + "\n");
}

TEST_CASE("golden: check table of a regressed sweep against its baseline") {
  auto lines = wb::check_rows(rows_of(wb::golden::regressed_sweep()), rows_of(wb::golden::fixed_summaries()[2].summary),
                              wb::default_tolerances());
  std::ostringstream out;
  wb::write_check_table(lines, out);
  match_golden("check.txt", out.str());
  CHECK(wb::check_fails(lines, false));  // the fixture is a regression: the gate must see it
}
