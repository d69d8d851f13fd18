// Gates judge like against like, on trusted input: identities, gate-input checks, default
// metrics, AMBIGUOUS in JUnit, refusals. Rows come from synthetic summary.json documents whose
// variants carry their identity, as the run code writes them.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "harness/report/check.hpp"
#include "harness/report/compare.hpp"
#include "harness/report/gate_input.hpp"
#include "harness/report/summary.hpp"
#include "report/gate_fixtures.hpp"

using namespace wb;
using namespace wb::gate_test;

TEST_CASE("gate: another card, model or tool is a mismatch naming the fields; another tool version or host a warning") {
  auto hailo =
      rows(summary("hailo8", {variant("default", identity("Hailo", "Hailo-8", "hailortcli"), figures(1371, 4, 0.5))}));
  auto deepx =
      rows(summary("deepx", {variant("default", identity("DeepX", "DX-M1", "dxbenchmark"), figures(1500, 7, 0.7))}));
  auto ids = check_identities(hailo, deepx);
  REQUIRE_FALSE(ids.mismatches.empty());
  std::string all;
  for (const auto& m : ids.mismatches) all += m + "\n";
  CHECK(has(all, "default: card.vendor: Hailo vs DeepX"));
  CHECK(has(all, "card.product: Hailo-8 vs DX-M1"));
  CHECK(has(all, "tool.name: hailortcli vs dxbenchmark"));
  // Same work on another tool version and host: judged, with a warning naming both values.
  auto newer = identity("Hailo", "Hailo-8", "hailortcli", "4.24.0");
  newer["host"]["kernel"] = "6.12.0";
  auto later = rows(summary("hailo8", {variant("default", newer, figures(1371, 4, 0.5))}));
  auto w = check_identities(later, hailo);
  CHECK(w.mismatches.empty());
  std::string warn;
  for (const auto& x : w.warnings) warn += x + "\n";
  CHECK(has(warn, "tool.version: 4.24.0 vs 4.23.0"));
  CHECK(has(warn, "host.kernel: 6.12.0 vs 6.1.0"));
  // Other work arguments (batch 8 vs 1) are other work.
  auto batch8 = identity("Hailo", "Hailo-8", "hailortcli");
  batch8["tool"]["work_args"]["batch"] = 8;
  auto b8 = rows(summary("hailo8", {variant("default", batch8, figures(1371, 4, 0.5))}));
  CHECK_FALSE(check_identities(b8, hailo).mismatches.empty());
  // Accepted anyway: every verdict says so, in the table and in JUnit.
  auto lines = check_rows(hailo, deepx, default_tolerances(), true);
  REQUIRE_FALSE(lines.empty());
  for (const auto& l : lines) {
    CHECK(l.cross_identity);
    CHECK(has(l.note, "cross-identity"));
  }
  CHECK(has(check_counts_line(lines, false), "cross-identity"));
}

