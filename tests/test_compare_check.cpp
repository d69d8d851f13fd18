// compare tables and check verdicts on hand-made rows.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <sstream>

#include "harness/report/check.hpp"
#include "harness/report/compare.hpp"
#include "harness/report/sweep_text.hpp"

using namespace wb;

namespace {
CompareRow row(const std::string& variant, double fps, std::optional<double> ci, double eff,
               std::optional<double> eff_ci, const std::string& scope = "m2-rail") {
  CompareRow r;
  r.result = "r";
  r.dir = "d";
  r.variant = variant;
  r.accelerator = "X1";
  r.scope = scope;
  r.aggregate["fps"].n = eff_ci ? 3 : 1;
  r.aggregate["fps"].mean = fps;
  r.aggregate["fps"].ci95 = ci;
  r.aggregate["fps_per_w"].n = r.aggregate["fps"].n;
  r.aggregate["fps_per_w"].mean = eff;
  r.aggregate["fps_per_w"].ci95 = eff_ci;
  r.aggregate["power_w"].mean = fps / eff;
  return r;
}
const CheckLine& line_of(const std::vector<CheckLine>& lines, const std::string& metric) {
  for (const auto& l : lines)
    if (l.metric == metric) return l;
  FAIL("no line for " << metric);
  return lines.front();
}
}  // namespace

TEST_CASE("check verdicts from confidence intervals") {
  Tolerances tol{{"fps", 3.0}};
  // baseline 1000 ± 5, current 900 ± 5: delta interval [-11, -9] %, entirely below -3 %: WORSE
  auto worse = check_rows({row("v", 900, 5, 100, 1)}, {row("v", 1000, 5, 100, 1)}, tol);
  CHECK(line_of(worse, "fps").verdict == Verdict::worse);
  CHECK(*line_of(worse, "fps").delta_lo_pct == doctest::Approx(-11.0));
  CHECK(*line_of(worse, "fps").delta_hi_pct == doctest::Approx(-9.0));
  // 1010 ± 5 vs 1000 ± 5: [0, +2] % inside ±3 %: SAME
  CHECK(line_of(check_rows({row("v", 1010, 5, 100, 1)}, {row("v", 1000, 5, 100, 1)}, tol), "fps").verdict ==
        Verdict::same);
  // 1100 ± 5: [+9, +11] %: BETTER
  CHECK(line_of(check_rows({row("v", 1100, 5, 100, 1)}, {row("v", 1000, 5, 100, 1)}, tol), "fps").verdict ==
        Verdict::better);
  // 975 ± 10 vs 1000 ± 5: [-4, -1] % straddles -3 %: AMBIGUOUS
  CHECK(line_of(check_rows({row("v", 975, 10, 100, 1)}, {row("v", 1000, 5, 100, 1)}, tol), "fps").verdict ==
        Verdict::ambiguous);
  // Lower is better for power: +10 % power is WORSE
  Tolerances ptol{{"power_w", 5.0}};
  auto p = check_rows({row("v", 1000, std::nullopt, 90.9, std::nullopt)},
                      {row("v", 1000, std::nullopt, 100, std::nullopt)}, ptol);
  CHECK(line_of(p, "power_w").verdict == Verdict::worse);
  CHECK(*line_of(p, "power_w").delta_pct < -5);
  // Different scopes are never compared
  auto s = check_rows({row("v", 900, 5, 100, 1, "board")}, {row("v", 1000, 5, 100, 1)}, tol);
  CHECK(line_of(s, "fps").verdict == Verdict::missing);
  CHECK(line_of(s, "fps").note.find("not comparable") != std::string::npos);
  CHECK(line_of(check_rows({row("w", 900, 5, 100, 1)}, {row("v", 1000, 5, 100, 1)}, tol), "fps").verdict ==
        Verdict::missing);
}

