// Nightly history: change points (deterministic), series per identity, the gate on the latest
// point, CSV and JSON forms. Rows from synthetic summaries with their identity and dates.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <sstream>

#include "harness/analysis/change_points.hpp"
#include "harness/report/trend.hpp"
#include "report/gate_fixtures.hpp"

using namespace wb;
using namespace wb::gate_test;

namespace {
std::string night(int day) { return fmt::format("2026-11-{:02d}T02:00:00+0100", day); }

// One result folder per night for one card: FPS per night (power fixed, 3 repeats ±0.2 %).
std::vector<CompareRow> nights(const json& ident, const std::vector<double>& fps, int first_day,
                               const std::string& card) {
  std::vector<CompareRow> out;
  for (std::size_t i = 0; i < fps.size(); ++i) {
    int day = first_day + static_cast<int>(i);
    auto r = rows(summary(card, {variant("default", ident, figures(fps[i], 4, 0.5))}, night(day)),
                  fmt::format("{}/night-{}", card, day));
    out.insert(out.end(), r.begin(), r.end());
  }
  return out;
}
const TrendSeries& only(const std::vector<TrendSeries>& s) {
  REQUIRE(s.size() == 1);
  return s.front();
}
}  // namespace

TEST_CASE("change points: Student t p-values and E-divisive splits are the published ones, deterministic") {
  CHECK(student_t_pvalue(2.776, 4) == doctest::Approx(0.05).epsilon(0.01));
  CHECK(student_t_pvalue(12.706, 1) == doctest::Approx(0.05).epsilon(0.01));
  CHECK(student_t_pvalue(0, 7) == doctest::Approx(1.0));
  // One step: one change point at the first point after it.
  std::vector<double> step{10, 10.1, 9.9, 10, 12, 12.1, 11.9, 12};
  auto cp = change_points(step, std::vector<double>(step.size(), 0.05));
  REQUIRE(cp.size() == 1);
  CHECK(cp[0].index == 4);
  CHECK(cp[0].mean_before == doctest::Approx(10));
  CHECK(cp[0].mean_after == doctest::Approx(12));
  CHECK(change_points(step, std::vector<double>(step.size(), 0.05)).front().pvalue == cp[0].pvalue);  // deterministic
  // Noise within each point's own uncertainty: no change point.
  std::vector<double> flat{10, 10.1, 9.9, 10, 10.05, 9.95, 10.1};
  CHECK(change_points(flat, std::vector<double>(flat.size(), 0.1)).empty());
  // A step down and back up: both found.
  std::vector<double> dip{100, 100.2, 99.9, 90, 90.1, 89.9, 100, 100.1, 99.8};
  auto d = change_points(dip, std::vector<double>(dip.size(), 0.1));
  REQUIRE(d.size() == 2);
  CHECK(d[0].index == 3);
  CHECK(d[1].index == 6);
}

TEST_CASE("trend: one series per identity; cards are never chained, whatever the folder order") {
  auto hailo = nights(identity("Hailo", "Hailo-8", "hailortcli"), {1371, 1370, 1372}, 1, "hailo8");
  auto deepx = nights(identity("DeepX", "DX-M1", "dxbenchmark"), {1500, 1502, 1499}, 1, "deepx");
  std::vector<CompareRow> all;
  for (std::size_t i = 0; i < 3; ++i) all.insert(all.end(), {deepx[i], hailo[i]});
  auto series = trend(all, {});
  REQUIRE(series.size() == 2);
  for (const auto& s : series) {
    CAPTURE(s.label);
    REQUIRE(s.points.size() == 3);
    std::string card = s.points[0].row->identity.card.product;
    for (const auto& p : s.points) CHECK(p.row->identity.card.product == card);
    for (std::size_t i = 1; i < 3; ++i) {
      CHECK(s.points[i].epoch_s > s.points[i - 1].epoch_s);
      CHECK(s.points[i].vs_previous == Verdict::same);
    }
    CHECK(s.failures.empty());
  }
  CHECK_FALSE(trend_fails(series));
  CHECK(parse_created("2026-11-01T02:00:00+0100") == doctest::Approx(*parse_created("2026-11-01T01:00:00Z")));
  CHECK_FALSE(parse_created("yesterday"));
  auto bad = hailo;
  bad[0].created = "last night";
  CHECK_THROWS_WITH_AS(trend(bad, {}), doctest::Contains("hailo8/night-1/summary.json"), std::invalid_argument);
}

