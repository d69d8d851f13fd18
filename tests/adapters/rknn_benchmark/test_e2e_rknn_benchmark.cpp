// rknn_benchmark end to end on the simulated ROCK 5B: within 1 % of truth, and an rknn_init failure.
#include <doctest/doctest.h>

#include "e2e_support.hpp"

using namespace wb::e2e;

TEST_CASE("rknn_benchmark: the simulated RK3588 bench runs end to end within 1 % of truth") {
  auto o = run_once("rknn", "configs/sim/rock5b-resnet50-rknn.yaml", {"phases.idle_s=0.5"});
  CHECK(o.run["fps_per_w"].get<double>() == doctest::Approx(o.truth["fps_per_w"].get<double>()).epsilon(0.01));
  CHECK(o.run["window_source"].get<std::string>().find("marker") != std::string::npos);
  CHECK(o.run["tool_extras"]["core_mask"]["value"] == 7);
  fs::remove_all(o.out);
}

TEST_CASE("rknn_benchmark: an unloadable model fails the run with the runtime's reason") {
  auto out = fresh_dir("rknn-model-error");
  auto r = wattbench({"run", "configs/sim/rock5b-resnet50-rknn.yaml", "--output", out.string(), "--set", "repeat=1",
                      "--set", "phases.idle_s=0.5", "--set", "sim.model_error=Invalid RKNN model version 6"});
  INFO(r.out);
  auto run = read_json(out / "summary.json")["variants"][0]["runs"][0];
  CHECK(run["status"] == "failed");
  CHECK(run["reason"].get<std::string>().find("Invalid RKNN model version 6") != std::string::npos);
  fs::remove_all(out);
}

TEST_CASE("wattbench parse --tool rknn_benchmark reads a saved log") {
  auto r =
      wattbench({"parse", "rknn_benchmark", "tests/fixtures/rknn_benchmark/rknn_benchmark_rk3588_resnet50_v2.3.2.txt"});
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j[0]["result"]["fps"].get<double>() == doctest::Approx(83.836));
}
