// Validity rules, table-driven: implausible figures, window size, gaps, the power-step check,
// accumulator vs trapezoid, idle drift and the combined uncertainty.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "harness/analysis/drift.hpp"
#include "harness/analysis/uncertainty.hpp"
#include "harness/analysis/validity.hpp"

using namespace wb;

TEST_CASE("implausible: figures no tool can have measured") {
  auto with = [](void (*set)(ToolResult&)) {
    ToolResult t;
    set(t);
    return t;
  };
  struct {
    const char* name;
    ToolResult t;
    const char* contains;  // "" = plausible
  } cases[] = {
      {"ordinary", with([](ToolResult& t) { t.fps = 1180, t.frames = 4720, t.measured_s = 4.0; }), ""},
      {"NaN fps", with([](ToolResult& t) { t.fps = NAN; }), "FPS: not a physical throughput"},
      {"negative fps", with([](ToolResult& t) { t.fps = -1; }), "FPS"},
      {"absurd fps", with([](ToolResult& t) { t.fps = 2e7; }), "FPS"},
      {"infinite frames", with([](ToolResult& t) { t.frames = INFINITY; }), "frames: not a physical count"},
      {"zero duration", with([](ToolResult& t) { t.measured_s = 0.0; }), "measured duration of 0 s"},
      {"absurd latency", with([](ToolResult& t) { t.latency_mean_ms = 1e12; }), "mean latency"},
      {"NaN timestamp", with([](ToolResult& t) { t.steady_start_s = NAN, t.steady_end_s = 5.0; }),
       "timestamps are not finite"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    auto why = implausible(c.t);
    if (*c.contains)
      CHECK(why.find(c.contains) != std::string::npos);
    else
      CHECK(why.empty());
  }
}

TEST_CASE("size_problem and gap_problem: validity.min_window_s, min_samples, max_gap_pct") {
  CHECK(size_problem(4.0, 1.0, 4000, 20).empty());
  CHECK(size_problem(0.8, 1.0, 4000, 20) == "measured window 0.800 s is shorter than validity.min_window_s 1 s");
  CHECK(size_problem(4.0, 1.0, 19, 20) == "19 samples in the window, fewer than validity.min_samples 20");
  CHECK(gap_problem("vdd", 0.2, 4.0, 10).empty());
  CHECK(gap_problem("vdd", 0.5, 4.0, 10) ==
        "probe vdd: 12.5 % of the window has no valid samples (validity.max_gap_pct 10 %)");
}

TEST_CASE("power_step_warnings: each edge against the window's mean") {
  struct {
    std::optional<double> head, tail, mean;
    std::size_t warnings;
    const char* first;
  } cases[] = {
      {9.8, 9.9, 9.85, 0, ""},
      {8.0, 9.9, 9.5, 1, "the window's start draws -15.8 % against its mean (limit 10 %)"},
      {9.5, 11.0, 9.5, 1, "the window's end draws +15.8 %"},
      {5.0, 15.0, 10.0, 2, "start draws -50.0 %"},
      {5.0, 15.0, std::nullopt, 0, ""},  // no mean: nothing to compare
      {5.0, 15.0, 0.0, 0, ""},           // a zero mean cannot be a ratio's base
  };
  for (const auto& c : cases) {
    auto got = power_step_warnings(c.head, c.tail, c.mean, 10);
    REQUIRE(got.size() == c.warnings);
    if (c.warnings) CHECK(got[0].find(c.first) != std::string::npos);
  }
}

TEST_CASE("check_energy_agreement: within, beyond the stated bound, beyond the invalid bound") {
  WindowEnergy we;
  we.energy_j = 100;
  we.trapezoid_energy_j = 100;
  we.agreement_bound_pct = 0.5;
  we.agreement_detail = "LSB and sampling";
  auto none = check_energy_agreement("vdd", we);  // no disagreement figure: only one method
  CHECK(none.invalid.empty());
  CHECK(none.warning.empty());
  we.disagreement_pct = 0.3;
  CHECK(check_energy_agreement("vdd", we).warning.empty());
  we.disagreement_pct = -0.8;
  auto warned = check_energy_agreement("vdd", we);
  CHECK(warned.invalid.empty());
  CHECK(warned.warning.find("disagree by -0.80 %, beyond their stated uncertainty 0.500 % (LSB and sampling)") !=
        std::string::npos);
  we.disagreement_pct = energy_invalid_bound_pct(0.5) + 0.1;
  auto invalid = check_energy_agreement("vdd", we);
  CHECK(invalid.warning.empty());
  CHECK(invalid.invalid.find("a misread register or a broken trace") != std::string::npos);
}

TEST_CASE("idle drift: the after-run idle against the before-run idle") {
  CHECK_FALSE(idle_drift_pct(std::nullopt, 5.0));
  CHECK_FALSE(idle_drift_pct(0.0, 5.0));
  CHECK(*idle_drift_pct(5.0, 5.2) == doctest::Approx(4.0));
  CHECK_FALSE(idle_drift_warns(4.0));
  CHECK(idle_drift_warns(-5.5));
}

TEST_CASE("combine_uncertainty: shares in quadrature; unstated accuracy gives no figure") {
  auto one = combine_uncertainty({{"vdd", 1.0, 1.0, std::nullopt, 0.2, std::nullopt}});
  REQUIRE(one.pct);
  CHECK(*one.pct == doctest::Approx(std::sqrt(1.0 + 0.04)));
  CHECK(one.detail == "vdd: accuracy 1 %, sampling 0.200 %");
  // Two rails of equal share: each contributes a quarter of its variance.
  auto two = combine_uncertainty(
      {{"a", 0.5, 2.0, std::nullopt, 0.0, std::nullopt}, {"b", 0.5, 2.0, std::nullopt, 0.0, std::nullopt}});
  CHECK(*two.pct == doctest::Approx(std::sqrt(2.0)));
  // The instrument's own per-sample figure is taken over the stated accuracy.
  auto inst = combine_uncertainty({{"ptd", 1.0, 5.0, 0.3, std::nullopt, std::nullopt}});
  CHECK(*inst.pct == doctest::Approx(0.3));
  CHECK(inst.detail.find("instrument-evaluated 0.300 %") != std::string::npos);
  auto unstated = combine_uncertainty(
      {{"a", 0.5, 1.0, std::nullopt, 0.1, std::nullopt}, {"b", 0.5, std::nullopt, std::nullopt, 0.1, std::nullopt}});
  CHECK_FALSE(unstated.pct);
  CHECK(unstated.detail.find("b: accuracy not stated") != std::string::npos);
}

TEST_CASE("sustained_duration_problem: the window against sustained.min_duration_s, its own uncertainty allowed") {
  struct Case {
    double window_s, min_s, uncertainty_s;
    bool invalid;
  };
  for (auto c : std::vector<Case>{{1200, 1200, 0, false},
                                  {1199.5, 1200, 0, false},    // within 0.1 % of the minimum
                                  {1198.0, 1200, 0, true},     // beyond 0.1 %, no window uncertainty to allow it
                                  {1198.0, 1200, 2.5, false},  // the window's own uncertainty covers it
                                  {600, 1200, 1, true},
                                  {2400, 1200, 0, false}}) {
    CAPTURE(c.window_s);
    CAPTURE(c.uncertainty_s);
    auto why = sustained_duration_problem(c.window_s, c.min_s, c.uncertainty_s);
    CHECK(why.empty() == !c.invalid);
    if (c.invalid) CHECK(why.find("sustained.min_duration_s") != std::string::npos);
  }
}
