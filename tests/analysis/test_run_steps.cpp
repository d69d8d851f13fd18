// The run analysis's pure steps, table-driven: one probe's pass over its samples
// (harness/analysis/probe_pass), the headline power over a scope's rails (headline_power),
// FPS/W with pacing (efficiency), the error against a simulator's truth (truth_error) and the
// tool process's outcome (harness/run/process_outcome).
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "harness/analysis/efficiency.hpp"
#include "harness/analysis/headline_power.hpp"
#include "harness/analysis/probe_pass.hpp"
#include "harness/analysis/time_slices.hpp"
#include "harness/analysis/truth_error.hpp"
#include "harness/config/config.hpp"
#include "harness/run/process_outcome.hpp"

using namespace wb;

namespace {
ProbeInfo power_probe(const std::string& name, const std::string& scope) {
  ProbeInfo i;
  i.name = name;
  i.rail = name + " rail";
  i.scope = scope;
  i.rate_hz = 100;
  i.channels = {{"power_w", "W", Quantity::power}, {"die_temp_c", "degC", Quantity::temperature}};
  i.power_channel = 0;
  i.temperature_channels = {1};
  return i;
}

// Constant `watts` at 100 Hz from 0 to `end_s`; the temperature rises 1 °C per second.
ProbePassResult pass_constant(const ProbeInfo& info, const ProbeWindows& windows, double watts, double end_s,
                              const ProbeRules& rules, const std::vector<std::size_t>& failed_reads = {}) {
  SustainedConfig sustained;
  SliceAccumulator slices(windows.run, sustained);
  ProbePass pass(info, windows, &slices, rules.headline_scope);
  for (std::size_t k = 0; k * 0.01 <= end_s + 1e-9; ++k) {
    Sample s{k * 0.01, {watts, 30 + k * 0.01}, 0, ""};
    for (std::size_t bad : failed_reads)
      if (bad == k) {
        s.values[0] = kMissing;
        s.flags = kFlagReadError;
      }
    pass.add(s);
  }
  return pass.finish(rules);
}
}  // namespace

TEST_CASE("probe pass: window, idle, tenths and temperatures of one probe") {
  auto info = power_probe("m2", "card");
  ProbeWindows windows{{2, 8, "markers", ""}, {0.5, 1.5, "idle", ""}, {8.5, 9.5, "idle-after", ""}, true, true};
  ProbeRules rules{true, true, 0, 0, 5};
  struct {
    const char* name;
    double watts;
    bool idle, idle_after;
  } cases[] = {
      {"both idles", 4.0, true, true}, {"no idle phase", 2.5, false, true}, {"no idle after", 7.25, true, false}};
  for (const auto& c : cases) {
    CAPTURE(c.name);
    windows.has_idle = c.idle;
    windows.has_idle_after = c.idle_after;
    auto r = pass_constant(info, windows, c.watts, 10, rules);
    REQUIRE(r.invalid.empty());
    CHECK(r.complete);
    CHECK(r.measures_power);
    CHECK(r.figures.probe == "m2");
    CHECK(r.figures.scope == "card");
    REQUIRE(r.figures.energy_j);
    CHECK(*r.figures.energy_j == doctest::Approx(c.watts * 6).epsilon(1e-9));
    CHECK(*r.head_w == doctest::Approx(c.watts));
    CHECK(*r.tail_w == doctest::Approx(c.watts));
    CHECK(r.figures.idle_power_w.has_value() == c.idle);
    CHECK(r.figures.idle_after_w.has_value() == c.idle_after);
    if (c.idle) CHECK(*r.figures.idle_power_w == doctest::Approx(c.watts));
    REQUIRE(r.temps.size() == 1);
    CHECK(r.temps[0].channel == "m2.die_temp_c");
    CHECK(r.temps[0].start_c == doctest::Approx(32));
    CHECK(r.temps[0].max_c == doctest::Approx(38));
    CHECK(r.degraded.empty());
    CHECK(r.warnings.empty());
  }
}

TEST_CASE("probe pass: failed reads degrade, a gap on the primary makes it invalid, elsewhere not") {
  auto info = power_probe("m2", "card");
  ProbeWindows windows{{2, 8, "markers", ""}, {}, {}, false, false};
  std::vector<std::size_t> few{300, 301}, many;
  for (std::size_t k = 300; k < 500; ++k) many.push_back(k);  // 2 s of the 6 s window
  struct {
    const char* name;
    const std::vector<std::size_t>* failed;
    bool primary;
    const char* invalid;  // "" valid
    bool degraded;
  } cases[] = {{"two failed reads", &few, true, "", true},
               {"a third of the window lost, primary", &many, true, "of the window has no valid samples", false},
               {"a third of the window lost, another rail", &many, false, "", true}};
  for (const auto& c : cases) {
    CAPTURE(c.name);
    auto r = pass_constant(info, windows, 3, 10, {c.primary, true, 0, 0, 5}, *c.failed);
    if (*c.invalid) {
      CHECK(r.invalid.find(c.invalid) != std::string::npos);
      CHECK_FALSE(r.complete);
      continue;
    }
    CHECK(r.invalid.empty());
    CHECK(!r.degraded.empty() == c.degraded);
    CHECK(r.degraded.find("probe m2:") == 0);
    bool warned = false;
    for (const auto& w : r.warnings)
      warned = warned || w.find("are invalid (read error or overflow)") != std::string::npos;
    CHECK(warned);
  }
}

