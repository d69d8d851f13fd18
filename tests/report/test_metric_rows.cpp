// The two rows added to prove the metric table: peak power and inferences per joule reach
// every reporter, compare and check without a reporter being edited.
#include <doctest/doctest.h>

#include <sstream>

#include "harness/metrics/metric_table.hpp"
#include "harness/metrics/window_folds.hpp"
#include "harness/report/check.hpp"
#include "harness/report/compare.hpp"
#include "harness/report/format.hpp"
#include "harness/report/html.hpp"
#include "harness/report/reporters.hpp"
#include "harness/util/json_text.hpp"
#include "report/fixtures.hpp"

using namespace wb;

TEST_CASE("peak power: the largest window sample, rails summed, the largest repeat") {
  WindowFolds a, b;
  for (double w : {4.0, 5.5, 4.2}) a.add(w);
  for (double w : {1.0, 0.5}) b.add(w);
  std::map<std::string, double> sum;
  merge_folds(sum, a.values());
  merge_folds(sum, b.values());
  CHECK(a.values().at("peak_power_w") == 5.5);
  CHECK(sum.at("peak_power_w") == 6.5);

  VariantRecord v;
  for (double peak : {5.0, 6.0, 5.5}) {
    RunRecord r;
    r.window_folds["peak_power_w"] = peak;
    r.frames = 1000;
    r.energy_j = 50;
    v.runs.push_back(r);
  }
  compute_aggregates(v);
  const Metric& m = *find_metric("peak_power_w");
  CHECK(aggregate_value(v.aggregate.at("peak_power_w"), m) == 6.0);
  CHECK(*v.aggregate.at("inferences_per_j").mean == doctest::Approx(20.0));
}

TEST_CASE("peak power and inferences per joule appear in every report") {
  auto fixed = golden::fixed_summaries();
  const Summary& s = fixed[0].summary;
  std::ostringstream term, md, html;
  write_terminal(s, term);
  write_markdown(s, md);
  write_run_html(s, {}, html);
  for (const auto& text : {term.str(), md.str(), html.str()}) {
    CHECK(text.find("Peak power") != std::string::npos);
    CHECK(text.find("Inferences/J") != std::string::npos);
  }
  auto j = to_json(s);
  CHECK(j["variants"][0]["aggregate"].contains("peak_power_w"));
  CHECK(j["variants"][0]["runs"][1]["inferences_per_j"].is_number());
  auto rows = rows_from_summary(j, nullptr, "d");
  std::ostringstream cmd, csv;
  write_compare_markdown(rows, {}, cmd);
  write_compare_csv(rows, csv);
  CHECK(cmd.str().find("Peak power (W)") != std::string::npos);
  CHECK(csv.str().find("peak_power_w,peak_power_w_ci95,inferences_per_j") != std::string::npos);
  CHECK(compare_json(rows)["rows"][0].contains("inferences_per_j"));
}

TEST_CASE("check --tolerance peak_power_w=5%: a peak 10 % higher is WORSE, 2 % is SAME") {
  auto tol = parse_tolerances("peak_power_w=5%", {});
  REQUIRE(tol.size() == 1);
  auto with_peak = [](double peak) {
    CompareRow r;
    r.variant = "default";
    r.scope = "m2-rail";
    r.aggregate["peak_power_w"].n = 3;
    r.aggregate["peak_power_w"].max = peak;
    return std::vector<CompareRow>{r};
  };
  auto worse = check_rows(with_peak(5.5), with_peak(5.0), tol);
  REQUIRE(worse.size() == 1);
  CHECK(worse[0].verdict == Verdict::worse);
  CHECK(check_rows(with_peak(5.1), with_peak(5.0), tol)[0].verdict == Verdict::same);
  CHECK(check_rows(with_peak(4.5), with_peak(5.0), tol)[0].verdict == Verdict::better);
  CHECK_THROWS_WITH_AS(parse_tolerances("peak_power=5%", {}), doctest::Contains("peak_power_w"), std::invalid_argument);
}