TEST_CASE("gate input: statistics must be finite, possible and follow from the runs") {
  auto good = summary("r", {variant("default", identity("Hailo", "Hailo-8", "hailortcli"), figures(1000, 4, 0.5))});
  CHECK(gate_input_problems(rows(good)[0]).empty());
  CHECK_NOTHROW(require_gate_input(rows(good)));
  // An absurd interval (the schema's number type accepts 1e308): refused, naming the field.
  auto absurd = good;
  absurd["variants"][0]["aggregate"]["fps"]["ci95"] = 1e308;
  auto p = gate_input_problems(rows(absurd)[0]);
  REQUIRE_FALSE(p.empty());
  CHECK(has(p[0], "aggregate.fps"));
  CHECK_THROWS_WITH_AS(require_gate_input(rows(absurd, "nightly/3")), doctest::Contains("nightly/3/summary.json"),
                       std::invalid_argument);
  // The same interval with its runs removed: still refused (ci95 = t·sd/√n does not hold).
  auto no_runs = absurd;
  no_runs["variants"][0].erase("runs");
  CHECK_FALSE(gate_input_problems(rows(no_runs)[0]).empty());
  // An interval without the sd it comes from, or a mean from no runs.
  auto bare = good;
  bare["variants"][0].erase("runs");
  bare["variants"][0]["aggregate"]["fps"].erase("sd");
  CHECK_FALSE(gate_input_problems(rows(bare)[0]).empty());
  auto from_nothing = good;
  from_nothing["variants"][0].erase("runs");
  from_nothing["variants"][0]["aggregate"]["fps"]["n"] = 0;
  CHECK_FALSE(gate_input_problems(rows(from_nothing)[0]).empty());
  // A mean edited to look 40 % better than its runs.
  auto edited = good;
  edited["variants"][0]["aggregate"]["fps_per_w"]["mean"] =
      edited["variants"][0]["aggregate"]["fps_per_w"]["mean"].get<double>() * 1.4;
  auto e = gate_input_problems(rows(edited)[0]);
  REQUIRE_FALSE(e.empty());
  CHECK(std::any_of(e.begin(), e.end(), [](const std::string& x) {
    return has(x, "fps_per_w") && has(x, "does not follow from its runs");
  }));
  // A mean outside [min, max] or a negative interval.
  auto outside = good;
  outside["variants"][0].erase("runs");
  outside["variants"][0]["aggregate"]["power_w"]["min"] = 9.0;
  CHECK_FALSE(gate_input_problems(rows(outside)[0]).empty());
  auto negative = good;
  negative["variants"][0].erase("runs");
  negative["variants"][0]["aggregate"]["fps"]["sd"] = -1.0;
  CHECK_FALSE(gate_input_problems(rows(negative)[0]).empty());
}

TEST_CASE("default gate: FPS, FPS/W, power, idle power and J/inference; idle +40 % is WORSE") {
  auto tol = default_tolerances();
  for (const char* k : {"fps", "fps_per_w", "power_w", "idle_power_w", "j_per_inference"}) {
    CAPTURE(k);
    CHECK(tol.count(k) == 1);
  }
  auto id = identity("Hailo", "Hailo-8", "hailortcli");
  auto base = rows(summary("r", {variant("default", id, figures(1000, 4, 0.74))}));
  auto cur = rows(summary("r", {variant("default", id, figures(1000, 4, 1.04))}));
  auto lines = check_rows(cur, base, tol);
  bool idle_worse = false;
  for (const auto& l : lines) {
    if (l.metric == "idle_power_w")
      idle_worse = l.verdict == Verdict::worse;
    else
      CHECK(l.verdict == Verdict::same);
  }
  CHECK(idle_worse);
  CHECK(check_fails(lines, false));
  // Measured on neither side (no idle phase): not a failure; lost on the current side: a failure.
  auto strip = [](json s) {
    for (auto& r : s["variants"][0]["runs"]) r["idle_power_w"] = nullptr;
    s["variants"][0]["aggregate"]["idle_power_w"] = to_json(describe({}));
    return s;
  };
  auto s0 = strip(summary("r", {variant("default", id, figures(1000, 4, 0.74))}));
  CHECK_FALSE(check_fails(check_rows(rows(s0), rows(s0), tol), false));
  CHECK(check_fails(check_rows(rows(s0), base, tol), false));
}

TEST_CASE("JUnit: AMBIGUOUS is skipped with its reason (failed under --strict), names escaped, counts printed") {
  auto id = identity("Hailo", "Hailo-8", "hailortcli");
  std::string name = "v\x1b[31m<red>&\x07\x01\"";
  // 975 ± wide vs 1000: straddles −3 %.
  auto wide = figures(975, 4, 0.5, 0.02);
  auto base = rows(summary("r\x1b]0;title\x07", {variant(name, id, figures(1000, 4, 0.5))}));
  auto cur = rows(summary("r\x1b]0;title\x07", {variant(name, id, wide)}));
  auto lines = check_rows(cur, base, {{"fps", 3.0}});
  REQUIRE(lines.size() == 1);
  REQUIRE(lines[0].verdict == Verdict::ambiguous);
  std::ostringstream lax, strict, table;
  write_junit(lines, false, lax);
  write_junit(lines, true, strict);
  CHECK(has(lax.str(), "<skipped message=\"AMBIGUOUS"));
  CHECK(has(lax.str(), "skipped=\"1\""));
  CHECK(has(lax.str(), "failures=\"0\""));
  CHECK_FALSE(has(lax.str(), "<failure"));
  CHECK(has(strict.str(), "<failure message=\"AMBIGUOUS"));
  CHECK(has(strict.str(), "failures=\"1\""));
  for (const std::string& x : {lax.str(), strict.str()}) {
    for (char c : x) CHECK_FALSE((static_cast<unsigned char>(c) < 0x20 && c != '\n'));
    CHECK(has(x, "&lt;red&gt;&amp;&quot;"));
  }
  write_check_table(lines, table);
  for (char c : table.str()) CHECK_FALSE((static_cast<unsigned char>(c) < 0x20 && c != '\n'));
  CHECK(has(check_counts_line(lines, false), "1 AMBIGUOUS"));
  CHECK(has(check_counts_line(lines, false), "--strict fails them"));
}

