// A sustained run on a simulated Hailo-8 that throttles (configs/sim/hailo8-sustained-throttle.yaml,
// shortened from 20 minutes): cold and sustained FPS/W against the bench's truth, the throttling
// named with its start, and all of it in summary.json, the terminal, Markdown and report.html.
#include <doctest/doctest.h>

#include "tests/e2e_support.hpp"
#include "tests/file_text.hpp"

using namespace wb::e2e;

namespace {
// min_duration_s equals the run length: a window a few ms short of it still counts.
const std::vector<std::string> kShortened{
    "benchmark.args.time_s=45", "sustained.min_duration_s=45", "sustained.cold_s=10",  "sustained.sustained_s=10",
    "sustained.slice_s=5",      "sim.throttle_after_s=15",     "sim.throttle_tau_s=3", "sim.thermal_tau_s=15"};
const char* kConfig = "configs/sim/hailo8-sustained-throttle.yaml";

// Cold and sustained FPS/W within 1 % of truth, the throttling named thermal with its onset
// within [-0.5, +2] s of the simulated card's and a drop of more than 20 %; returns the finding.
nlohmann::json check_throttling_found(const OneRun& o) {
  CHECK(std::abs(o.run["cold_error_pct"].get<double>()) < 1.0);
  CHECK(std::abs(o.run["sustained_error_pct"].get<double>()) < 1.0);
  const auto& th = o.run["time_slices"]["throttling"];
  REQUIRE(th.is_object());
  CHECK(th["thermal"] == true);
  double truth_start = o.truth["throttle_start_s"].get<double>();
  CHECK(th["start_s"].get<double>() >= truth_start - 0.5);
  CHECK(th["start_s"].get<double>() <= truth_start + 2.0);
  CHECK(th["fps_drop_pct"].get<double>() > 20);
  return th;
}
}  // namespace

TEST_CASE("sustained run: cold and sustained FPS/W within 1 % of truth, throttling named with its start") {
  auto out = fresh_dir("sustained");
  auto r = run_config(kConfig, out, kShortened);
  auto o = ok_run(r, out);
  const auto& ts = o.run["time_slices"];
  REQUIRE(ts.is_object());
  CHECK(ts["slices"].size() == 9);
  CHECK(ts["cold"]["fps_ci_pct"].is_number());
  CHECK(ts["sustained"]["fps_per_w"].get<double>() < ts["cold"]["fps_per_w"].get<double>());
  auto th = check_throttling_found(o);
  // The terminal, Markdown and HTML say it too.
  CHECK(r.out.find("Throttling") != std::string::npos);
  CHECK(r.out.find("Sustained") != std::string::npos);
  auto md = wb::test::slurp(out / "summary.md");
  CHECK(md.find("| Cold |") != std::string::npos);
  CHECK(md.find("### Time slices") != std::string::npos);
  auto html = wb::test::slurp(out / "report.html");
  CHECK(html.find("data-plot=\"slices-default-1\"") != std::string::npos);
  CHECK(html.find("throttling from t =") != std::string::npos);
  fs::remove_all(out);
}

TEST_CASE("sustained run: a window shorter than sustained.min_duration_s is invalid, with the rule named") {
  auto out = fresh_dir("sustained-short");
  auto sets = kShortened;
  sets.push_back("benchmark.args.time_s=12");
  sets.push_back("sustained.min_duration_s=20");
  auto r = run_config(kConfig, out, sets);
  INFO(r.out);
  auto run = read_json(out / "summary.json")["variants"][0]["runs"][0];
  CHECK(run["status"] == "invalid");
  CHECK(run["reason"].get<std::string>().find("sustained.min_duration_s") != std::string::npos);
  fs::remove_all(out);
}

// The same finding from rknn_benchmark's per-run lines (configs/sim/rock5b-rknn-sustained-throttle.yaml,
// shortened): 9000 runs at 250 FPS falling 30 % from 15 s take about 44 s.
TEST_CASE("sustained run with rknn_benchmark: FPS per slice from its per-run lines, throttling named with its start") {
  auto out = fresh_dir("sustained-rknn");
  auto r = run_config("configs/sim/rock5b-rknn-sustained-throttle.yaml", out,
                      {"benchmark.args.loop_count=9000", "sustained.min_duration_s=40", "sustained.cold_s=10",
                       "sustained.sustained_s=10", "sustained.slice_s=5", "sim.throttle_after_s=15",
                       "sim.throttle_tau_s=3", "sim.thermal_tau_s=15"});
  auto o = ok_run(r, out);
  const auto& ts = o.run["time_slices"];
  REQUIRE(ts.is_object());
  CHECK(ts["fps_source"].get<std::string>().find("running frame count rknn_benchmark prints") != std::string::npos);
  auto th = check_throttling_found(o);
  CHECK(th["fps_drop_pct"].get<double>() < 32);
  fs::remove_all(out);
}

// trtexec prints nothing while it runs; its --exportTimes trace, placed back from the report's first
// line, gives the FPS per slice (configs/sim/jetson-orin-nano-trtexec.yaml made a 30 s throttling run).
TEST_CASE("sustained run with trtexec: FPS per slice from its --exportTimes trace, throttling named with its start") {
  auto out = fresh_dir("sustained-trtexec");
  auto r = run_config(
      "configs/sim/jetson-orin-nano-trtexec.yaml", out,
      {"repeat=1", "benchmark.args.duration_s=30", "sustained.min_duration_s=29", "sustained.cold_s=6",
       "sustained.sustained_s=6", "sustained.slice_s=3", "sim.throttle_after_s=10", "sim.throttle_fps_drop_pct=30",
       "sim.throttle_power_drop_pct=20", "sim.throttle_tau_s=2", "sim.thermal_tau_s=10", "sim.thermal_c_per_w=6"});
  auto o = ok_run(r, out);
  const auto& ts = o.run["time_slices"];
  REQUIRE(ts.is_object());
  CHECK(ts["fps_source"].get<std::string>().find("trtexec") != std::string::npos);
  CHECK(ts["slices"][0]["fps"].is_number());
  CHECK(std::abs(o.run["cold_error_pct"].get<double>()) < 1.0);
  CHECK(std::abs(o.run["sustained_error_pct"].get<double>()) < 1.0);
  const auto& th = ts["throttling"];
  REQUIRE(th.is_object());
  double truth_start = o.truth["throttle_start_s"].get<double>();
  CHECK(th["start_s"].get<double>() >= truth_start - 0.5);
  CHECK(th["start_s"].get<double>() <= truth_start + 2.0);
  CHECK(th["fps_drop_pct"].get<double>() > 20);
  CHECK(th["fps_drop_pct"].get<double>() < 32);
  fs::remove_all(out);
}
