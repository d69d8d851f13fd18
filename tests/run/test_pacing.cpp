// Paced runs: benchmark.target_fps checked against each tool's own rate cap and passed in its
// flag, the achieved rate judged against the target, and the idle-to-full load curve of a sweep.
#include <doctest/doctest.h>

#include <cmath>

#include "adapters/acclbench/adapter.hpp"
#include "adapters/benchmark_app/adapter.hpp"
#include "adapters/benchmark_model/adapter.hpp"
#include "adapters/hailortcli/adapter.hpp"
#include "harness/analysis/validity.hpp"
#include "harness/config/config.hpp"
#include "harness/report/reporters.hpp"
#include "tests/config_test_support.hpp"

using namespace wb;
namespace fs = std::filesystem;

namespace {
fs::path sim_config(const char* name) { return fs::path(WB_SOURCE_DIR) / "configs/sim" / name; }
std::string load_err(const char* name, std::vector<std::string> sets) {
  return config_test::load_error(sim_config(name), sets).value_or("");
}
bool contains(const std::vector<std::string>& args, const std::vector<std::string>& seq) {
  return std::search(args.begin(), args.end(), seq.begin(), seq.end()) != args.end();
}
}  // namespace

TEST_CASE("target_fps: each tool's own flag, or an error naming the key and why") {
  // hailortcli: run2 only, whole frames per second, after set-net <hef>.
  CHECK(load_err("hailo8-resnet50.yaml", {"benchmark.target_fps=30"}).find("only mode run2 caps its rate") !=
        std::string::npos);
  CHECK(load_err("hailo8-resnet50.yaml", {"benchmark.target_fps=30"}).find("benchmark.target_fps") !=
        std::string::npos);
  CHECK(load_err("hailo8-resnet50.yaml", {"benchmark.args.mode=run2", "benchmark.target_fps=29.97"})
            .find("whole frames") != std::string::npos);
  CHECK(load_err("hailo8-resnet50.yaml", {"benchmark.args.mode=run2", "benchmark.target_fps=-5"}).find("target_fps") !=
        std::string::npos);
  Config h = load_config(sim_config("hailo8-resnet50.yaml"), {"benchmark.args.mode=run2", "benchmark.target_fps=120"});
  auto hinv = hailortcli_adapter().invocation(h.benchmark, h.dir);
  auto set_net = std::find(hinv.args.begin(), hinv.args.end(), "set-net");
  REQUIRE(set_net != hinv.args.end());
  CHECK(contains(std::vector<std::string>(set_net, hinv.args.end()), {"--framerate", "120"}));

  // acclBench: --max_fps is per stream, so the target is split over the streams.
  CHECK(
      load_err("mx3-resnet50.yaml", {"benchmark.args.streams=2", "benchmark.target_fps=61"}).find("30.5 per stream") !=
      std::string::npos);
  CHECK(load_err("mx3-resnet50.yaml", {"benchmark.args.max_fps=100", "benchmark.target_fps=60"}).find("keep one") !=
        std::string::npos);
  Config m = load_config(sim_config("mx3-resnet50.yaml"), {"benchmark.args.streams=2", "benchmark.target_fps=120"});
  auto minv = acclbench_adapter().invocation(m.benchmark, m.dir);
  CHECK(contains(minv.args, {"--max_fps", "60"}));
  CHECK(minv.context["max_fps"].get<long long>() == 60);

  // benchmark_app: -max_irate in frames per second, fractions kept.
  Config o = load_config(sim_config("x86-cpu-openvino-rapl.yaml"), {"benchmark.target_fps=29.97"});
  CHECK(contains(benchmark_app_adapter().invocation(o.benchmark, o.dir).args, {"-max_irate", "29.97"}));
  CHECK(load_err("x86-cpu-openvino-rapl.yaml", {"benchmark.args.max_fps=10", "benchmark.target_fps=30"})
            .find("keep one") != std::string::npos);

  // benchmark_model: --run_frequency; paced, its 1/average is no phase length.
  Config t = load_config(sim_config("x86-cpu-tflite-rapl.yaml"), {"benchmark.target_fps=12.5"});
  auto tinv = benchmark_model_adapter().invocation(t.benchmark, t.dir);
  CHECK(std::find(tinv.args.begin(), tinv.args.end(), "--run_frequency=12.5") != tinv.args.end());

  // A tool with no cap at all.
  CHECK(load_err("deepx-m1-resnet50.yaml", {"benchmark.target_fps=30"}).find("has no option that caps its rate") !=
        std::string::npos);
  CHECK(load_err("hailo8-resnet50.yaml", {"validity.rate_tolerance_pct=0"}).find("rate_tolerance_pct") !=
        std::string::npos);
}