TEST_CASE("refusals: refused on both sides is SAME, newly refused WORSE, newly measured ADDED and not failed") {
  auto id = identity("MemryX", "MX3", "acclBench");
  json refused = {
      {"id", "yolov8s.mx3"},
      {"identity", id},
      {"runs",
       json::array(
           {{{"index", 1}, {"status", "failed"}, {"tool_refused", true}, {"reason", "Cannot parse dfp file"}}})},
      {"aggregate", json::object()}};
  auto measured = variant("yolov8s.mx3", id, figures(300, 2, 0.4));
  auto ok = variant("resnet50.mx3", id, figures(1000, 2, 0.4));
  auto both = rows(summary("c", {refused, ok}));
  auto same = check_rows(both, both, default_tolerances());
  CHECK_FALSE(check_fails(same, false));
  bool saw = false;
  for (const auto& l : same)
    if (l.variant == "yolov8s.mx3") {
      saw = true;
      CHECK(l.verdict == Verdict::same);
      CHECK(has(l.note, "Cannot parse dfp file"));
    }
  CHECK(saw);
  auto now_measured = rows(summary("c", {measured, ok}));
  auto added = check_rows(now_measured, both, default_tolerances());
  CHECK_FALSE(check_fails(added, false));
  CHECK(std::any_of(added.begin(), added.end(), [](const CheckLine& l) { return l.verdict == Verdict::added; }));
  auto newly = check_rows(both, now_measured, default_tolerances());
  CHECK(check_fails(newly, false));
  CHECK(std::any_of(newly.begin(), newly.end(),
                    [](const CheckLine& l) { return l.verdict == Verdict::worse && has(l.note, "newly refused"); }));
}

TEST_CASE("outliers: repeats that agree within the meter's uncertainty never warn; a real outlier does") {
  auto variant_of = [](const std::vector<double>& eff, std::optional<double> uncertainty_pct) {
    VariantRecord v;
    int i = 0;
    for (double e : eff) {
      RunRecord r;
      r.index = ++i;
      r.fps = e * 4;
      r.power_w = 4;
      r.fps_per_w = e;
      r.power_uncertainty_pct = uncertainty_pct;
      v.runs.push_back(r);
    }
    compute_aggregates(v);
    return v;
  };
  auto outliers = [](const VariantRecord& v) {
    return std::count_if(v.warnings.begin(), v.warnings.end(), [](const std::string& w) { return has(w, "outlier"); });
  };
  // 0.03 % apart, with a MAD of 0.00005 (or 0): taken at face value that is a z-score in the hundreds.
  CHECK(outliers(variant_of({143.6345, 143.6345, 143.6346, 143.6720}, 1.0)) == 0);
  CHECK(outliers(variant_of({143.6345, 143.6345, 143.6720}, std::nullopt)) == 0);
  CHECK(outliers(variant_of({143.6345, 143.6345, 143.6346, 143.6720}, std::nullopt)) == 0);
  // 20 % off the others: still an outlier, whatever the stated uncertainty.
  CHECK(outliers(variant_of({143.6, 143.7, 143.65, 115.0}, 1.0)) == 1);
  CHECK(outliers(variant_of({143.6, 143.7, 143.65, 115.0}, std::nullopt)) == 1);
}