TEST_CASE("probe pass: a sensor-only probe gives temperatures, no power, and never fails the run") {
  ProbeInfo info;
  info.name = "npu";
  info.scope = "card";
  info.channels = {{"temp_c", "degC", Quantity::temperature}};
  info.temperature_channels = {0};
  ProbeWindows windows{{2, 8, "markers", ""}, {}, {}, false, false};
  auto r = pass_constant(info, windows, 50, 10, {false, true, 0, 0, 5});
  CHECK(r.invalid.empty());
  CHECK_FALSE(r.measures_power);
  REQUIRE(r.temps.size() == 1);
  CHECK(r.temps[0].channel == "npu.temp_c");
}

TEST_CASE("probe pass: a restart and a sentinel reading are reported, the sentinel not averaged") {
  auto info = power_probe("m2", "card");
  ProbeWindows windows{{2, 8, "markers", ""}, {}, {}, false, false};
  SustainedConfig sustained;
  SliceAccumulator slices(windows.run, sustained);
  ProbePass pass(info, windows, &slices, true);
  for (std::size_t k = 0; k <= 1000; ++k) {
    Sample s{k * 0.01, {2.0, 40}, 0, ""};
    if (k == 500) {
      s.flags = kFlagRestart;
      s.error = "reopened after a USB reset";
    }
    if (k == 600) s.values[1] = 255;  // the 0xFF an unplugged sensor reads as °C
    pass.add(s);
  }
  auto r = pass.finish({true, true, 0, 0, 5});
  REQUIRE(r.invalid.empty());
  bool restart = false;
  for (const auto& w : r.warnings)
    restart = restart || (w.find("reopened after a USB reset") != std::string::npos &&
                          w.find("inside the window") != std::string::npos);
  CHECK(restart);
  REQUIRE(r.temps.size() == 1);
  REQUIRE(r.sentinels.size() == 1);
  CHECK(r.sentinels[0].count == 1);
  CHECK(r.sentinels[0].first_t_s == doctest::Approx(6));
  CHECK(r.temps[0].max_c == doctest::Approx(40));  // the sentinel is counted, never a temperature
}