TEST_CASE("tolerances parse and junit reports failures") {
  auto t = parse_tolerances("fps=2%,fps_per_w=4", default_tolerances());
  CHECK(t["fps"] == 2);
  CHECK(t["fps_per_w"] == 4);
  CHECK(t["power_w"] == 5);
  CHECK_THROWS_WITH_AS(parse_tolerances("speed=2%", {}), doctest::Contains("unknown metric"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_tolerances("fps=two", {}), doctest::Contains("expected metric=percent"),
                       std::invalid_argument);
  auto lines = check_rows({row("v", 900, 5, 100, 1)}, {row("v", 1000, 5, 100, 1)}, {{"fps", 3.0}, {"fps_per_w", 5.0}});
  std::ostringstream j;
  write_junit(lines, false, j);
  CHECK(j.str().find("tests=\"2\" failures=\"1\"") != std::string::npos);
  CHECK(j.str().find("<failure message=\"WORSE") != std::string::npos);
}

TEST_CASE("compare tables: sort, scope warning, published comparison, sweep derived columns, escaping") {
  std::vector<CompareRow> rows{row("default", 1000, 1, 200, 1), row("default", 2000, 1, 270, 1, "board")};
  rows[0].accelerator = "A|<b>";
  rows[0].published_fps_per_w = 515;
  rows[0].published_scope = "npu-silicon";
  sort_rows(rows, "fps_per_w");
  CHECK(rows[0].aggregate["fps_per_w"].mean == 270);
  auto tables = compare_tables(rows, {});
  REQUIRE(tables.size() >= 3);
  CHECK(tables[0].notes.front().find("not comparable") != std::string::npos);
  CHECK(tables[2].title == "Published vs measured");
  CHECK(tables[2].rows[0].back().find("not comparable") != std::string::npos);
  std::ostringstream md;
  write_compare_markdown(rows, {}, md);
  CHECK(md.str().find("A\\|\\<b\\>") != std::string::npos);  // tool/config text cannot break the table
  CompareRow s1 = row("224-npu", 315, 1, 87.8, 1, "board"), s2 = row("224-cpu", 26.9, 1, 5.5, 1, "board");
  s1.dir = s2.dir = "sweep";
  s1.params = {{"input", "224"}, {"delegate", "npu"}};
  s2.params = {{"input", "224"}, {"delegate", "cpu"}};
  s1.derived = {{"speedup_vs_delegate=cpu", 11.74}};
  s1.placement = "82/88";
  auto t2 = compare_tables({s1, s2}, {});
  const auto& sweep = t2.back();
  CHECK(sweep.title.rfind("Sweep", 0) == 0);
  // Column names from the sweep's labels, ratios in words, rows by axes (cpu before npu).
  CHECK(std::find(sweep.headers.begin(), sweep.headers.end(), "Speed vs cpu") != sweep.headers.end());
  CHECK(std::find(sweep.headers.begin(), sweep.headers.end(), "Operators on NPU") != sweep.headers.end());
  REQUIRE(sweep.rows.size() == 2);
  CHECK(sweep.rows[1][1] == "npu");  // 224-cpu, then 224-npu
  CHECK(std::find(sweep.rows[1].begin(), sweep.rows[1].end(), "11.7× faster") != sweep.rows[1].end());
  CHECK(std::find(sweep.rows[1].begin(), sweep.rows[1].end(), "82/88") != sweep.rows[1].end());
  CHECK_THROWS_AS(sort_rows(rows, "nope"), std::invalid_argument);
}

TEST_CASE("sweeps read like their source: ratios in words, rows by axes, placement only off the CPU") {
  CHECK(ratio_text("speedup_vs_delegate=cpu", 11.74) == "11.7× faster");
  CHECK(ratio_text("speedup_vs_delegate=cpu", 76.08 / 87.38) == "1.15× slower");
  CHECK(ratio_text("efficiency_vs_delegate=cpu", 0.5) == "2.00× less efficient");
  CHECK(ratio_text("efficiency_vs_delegate=cpu", 123.4) == "123× more efficient");
  CHECK(ratio_text("speedup_vs_delegate=cpu", 1.004) == "same");
  CHECK(ratio_text("speedup_vs_delegate=cpu", 0) == "—");
  CHECK(derived_header("efficiency_vs_delegate=cpu") == "FPS/W vs cpu");
  // The forum table's order: 224 cpu, 224 npu, 320 cpu, 320 npu; 1024 after 320 (numbers as numbers).
  std::vector<CompareRow> rows;
  for (const char* input : {"320", "1024", "224"})
    for (const char* delegate : {"npu", "cpu"}) {
      CompareRow r = row(fmt::format("{}-{}", input, delegate), 100, 1, 10, 1, "board");
      r.dir = "sweep";
      r.params = {{"input", input}, {"delegate", delegate}};
      r.placement = "88/88";
      rows.push_back(r);
    }
  auto sweep = compare_tables(rows, {}).back();
  REQUIRE(sweep.rows.size() == 6);
  // axes in the matrix's order (the variant id "320-npu": input, then delegate), each by value
  CHECK(sweep.headers[0] == "input");
  CHECK(sweep.headers[1] == "delegate");
  std::vector<std::string> order;
  for (const auto& r : sweep.rows) order.push_back(r[0] + "/" + r[1]);
  CHECK(order == std::vector<std::string>{"224/cpu", "224/npu", "320/cpu", "320/npu", "1024/cpu", "1024/npu"});
  auto col = std::find(sweep.headers.begin(), sweep.headers.end(), "Operators on NPU") - sweep.headers.begin();
  REQUIRE(col < static_cast<long>(sweep.headers.size()));
  CHECK(sweep.rows[0][col] == "—");  // a CPU row has no operators on the NPU
  CHECK(sweep.rows[1][col] == "88/88");
  CHECK(axes_in_matrix_order({{"a", "x"}, {"b", "y"}}, "y-x") == std::vector<std::string>{"b", "a"});
  CHECK(axes_in_matrix_order({{"a", "x"}, {"b", "y"}}, "other") == std::vector<std::string>{"a", "b"});
}
