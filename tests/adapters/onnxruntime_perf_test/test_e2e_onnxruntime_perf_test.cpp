// onnxruntime_perf_test end to end on the simulated Ryzen AI bench: within 1 % of truth, each
// wording, and a model the provider cannot load.
#include <doctest/doctest.h>

#include "e2e_support.hpp"

using namespace wb::e2e;

TEST_CASE("onnxruntime_perf_test: the simulated VitisAI bench runs end to end within 1 % of truth") {
  // The newest wording (the default) and the 77e6dc9a one.
  for (std::vector<std::string> sets :
       {std::vector<std::string>{}, std::vector<std::string>{"sim.tool_version=\"1.19\""}}) {
    CAPTURE(sets.size());
    sets.insert(sets.end(), {"benchmark.args.duration_s=4", "phases.idle_s=0.5"});
    auto o = run_once("ort", "configs/sim/ryzen-ai-resnet50-ort-vitisai.yaml", sets);
    CHECK(o.run["fps_per_w"].get<double>() == doctest::Approx(o.truth["fps_per_w"].get<double>()).epsilon(0.01));
    CHECK(o.run["tool_extras"]["execution_provider"] == "vitisai");
    fs::remove_all(o.out);
  }
}

TEST_CASE("onnxruntime_perf_test: a model that fails at session creation fails the run with the tool's reason") {
  auto out = fresh_dir("ort-model-error");
  auto r = wattbench({"run", "configs/sim/ryzen-ai-resnet50-ort-vitisai.yaml", "--output", out.string(), "--set",
                      "repeat=1", "--set", "phases.idle_s=0.5", "--set",
                      "sim.model_error=Could not find an implementation for QLinearSoftmax(1) node with name 'sm'"});
  INFO(r.out);
  auto s = read_json(out / "summary.json");
  auto run = s["variants"][0]["runs"][0];
  CHECK(run["status"] == "failed");
  CHECK(run["reason"].get<std::string>().find("Could not find an implementation for QLinearSoftmax(1)") !=
        std::string::npos);
  fs::remove_all(out);
}

TEST_CASE("wattbench parse --tool onnxruntime_perf_test reads a saved summary") {
  auto r = wattbench(
      {"parse", "onnxruntime_perf_test", "tests/fixtures/onnxruntime_perf_test/perf_test_openvino_1.19_stats.txt"});
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j[0]["result"]["frames"].get<double>() == 1163);
}