TEST_CASE("headline power: rails of the primary's scope summed, other scopes apart") {
  auto rail = [](const char* name, const char* scope, std::optional<double> e, std::optional<double> idle,
                 std::optional<double> rate, const char* method) {
    ProbeFigures f;
    f.probe = name;
    f.rail = std::string(name) + " rail";
    f.scope = scope;
    f.energy_j = e;
    f.idle_power_w = idle;
    f.sample_rate_hz = rate;
    f.method = method;
    return f;
  };
  struct {
    const char* name;
    std::vector<ProbeFigures> probes;
    double energy;
    const char* probe;
    std::optional<double> idle, rate;
    const char* method;
    const char* invalid;
  } cases[] = {
      {"one rail", {rail("a", "card", 10, 1, 1000, "accumulator")}, 10, "a", 1, 1000, "accumulator", ""},
      {"two rails and a wall meter",
       {rail("a", "card", 10, 1, 1000, "accumulator"), rail("wall", "system", 50, 9, 10, "trapezoid"),
        rail("b", "card", 5, 0.5, 400, "trapezoid")},
       15,
       "a+b",
       1.5,
       400,
       "accumulator+trapezoid",
       ""},
      {"a rail without idle: no idle sum",
       {rail("a", "card", 10, 1, 1000, "trapezoid"), rail("b", "card", 5, std::nullopt, 400, "trapezoid")},
       15,
       "a+b",
       std::nullopt,
       400,
       "trapezoid",
       ""},
      {"a rail without energy",
       {rail("a", "card", 10, 1, 1000, "trapezoid"), rail("b", "card", std::nullopt, 1, 400, "")},
       0,
       "",
       std::nullopt,
       std::nullopt,
       "",
       "no watts from probe b (scope card)"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    auto h = headline_power(c.probes, "card");
    CHECK(h.invalid == c.invalid);
    if (*c.invalid) continue;
    CHECK(h.energy_j == doctest::Approx(c.energy));
    CHECK(h.probe == c.probe);
    CHECK(h.idle_w == c.idle);
    CHECK(h.sample_rate_hz == c.rate);
    CHECK(h.energy_method == c.method);
  }
}

TEST_CASE("efficiency: FPS/W and J/inference, a paced run's achieved rate against its target") {
  struct {
    const char* name;
    EfficiencyInputs in;
    std::optional<double> fps, fps_per_w, rate_error_pct;
    bool warning, rate_invalid;
    const char* invalid;
  } cases[] = {
      {"free-running", {1000.0, 4000.0, 4, 0, 5, std::nullopt, 2}, 1000, 200, std::nullopt, false, false, ""},
      {"paced, on target", {100.0, 400.0, 4, 0, 2, 100.0, 2}, 100, 50, 0, false, false, ""},
      {"paced, the tool's figure is its back-to-back rate",
       {900.0, 400.0, 4, 0, 2, 100.0, 2},
       100,
       50,
       0,
       true,
       false,
       ""},
      {"paced, could not keep up", {80.0, 320.0, 4, 0, 2, 100.0, 2}, 80, 40, -20, false, true, ""},
      {"no FPS",
       {std::nullopt, std::nullopt, 4, 0, 2, std::nullopt, 2},
       std::nullopt,
       std::nullopt,
       std::nullopt,
       false,
       false,
       "the tool reported no FPS"},
      {"zero FPS",
       {0.0, 0.0, 4, 0, 2, std::nullopt, 2},
       std::nullopt,
       std::nullopt,
       std::nullopt,
       false,
       false,
       "the tool reported no FPS"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    auto e = efficiency(c.in);
    CHECK(e.invalid == c.invalid);
    CHECK(e.fps == c.fps);
    if (c.fps_per_w) {
      CHECK(*e.fps_per_w == doctest::Approx(*c.fps_per_w));
      CHECK(*e.j_per_inference == doctest::Approx(1 / *c.fps_per_w));
    }
    CHECK(e.rate_error_pct.has_value() == c.rate_error_pct.has_value());
    if (c.rate_error_pct) CHECK(*e.rate_error_pct == doctest::Approx(*c.rate_error_pct));
    CHECK(!e.warning.empty() == c.warning);
    CHECK(!e.rate_invalid.empty() == c.rate_invalid);
  }
}

TEST_CASE("truth errors: overall, cold and sustained FPS/W against the simulator's truth") {
  SimTruth truth;
  truth.fps_per_w = 200;
  truth.cold_fps_per_w = 220;
  TimeSlices slices;
  slices.cold = SpanFigures{};
  slices.cold->fps_per_w = 231;
  auto e = truth_errors(truth, 201, slices);
  CHECK(*e.fps_per_w_pct == doctest::Approx(0.5));
  CHECK(*e.cold_pct == doctest::Approx(5));
  CHECK_FALSE(e.sustained_pct);  // neither the run nor the truth has a sustained span
  CHECK_FALSE(truth_errors(truth, std::nullopt, std::nullopt).fps_per_w_pct);
}

TEST_CASE("process outcome: why the tool's process gave no run, in its own words where found") {
  auto proc = [](void (*set)(ProcessRecord&)) {
    ProcessRecord p;
    p.started = true;
    p.exit_code = 0;
    set(p);
    return p;
  };
  struct {
    const char* name;
    ProcessRecord p;
    ToolWords words;
    const char* last_err;
    const char* reason;  // "" = the run goes on
    bool refused, needs_words;
  } cases[] = {
      {"clean exit", proc([](ProcessRecord&) {}), {}, "", "", false, false},
      {"never started",
       proc([](ProcessRecord& p) { p.started = false, p.start_error = "no such file"; }),
       {},
       "",
       "no such file",
       false,
       false},
      {"timed out",
       proc([](ProcessRecord& p) { p.timed_out = true, p.timeout_s = 30; }),
       {},
       "",
       "tool timed out after 30 s",
       false,
       false},
      {"interrupted",
       proc([](ProcessRecord& p) { p.interrupted = true; }),
       {},
       "",
       "interrupted while the tool ran",
       false,
       false},
      {"hung up", proc([](ProcessRecord& p) { p.signal = 1; }), {}, "", "tool killed by SIGHUP", false, true},
      {"exit code, last stderr line",
       proc([](ProcessRecord& p) { p.exit_code = 3; }),
       {},
       "fatal: no device",
       "tool exited with code 3; last stderr line: fatal: no device",
       false,
       true},
      {"model refused in its words",
       proc([](ProcessRecord& p) { p.exit_code = 1; }),
       {"model does not fit", true},
       "ignored",
       "model does not fit (exit code 1)",
       true,
       true},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    bool read_words = false;  // the tool's words are read only for a signal or an exit code
    auto f = process_failure(
        c.p,
        [&] {
          read_words = true;
          return c.words;
        },
        [&] { return std::string(c.last_err); });
    CHECK(read_words == c.needs_words);
    CHECK(f.has_value() == (*c.reason != 0));
    if (!f) continue;
    CHECK(f->reason.find(c.reason) == 0);
    CHECK(f->tool_refused == c.refused);
  }
}