TEST_CASE("paced run validity: achieved rate against the target, both ways") {
  CHECK(rate_problem(29.9, 30, 5).empty());
  CHECK(rate_problem(31.4, 30, 5).empty());
  CHECK(rate_problem(1371, 30, 5).find("ignored the rate cap") != std::string::npos);
  auto low = rate_problem(25, 30, 5);
  CHECK(low.find("missed its target rate") != std::string::npos);
  CHECK(low.find("-16.7 %") != std::string::npos);
  // The tool's figure stands unless frames over the window disagree beyond the window's uncertainty.
  CHECK_FALSE(achieved_rate(100.0, 1000.0, 10.0, 0.0).has_value());
  CHECK_FALSE(achieved_rate(100.0, 1005.0, 10.0, 0.1).has_value());
  auto counted = achieved_rate(400.0, 1000.0, 10.0, 0.01);  // a tool timing each inference alone
  REQUIRE(counted.has_value());
  CHECK(*counted == doctest::Approx(100.0));
  CHECK(achieved_rate(std::nullopt, 500.0, 10.0, 0).value_or(0) == doctest::Approx(50.0));
  CHECK_FALSE(achieved_rate(100.0, std::nullopt, 10.0, 0).has_value());
}

namespace {
// A variant whose one ok run has these means (idle 0.5 W).
VariantRecord variant(const std::string& id, nlohmann::json params, std::optional<double> target, double fps,
                      double power_w) {
  VariantRecord v;
  v.id = id;
  v.params = std::move(params);
  RunRecord r;
  r.index = 1;
  r.target_fps = target;
  r.fps = fps;
  r.power_w = power_w;
  r.idle_power_w = 0.5;
  r.dynamic_power_w = power_w - 0.5;
  r.fps_per_w = fps / power_w;
  r.j_per_inference = power_w / fps;
  v.runs.push_back(r);
  compute_aggregates(v);
  return v;
}
}  // namespace

TEST_CASE("load curve: idle to full per group, power that does not follow the load flagged") {
  Summary s;
  // Two models × three rates; model b's card keeps drawing full power when paced.
  s.variants.push_back(variant("a-30", {{"model", "a"}, {"rate", "r30"}}, 30, 30, 0.6));
  s.variants.push_back(variant("a-300", {{"model", "a"}, {"rate", "r300"}}, 300, 300, 1.5));
  s.variants.push_back(variant("a-full", {{"model", "a"}, {"rate", "full"}}, std::nullopt, 1000, 3.5));
  s.variants.push_back(variant("b-30", {{"model", "b"}, {"rate", "r30"}}, 30, 30, 3.4));
  s.variants.push_back(variant("b-300", {{"model", "b"}, {"rate", "r300"}}, 300, 300, 3.45));
  s.variants.push_back(variant("b-full", {{"model", "b"}, {"rate", "full"}}, std::nullopt, 1000, 3.5));
  compute_load_curves(s);
  REQUIRE(s.load_curves.size() == 2);
  const auto& a = s.load_curves[0];
  CHECK(a.group == "model=a");
  REQUIRE(a.points.size() == 4);
  CHECK(a.points[0].variant == "idle");
  CHECK(*a.points[0].power_w == doctest::Approx(0.5));
  CHECK(a.points[1].variant == "a-30");
  CHECK(*a.points[1].load_pct == doctest::Approx(3.0));
  CHECK(*a.points[2].dynamic_pct == doctest::Approx(100.0 * 1.0 / 3.0));
  CHECK(*a.points[3].load_pct == doctest::Approx(100.0));
  CHECK(a.warnings.empty());
  const auto& b = s.load_curves[1];
  CHECK(b.group == "model=b");
  REQUIRE(b.warnings.size() == 2);
  CHECK(b.warnings[0].find("power did not drop") != std::string::npos);
  CHECK(s.variants[3].warnings.size() == 1);  // on the variant too
  CHECK(s.variants[0].warnings.empty());

  auto t = load_curve_table(a);
  CHECK(t.rows.size() == 4);
  CHECK(t.rows[3][1] == "unpaced");
  CHECK(t.rows[0][7] == "—");  // no J/inference at idle

  // No unpaced variant: the curve says what is missing, and judges nothing.
  Summary only_paced;
  only_paced.variants.push_back(variant("r30", {{"rate", "r30"}}, 30, 30, 3.4));
  only_paced.variants.push_back(variant("r300", {{"rate", "r300"}}, 300, 300, 3.45));
  compute_load_curves(only_paced);
  REQUIRE(only_paced.load_curves.size() == 1);
  CHECK(only_paced.load_curves[0].warnings.size() == 1);
  CHECK(only_paced.load_curves[0].warnings[0].find("no unpaced variant") != std::string::npos);

  // No paced run at all: no curve.
  Summary flat;
  flat.variants.push_back(variant("default", nlohmann::json::object(), std::nullopt, 1000, 3.5));
  compute_load_curves(flat);
  CHECK(flat.load_curves.empty());
}
