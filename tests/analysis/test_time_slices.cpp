// Time slices, cold vs sustained and the throttling finding, on synthetic samples whose
// integrals are known in closed form.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <string>

#include "harness/analysis/time_slices.hpp"
#include "harness/config/config.hpp"
#include "harness/plugin/tool_kind.hpp"
#include "sim/bench/throttle.hpp"

namespace {
// A card at `fps0` and `w0` that throttles per `th`, sampled at 100 Hz, progress every 1 s.
struct Synthetic {
  wb::Window w{2.0, 122.0, "test", ""};
  wb::sim::Throttle th{40, 0.3, 0.2, 5};
  double fps0 = 1000, w0 = 4.0;
  double temp(double t) const { return 30 + 15 * (1 - std::exp(-(t - w.start_s) / 30)); }
  wb::TimeSlices run(const wb::SustainedConfig& cfg, bool with_temp = true, bool with_progress = true) const {
    wb::SliceAccumulator acc(w, cfg);
    for (double t = w.start_s + 0.005; t < w.end_s; t += 0.01) {
      acc.add_power("rail", t, w0 * th.factor(t - w.start_s, th.power_drop));
      if (with_temp) acc.add_temperature("card.temp_c", t, temp(t));
    }
    std::vector<wb::ProgressPoint> progress;
    for (double t = w.start_s + 1; with_progress && t < w.end_s; t += 1)
      progress.push_back({t, std::floor(fps0 * th.fps_integral(t - w.start_s))});
    return acc.finish(progress, std::floor(fps0 * th.fps_integral(w.length())), "tool");
  }
  // Truth over [a, b] (run clock).
  double fps(double a, double b) const {
    return fps0 * (th.fps_integral(b - w.start_s) - th.fps_integral(a - w.start_s)) / (b - a);
  }
  double power(double a, double b) const {
    double e = 0;
    for (double t = a + 0.0005; t < b; t += 0.001) e += w0 * th.factor(t - w.start_s, th.power_drop) * 0.001;
    return e / (b - a);
  }
};
}  // namespace

TEST_CASE("time slices: cold and sustained FPS/W of a throttling card match the closed form, with the onset named") {
  Synthetic s;
  wb::SustainedConfig cfg;  // slices 10 s, cold 30 s, sustained 60 s
  auto ts = s.run(cfg);
  REQUIRE(ts.slices.size() == 12);
  REQUIRE(ts.cold);
  REQUIRE(ts.sustained);
  CHECK(*ts.cold->fps == doctest::Approx(s.fps(2, 32)).epsilon(0.002));
  CHECK(*ts.cold->power_w == doctest::Approx(s.power(2, 32)).epsilon(0.002));
  CHECK(*ts.sustained->fps == doctest::Approx(s.fps(62, 122)).epsilon(0.002));
  CHECK(*ts.sustained->fps_per_w == doctest::Approx(s.fps(62, 122) / s.power(62, 122)).epsilon(0.003));
  CHECK(*ts.cold->fps_ci_pct < 0.5);                        // steady before the throttle
  CHECK(*ts.sustained->fps_ci_pct > *ts.cold->fps_ci_pct);  // still falling early in the last minute
  REQUIRE(ts.throttling);
  CHECK(ts.throttling->thermal);
  CHECK(ts.throttling->start_into_window_s >= 40);
  CHECK(ts.throttling->start_into_window_s <= 42);
  CHECK(*ts.throttling->fps_drop_pct > 25);
  CHECK(ts.throttling->temp_channel == "card.temp_c");
  CHECK(ts.throttling->text.find("throttling from") == 0);
  // Slices: the first at full rate, the last near 70 %.
  CHECK(*ts.slices.front().fps == doctest::Approx(1000).epsilon(0.002));
  CHECK(*ts.slices.back().fps == doctest::Approx(700).epsilon(0.01));
  CHECK(ts.slices.front().temps_c.count("card.temp_c"));
}

TEST_CASE("time slices: no running count means no FPS per slice, said, and power still sliced") {
  Synthetic s;
  wb::SustainedConfig cfg;
  auto ts = s.run(cfg, true, false);
  CHECK(ts.fps_source.find("no running count") != std::string::npos);
  CHECK_FALSE(ts.slices.front().fps);
  CHECK(ts.slices.front().power_w);
  REQUIRE(ts.cold);
  CHECK_FALSE(ts.cold->fps_per_w);
  CHECK_FALSE(ts.throttling);  // FPS unknown and no clock channel: nothing to call throttling
}

TEST_CASE("time slices: a slowdown without a temperature rise is not called thermal throttling") {
  Synthetic s;
  wb::SustainedConfig cfg;
  wb::SliceAccumulator acc(s.w, cfg);
  for (double t = s.w.start_s + 0.005; t < s.w.end_s; t += 0.01) {
    acc.add_power("rail", t, 4.0);
    acc.add_temperature("card.temp_c", t, 40.0);
  }
  std::vector<wb::ProgressPoint> progress;
  for (double t = s.w.start_s + 1; t < s.w.end_s; t += 1)
    progress.push_back({t, std::floor(1000 * s.th.fps_integral(t - s.w.start_s))});
  auto ts = acc.finish(progress, std::nullopt, "tool");
  REQUIRE(ts.throttling);
  CHECK_FALSE(ts.throttling->thermal);
  CHECK(ts.throttling->text.find("not thermal") != std::string::npos);
}