TEST_CASE("trend: a slow drift of -2.3 % a night is flagged at its first night, exit 1") {
  // Four steady nights, then three nights each 2.3 % below the one before.
  std::vector<double> fps{1000, 1001, 999, 1000};
  for (int k = 1; k <= 3; ++k) fps.push_back(fps.back() * 0.977);
  auto r = nights(identity("Hailo", "Hailo-8", "hailortcli"), fps, 1, "hailo8");
  auto series = trend(r, {});
  const auto& s = only(series);
  CHECK(trend_fails(series));
  std::string why;
  for (const auto& f : s.failures) why += f + "\n";
  INFO(why);
  CHECK(has(why, "shift began on 2026-11-05"));  // the first drifting night
  CHECK(s.points.back().vs_baseline == Verdict::worse);
  // The same figures but the drift undone on the last two nights: a fixed regression, green.
  std::vector<double> fixed{1000, 1001, 999, 1000, 900, 901, 899, 1000, 1001, 999};
  auto fixed_rows = nights(identity("Hailo", "Hailo-8", "hailortcli"), fixed, 1, "hailo8");
  auto f = trend(fixed_rows, {});
  INFO(trend_status(f));
  CHECK_FALSE(trend_fails(f));
  CHECK(only(f).points[4].vs_previous == Verdict::worse);  // still shown where it happened
  CHECK_FALSE(only(f).shifts.empty());
}

TEST_CASE("trend: judged against the named baseline, not only the night before") {
  // 1000, then a bad night (900), then 970: better than the night before, 3 % worse than the baseline.
  auto r = nights(identity("Hailo", "Hailo-8", "hailortcli"), {1000, 900, 970}, 1, "hailo8");
  const auto& s = only(trend(r, {}));
  CHECK(s.points[2].vs_previous == Verdict::better);
  CHECK(s.points[2].vs_baseline != Verdict::same);
  // --baseline of the same identity: used; of another card: refused naming the fields, or cross-identity.
  auto base = nights(identity("Hailo", "Hailo-8", "hailortcli"), {1100}, 20, "golden");
  TrendOptions o;
  o.baseline = &base;
  auto with = trend(r, o);
  CHECK(only(with).external_baseline);
  CHECK(only(with).points.front().vs_baseline == Verdict::worse);
  CHECK(trend_fails(with));
  auto other = nights(identity("DeepX", "DX-M1", "dxbenchmark"), {1100}, 20, "deepx");
  o.baseline = &other;
  CHECK_THROWS_WITH_AS(trend(r, o), doctest::Contains("card.product: Hailo-8 vs DX-M1"), std::invalid_argument);
  o.allow_mismatch = true;
  CHECK(only(trend(r, o)).cross_identity);
}

TEST_CASE("trend: CSV and JSON carry every point with its date, verdicts and shifts") {
  std::vector<double> fps{1000, 1001, 999, 1000, 900, 901, 899};
  auto r = nights(identity("Hailo", "Hailo-8", "hailortcli"), fps, 1, "hailo8");
  auto series = trend(r, {});
  std::ostringstream csv;
  write_trend_csv(series, csv);
  std::istringstream in(csv.str());
  std::string header, line;
  std::getline(in, header);
  CHECK(header.rfind("series,variant,date,created,result,dir,", 0) == 0);
  int lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    CHECK(has(line, "2026-11-0"));
  }
  CHECK(lines == 7);
  CHECK(has(csv.str(), "fps -10."));
  auto j = nlohmann::json::parse(trend_json(series).dump());
  CHECK(j["schema"] == "wattbench.trend/1");
  REQUIRE(j["series"].size() == 1);
  CHECK(j["series"][0]["points"].size() == 7);
  CHECK(j["series"][0]["points"][4]["date"] == "2026-11-05 02:00");
  CHECK(j["series"][0]["identity"]["card"]["product"] == "Hailo-8");
  CHECK(j["passed"] == false);
  bool shift_at_5 = false;
  for (const auto& sh : j["series"][0]["shifts"])
    shift_at_5 = shift_at_5 || (sh["metric"] == "fps" && sh["index"] == 4);
  CHECK(shift_at_5);
}
