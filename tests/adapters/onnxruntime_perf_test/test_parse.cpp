// onnxruntime_perf_test parser and adapter on the fixtures and on variants from the format rules.
#include <doctest/doctest.h>

#include "config_test_support.hpp"
#include "fixture.hpp"

#include <filesystem>
#include <fstream>

#include "adapters/onnxruntime_perf_test/adapter.hpp"
#include "adapters/onnxruntime_perf_test/parse.hpp"
#include "harness/config/benchmark_config.hpp"
#include "harness/config/config.hpp"
#include "harness/plugin/tool_kind.hpp"

using namespace wb;
using namespace wb::onnxruntime_perf_test;
namespace fs = std::filesystem;

static std::string ort(const std::string& name) { return read_fixture("onnxruntime_perf_test/" + name); }

TEST_CASE("onnxruntime_perf_test: 77e6dc9a summary, DumpToFile tail and -s statistics") {
  auto o = parse(ort("perf_test_openvino_1.19_stats.txt"), "f");
  CHECK(*o.requests == 1163);
  CHECK(*o.run_time_s == doctest::Approx(10.0158));
  CHECK(*o.total_time_cost_s == doctest::Approx(10.0004));
  CHECK(*o.per_second == doctest::Approx(116.118));  // the trailing space is not part of the number
  CHECK(*o.average_ms == doctest::Approx(8.5988));
  CHECK(*o.first_inference_ms == 27);
  CHECK(*o.session_creation_s == doctest::Approx(0.412883));
  CHECK(*o.cpu_usage_pct == 96);
  CHECK(*o.peak_working_set_bytes == 176730112);
  CHECK(*o.runs == 1163);
  CHECK(o.latency_s.at("P999") == doctest::Approx(0.0149277));
  CHECK(o.latency_s.size() == 7);
}

TEST_CASE("onnxruntime_perf_test: newest 'total' wording, a build without per-second, the 2019 block") {
  auto n = parse(ort("perf_test_newest_total_wording.txt"), "f");
  CHECK(*n.average_ms == doctest::Approx(98.961997));
  CHECK(*n.per_second == doctest::Approx(10.104));
  auto o = parse(ort("perf_test_no_per_second_no_stats.txt"), "f");
  CHECK_FALSE(o.per_second.has_value());
  CHECK_FALSE(o.first_inference_ms.has_value());
  CHECK(o.latency_s.empty());
  auto old = parse(ort("perf_test_2019_total_time_cost.txt"), "f");
  CHECK(*old.requests == 1000);
  CHECK(*old.total_time_cost_s == doctest::Approx(2.41805));
  CHECK_FALSE(old.run_time_s.has_value());
  CHECK(*old.average_ms == doctest::Approx(2.41805));
}

TEST_CASE("onnxruntime_perf_test: malformed input names the file, line and what was expected") {
  CHECK_THROWS_WITH_AS(parse("Setting intra_op_num_threads to 4\n", "cut.txt"),
                       doctest::Contains("cut.txt: no 'Total inference requests"), ParseError);
  CHECK_THROWS_WITH_AS(parse("Total inference requests: 10\nTotal inference run time: 1.5 ms\n", "u.txt"),
                       doctest::Contains("u.txt:2: Total inference run time: expected the unit 's', found 'ms'"),
                       ParseError);
  CHECK_THROWS_WITH_AS(parse("Total inference requests: ten\n", "n.txt"),
                       doctest::Contains("n.txt:1: Total inference requests: expected a number"), ParseError);
  CHECK_THROWS_AS(parse("Total inference requests: 0\nTotal inference run time: 1 s\n", "z"), ParseError);
  CHECK_THROWS_AS(parse("Total inference requests: 5\n", "z"), ParseError);  // no time at all
  CHECK_THROWS_AS(parse("Total inference requests: 5\nP50 Latency: 3 ms\nTotal inference run time: 1 s\n", "z"),
                  ParseError);
}