TEST_CASE("time slices: a clock channel that falls is throttling even without FPS") {
  Synthetic s;
  wb::SustainedConfig cfg;
  wb::SliceAccumulator acc(s.w, cfg);
  for (double t = s.w.start_s + 0.005; t < s.w.end_s; t += 0.01) {
    acc.add_power("rail", t, 4.0);
    acc.add_clock("gpu.sm_clock_mhz", t, 2520 * s.th.factor(t - s.w.start_s, 0.25));
    acc.add_temperature("gpu.temp_c", t, s.temp(t));
  }
  auto ts = acc.finish({}, std::nullopt, "tool");
  REQUIRE(ts.throttling);
  CHECK(ts.throttling->clock_channel == "gpu.sm_clock_mhz");
  CHECK(*ts.throttling->clock_drop_pct > 15);
  CHECK(ts.throttling->start_into_window_s == doctest::Approx(41).epsilon(0.03));
}

TEST_CASE("time slices: a window shorter than cold + sustained has slices but no spans") {
  Synthetic s;
  s.w.end_s = s.w.start_s + 60;
  wb::SustainedConfig cfg;
  auto ts = s.run(cfg);
  CHECK(ts.slices.size() == 6);
  CHECK_FALSE(ts.cold);
  CHECK_FALSE(ts.throttling);
}

TEST_CASE("sim throttle: time_of inverts fps_integral, so fakes that pace frames one by one follow the curve") {
  wb::sim::Throttle th{10, 0.3, 0.2, 4};
  CHECK(th.time_of(7.5) == 7.5);  // before the onset the card runs cold
  for (double t : {10.0, 10.5, 13.0, 40.0, 300.0})
    CHECK(th.time_of(th.fps_integral(t)) == doctest::Approx(t).epsilon(1e-9));
  CHECK(wb::sim::Throttle{}.time_of(42.0) == 42.0);  // never throttles
  wb::sim::Throttle full{5, 1.0, 0, 2};              // a card that stops: its slope bound is no bound, still found
  CHECK(full.fps_integral(full.time_of(6.0)) == doctest::Approx(6.0));
}

TEST_CASE("time slices: a sustained span that does not start on a 1 s bin edge still gets its power") {
  // A window 0.1 ms longer than whole seconds (a tool's 30 s measured as 30.0001 s): the
  // sustained span starts a sliver into a bin, which must not cost it a whole second.
  Synthetic s;
  s.w = {4.0, 34.0001, "test", ""};
  s.th = {10, 0.3, 0.2, 2};
  wb::SustainedConfig cfg;
  cfg.slice_s = 3;
  cfg.cold_s = 6;
  cfg.sustained_s = 6;
  auto ts = s.run(cfg);
  REQUIRE(ts.sustained);
  REQUIRE(ts.sustained->power_w);
  CHECK(*ts.sustained->power_w == doctest::Approx(s.power(28.0001, 34.0001)).epsilon(0.003));
  REQUIRE(ts.sustained->fps_per_w);
}

TEST_CASE("time slices: the onset holds over a slice, neither a late progress line nor a gap in the log moves it") {
  Synthetic s;  // throttles 40 s into the window
  wb::SustainedConfig cfg;
  auto run_with = [&](const std::function<bool(double)>& keep, double late_at) {
    wb::SliceAccumulator acc(s.w, cfg);
    for (double t = s.w.start_s + 0.005; t < s.w.end_s; t += 0.01) {
      acc.add_power("rail", t, s.w0 * s.th.factor(t - s.w.start_s, s.th.power_drop));
      acc.add_temperature("card.temp_c", t, s.temp(t));
    }
    std::vector<wb::ProgressPoint> progress;
    for (double t = s.w.start_s + 0.1; t < s.w.end_s; t += 0.1) {
      if (!keep(t - s.w.start_s)) continue;
      // A line that reached us late carries the count of when it was printed.
      double arrived = std::abs(t - s.w.start_s - late_at) < 0.05 ? t + 0.06 : t;
      progress.push_back({arrived, std::floor(s.fps0 * s.th.fps_integral(t - s.w.start_s))});
    }
    return acc.finish(progress, std::floor(s.fps0 * s.th.fps_integral(s.w.length())), "tool");
  };
  struct {
    const char* name;
    std::function<bool(double)> keep;
    double late_at;
  } cases[] = {{"one progress line 60 ms late at 15 s", [](double) { return true; }, 15.0},
               {"the log's lines from 10 s to 25 s not kept", [](double t) { return t < 10 || t > 25; }, -1}};
  for (const auto& c : cases) {
    CAPTURE(std::string(c.name));
    auto ts = run_with(c.keep, c.late_at);
    REQUIRE(ts.throttling);
    CHECK(ts.throttling->start_into_window_s >= 40);
    CHECK(ts.throttling->start_into_window_s <= 42);
    if (c.late_at < 0) {
      CHECK_FALSE(ts.slices[1].fps);  // 10–20 s: inside the gap, no rate rather than an average
      CHECK_FALSE(ts.slices[2].fps);
      CHECK(ts.slices[4].fps);
    }
  }
}
