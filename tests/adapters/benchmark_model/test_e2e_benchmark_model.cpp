// benchmark_model paced runs end to end on the simulated x86 RAPL bench: the card idles between
// runs and draws power by the share of its rate, so 1 / latency as the rate would be punished;
// FPS/W within 1 % of the simulator's truth.
#include <doctest/doctest.h>

#include "e2e_support.hpp"

using namespace wb::e2e;

namespace {
// The run must be judged on runs over its window: the tool's 1e6 / average is several times more.
void check_paced(const OneRun& o) {
  double fps = o.run["fps"].get<double>(), truth = o.truth["fps"].get<double>();
  CHECK(fps == doctest::Approx(truth).epsilon(0.01));
  CHECK(o.run["fps_per_w"].get<double>() == doctest::Approx(o.truth["fps_per_w"].get<double>()).epsilon(0.01));
  double back_to_back = o.run["tool_extras"]["other_fps"]["back_to_back"].get<double>();
  CHECK(back_to_back > 2 * fps);
  CHECK(o.run["latency_mean_ms"].get<double>() == doctest::Approx(1000 / back_to_back));
  CHECK(o.run["window_source"] == "markers");
}
}  // namespace

TEST_CASE("benchmark_model --run_frequency: runs over the banner-to-stat-line window, within 1 % of truth") {
  auto o = run_once("bm-freq", "configs/sim/x86-cpu-tflite-rapl.yaml",
                    {"benchmark.args.run_frequency=40", "benchmark.args.min_secs=3", "phases.idle_s=0.5"});
  check_paced(o);
  CHECK(o.run["fps"].get<double>() == doctest::Approx(40).epsilon(0.01));
  fs::remove_all(o.out);
}

TEST_CASE("benchmark_model --run_delay (TF 2.12 wording): runs over the window, within 1 % of truth") {
  auto o = run_once(
      "bm-delay", "configs/sim/x86-cpu-tflite-rapl.yaml",
      {"benchmark.args.run_delay=0.02", "benchmark.args.min_secs=3", "phases.idle_s=0.5", "sim.tool_version=\"2.12\""});
  check_paced(o);
  fs::remove_all(o.out);
}

TEST_CASE(
    "benchmark_model under benchmark.target_fps (the equal-load mode): the achieved rate counted, within 1 % of "
    "truth") {
  auto o = run_once("bm-target", "configs/sim/x86-cpu-tflite-rapl.yaml",
                    {"benchmark.target_fps=25", "benchmark.args.min_secs=3", "phases.idle_s=0.5"});
  check_paced(o);
  CHECK(std::abs(o.run["rate_error_pct"].get<double>()) < 1.0);
  CHECK(o.run["warnings"].dump().find("is not the rate it ran at") == std::string::npos);  // no tool figure to overrule
  fs::remove_all(o.out);
}

TEST_CASE(
    "benchmark_model TF 1.13 (everything on stderr, 'Initialized session in 5.2ms', no stats:): flat out and paced, "
    "within 1 % of truth") {
  auto flat = run_once("bm-tf113", "configs/sim/x86-cpu-tflite-rapl.yaml",
                       {"sim.tool_version=\"1.13\"", "benchmark.args.num_runs=500", "phases.idle_s=0.5"});
  CHECK(flat.run["fps_per_w"].get<double>() == doctest::Approx(flat.truth["fps_per_w"].get<double>()).epsilon(0.01));
  auto tool = read_json(flat.dir / "tool-result.json");
  CHECK(tool["extras"]["init_ms"].get<double>() >
        0);  // "Init: I"; the glued "…ms" line parsed, or the run would have failed
  fs::remove_all(flat.out);
  auto paced = run_once("bm-tf113-delay", "configs/sim/x86-cpu-tflite-rapl.yaml",
                        {"sim.tool_version=\"1.13\"", "benchmark.args.num_runs=120", "benchmark.args.run_delay=0.02",
                         "phases.idle_s=0.5"});
  check_paced(paced);
  fs::remove_all(paced.out);
}