TEST_CASE("onnxruntime_perf_test adapter: figures, the execution provider, the window anchor and a load failure") {
  auto dir = fs::temp_directory_path() / "wattbench-ort-adapter";
  fs::create_directories(dir);
  std::ofstream(dir / "out.log") << ort("perf_test_openvino_1.19_stats.txt");
  std::ofstream(dir / "err.log") << "";
  ToolInvocation inv;
  inv.context = {{"batch", 2}, {"execution_provider", "openvino"}, {"model", "m.onnx"}};
  const Adapter& ad = onnxruntime_perf_test_adapter();
  auto t = ad.parse_run(dir, dir / "out.log", dir / "err.log", inv);
  CHECK(*t.fps == doctest::Approx(116.118 * 2));
  CHECK(*t.frames == 2326);
  CHECK(*t.measured_s == doctest::Approx(10.0158));
  CHECK(t.extras["execution_provider"] == "openvino");
  CHECK(t.extras["latency_ms"]["P50"].get<double>() == doctest::Approx(8.51017));
  CHECK(t.model == "m.onnx");

  std::ofstream(dir / "out.log") << ort("perf_test_no_per_second_no_stats.txt");
  auto u = ad.parse_run(dir, dir / "out.log", dir / "err.log", inv);
  CHECK(*u.fps == doctest::Approx(100 / 0.00417042 * 2));  // requests over the run time
  CHECK(u.extras["first_inference_ms"].is_null());

  std::ofstream(dir / "out.log") << "";
  std::ofstream(dir / "err.log") << ort("perf_test_model_error_stderr.txt");
  CHECK_THROWS_WITH_AS(
      ad.parse_run(dir, dir / "out.log", dir / "err.log", inv),
      doctest::Contains("Could not find an implementation for QLinearSoftmax(1) node with name 'softmax_q'"),
      ToolError);

  std::vector<TimedLine> lines{{1.0, 1, "Setting intra_op_num_threads to 1"},
                               {7.25, 1, "Session creation time cost: 0.2 s"},
                               {7.26, 1, "First inference time cost: 3 ms"}};
  auto w = ad.window_evidence(lines, inv);
  REQUIRE(w.end_anchor_s.has_value());
  CHECK(*w.end_anchor_s == 7.25);
  auto parsed = ad.parse_files({fs::path(WB_FIXTURES) / "onnxruntime_perf_test/perf_test_newest_total_wording.txt"});
  CHECK(parsed[0]["result"]["fps"].get<double>() == doctest::Approx(10.104));
  fs::remove_all(dir);
}

TEST_CASE("onnxruntime_perf_test config: arguments checked, command line built") {
  fs::path cfg = fs::path(WB_SOURCE_DIR) / "configs/sim/ryzen-ai-resnet50-ort-vitisai.yaml";
  CHECK_FALSE(config_test::load_error(cfg, {}).has_value());
  CHECK(config_test::load_error(cfg, {"benchmark.args.execution_provider=npu"})->find("execution_provider") !=
        std::string::npos);
  CHECK(config_test::load_error(cfg, {"benchmark.args.repeats=10"})->find("only with mode: times") !=
        std::string::npos);
  CHECK(config_test::load_error(cfg, {"benchmark.args.duration_s=2.5"}).has_value());
  Config c = load_config(cfg, {});
  auto inv = onnxruntime_perf_test_adapter().invocation(c.benchmark, c.dir);
  std::vector<std::string> want{
      "-e", "vitisai", "-m", "duration", "-t", "5", "-x", "1", "-i", "config_file|vaip_config.json", "-I", "-s"};
  REQUIRE(inv.args.size() == want.size() + 1);
  CHECK(std::vector<std::string>(inv.args.begin(), inv.args.end() - 1) == want);
  CHECK(inv.args.back().find("resnet50-v1-12-int8.onnx") != std::string::npos);
  CHECK(*inv.expected_s == 5);
}
