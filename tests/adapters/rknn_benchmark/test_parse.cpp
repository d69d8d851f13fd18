// rknn_benchmark parser and adapter on the fixtures and on variants from the format rules.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "config_test_support.hpp"
#include "fixture.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapters/files.hpp"
#include "adapters/rknn_benchmark/adapter.hpp"
#include "adapters/rknn_benchmark/parse.hpp"
#include "harness/config/benchmark_config.hpp"
#include "harness/config/config.hpp"
#include "harness/plugin/tool_kind.hpp"

using namespace wb;
using namespace wb::rknn_benchmark;
namespace fs = std::filesystem;

static std::string rk(const std::string& name) { return read_fixture("rknn_benchmark/" + name); }

TEST_CASE("rknn_benchmark: versions, tensors, warm-up and timed lines, the average") {
  auto o = parse(rk("rknn_benchmark_rk3588_resnet50_v2.3.2.txt"), "f");
  CHECK(o.api_version == "2.3.2 (429f97ae6b@2025-04-09T09:09:27)");
  CHECK(o.driver_version == "0.9.8");
  CHECK(o.warmup_ms.size() == 5);
  CHECK(o.warmup_ms[0] == doctest::Approx(31.87));
  REQUIRE(o.run_ms.size() == 10);
  CHECK(o.run_ms[8] == doctest::Approx(12.02));
  CHECK(*o.avg_ms == doctest::Approx(11.93));
  CHECK(*o.avg_fps == doctest::Approx(83.836));
  REQUIRE(o.inputs.size() == 1);
  CHECK(o.inputs[0].dims == "1, 224, 224, 3");
  CHECK(o.inputs[0].type == "INT8");
  CHECK(o.outputs[0].fmt == "UNDEFINED");
  CHECK(*o.weight_bytes == 25722880);
  CHECK(*o.dma_bytes == 28282880);
}

TEST_CASE("rknn_benchmark: a log cut before the average, malformed and out-of-order lines") {
  auto c = parse(rk("rknn_benchmark_v1.6.0_cut_before_average.txt"), "f");
  CHECK(c.driver_version == "0.9.3");
  CHECK(c.run_ms.size() == 6);
  CHECK_FALSE(c.avg_fps.has_value());
  CHECK_THROWS_WITH_AS(parse("Warmup ...\n   0: Elapse Time = 1.00ms, FPS = 1000.00\n", "w.txt"),
                       doctest::Contains("w.txt: no timed iterations"), ParseError);
  CHECK_THROWS_WITH_AS(parse("Begin perf ...\n   0: Elapse Time = x.00ms, FPS = 1.00\n", "b.txt"),
                       doctest::Contains("b.txt:2: Elapse Time: expected a number, found 'x.00'"), ParseError);
  CHECK_THROWS_WITH_AS(parse("Begin perf ...\n   1: Elapse Time = 1.00ms, FPS = 1.00\n", "s.txt"),
                       doctest::Contains("s.txt:2: expected iteration 0"), ParseError);
  CHECK_THROWS_AS(parse("   0: Elapse Time = 1.00ms, FPS = 1.00\n", "o"), ParseError);
}

TEST_CASE("rknn_benchmark adapter: figures, core mask, window markers, the tool's failures") {
  auto dir = fs::temp_directory_path() / "wattbench-rknn-adapter";
  fs::create_directories(dir);
  std::ofstream(dir / "out.log") << rk("rknn_benchmark_rk3588_resnet50_v2.3.2.txt");
  std::ofstream(dir / "err.log") << "";
  ToolInvocation inv;
  inv.context = {{"batch", 1}, {"model", "r.rknn"}, {"core_mask", {{"value", 7}, {"cores", "cores 0-2"}}}};
  const Adapter& ad = rknn_benchmark_adapter();
  auto t = ad.parse_run(dir, dir / "out.log", dir / "err.log", inv);
  CHECK(*t.fps == doctest::Approx(83.836));
  CHECK(*t.frames == 10);
  CHECK(*t.measured_s == doctest::Approx(10 / 83.836));
  CHECK(t.versions.at("rknpu_driver") == "0.9.8");
  CHECK(t.extras["core_mask"]["value"] == 7);

  std::ofstream(dir / "out.log") << rk("rknn_benchmark_v1.6.0_cut_before_average.txt");
  auto c = ad.parse_run(dir, dir / "out.log", dir / "err.log", inv);
  CHECK(*c.measured_s == doctest::Approx((11.92 + 11.88 + 11.97 + 11.90 + 11.94 + 11.89) / 1000));
  CHECK_FALSE(c.warnings.empty());

  std::ofstream(dir / "out.log") << "rknn_init fail! ret=-1\n";
  std::ofstream(dir / "err.log") << "E RKNN: [10:21:32.406] Invalid RKNN model version 6\n";
  CHECK_THROWS_WITH_AS(
      ad.parse_run(dir, dir / "out.log", dir / "err.log", inv),
      doctest::Contains("rknn_init fail! ret=-1 (E RKNN: [10:21:32.406] Invalid RKNN model version 6)"), ToolError);
  std::ofstream(dir / "out.log") << rk("rknn_benchmark_load_image_failed_exit0.txt");
  std::ofstream(dir / "err.log") << "";
  CHECK_THROWS_WITH_AS(ad.parse_run(dir, dir / "out.log", dir / "err.log", inv),
                       doctest::Contains("load image failed!"), ToolError);
  CHECK_THROWS_AS(ad.parse_files({fs::path(WB_FIXTURES) / "rknn_benchmark/rknn_benchmark_init_fail.txt"}), ToolError);

  std::vector<TimedLine> lines{{1.0, 1, "Warmup ..."},
                               {1.1, 1, "   0: Elapse Time = 4.00ms, FPS = 250.00"},
                               {1.5, 1, "Begin perf ..."},
                               {1.504, 1, "   0: Elapse Time = 4.00ms, FPS = 250.00"},
                               {1.508, 1, "   1: Elapse Time = 4.00ms, FPS = 250.00"},
                               {1.509, 1, ""},
                               {1.509, 1, "Avg Time 4.00ms, Avg FPS = 250.000"}};
  auto w = ad.window_evidence(lines, inv);
  REQUIRE(w.marker_start_s.has_value());
  CHECK(*w.marker_start_s == 1.5);
  CHECK(*w.marker_end_s == 1.508);
  fs::remove_all(dir);
}

TEST_CASE("rknn_benchmark config: core_mask checked, positional command line") {
  fs::path cfg = fs::path(WB_SOURCE_DIR) / "configs/sim/rock5b-resnet50-rknn.yaml";
  CHECK_FALSE(config_test::load_error(cfg, {}).has_value());
  CHECK(config_test::load_error(cfg, {"benchmark.args.core_mask=5"})->find("core_mask") != std::string::npos);
  CHECK(config_test::load_error(cfg, {"benchmark.args.loop_count=0"}).has_value());
  Config c = load_config(cfg, {});
  auto inv = rknn_benchmark_adapter().invocation(c.benchmark, c.dir);
  REQUIRE(inv.args.size() == 4);
  CHECK(inv.args[1] == "");  // no input: zero-filled buffers
  CHECK(inv.args[2] == "1000");
  CHECK(inv.args[3] == "7");
}

// The pty fixture's lines stamped as they would arrive: each timed line when its run ends.
static std::vector<TimedLine> pty_lines(double start_s, int stream = 1) {
  std::vector<TimedLine> out;
  std::istringstream in(rk("rknn_benchmark_progress_pty.txt"));
  std::string l;
  double t = start_s - 1;
  bool timed = false;
  while (std::getline(in, l)) {
    if (l.find("Begin perf") != std::string::npos) {
      t = start_s;
      timed = true;
    }
    auto at = l.find("Elapse Time = ");
    if (timed && at != std::string::npos)
      t += std::stod(l.substr(at + 14)) / 1000;
    else if (timed && l.find("Elapse Ti") != std::string::npos)
      t += 0.024;  // the cut line's run
    out.push_back({t, stream, l});
  }
  return out;
}

TEST_CASE("rknn_benchmark progress: one point per timed run by its index, through pty line ends and a cut line") {
  const Adapter& ad = rknn_benchmark_adapter();
  ToolInvocation inv;
  inv.context = {{"batch", 1}};
  auto p = ad.progress(pty_lines(5.0), inv);
  // 10 timed runs, one line cut: 9 points, none from the 5 warm-up lines or the runtime's line.
  REQUIRE(p.size() == 9);
  CHECK(p.front().frames == 1);
  CHECK(p[6].frames == 7);
  CHECK(p[7].frames == 9);  // index 8: the cut line 7 does not shift the count
  CHECK(p.back().frames == 10);
  for (std::size_t i = 1; i < p.size(); ++i) CHECK(p[i].t_s > p[i - 1].t_s);
  // The fixture's runs slow from ~12 ms to ~24 ms: the FPS from the points halves.
  double fast = p[4].frames / (p[4].t_s - 5.0), slow = (p.back().frames - p[4].frames) / (p.back().t_s - p[4].t_s);
  CHECK(slow / fast == doctest::Approx(0.5).epsilon(0.02));
  // A batch per run counts batch frames per line; stderr lines and a log without "Begin perf" give none.
  inv.context["batch"] = 4;
  CHECK(ad.progress(pty_lines(5.0), inv).back().frames == 40);
  CHECK(ad.progress(pty_lines(5.0, 2), inv).empty());
  auto no_banner = pty_lines(5.0);
  no_banner.erase(std::remove_if(no_banner.begin(), no_banner.end(),
                                 [](const TimedLine& l) { return l.text.find("Begin perf") != std::string::npos; }),
                  no_banner.end());
  CHECK(ad.progress(no_banner, inv).empty());
  // Iteration lines after the average line (the Top5 block never has them) are not progress.
  auto after = pty_lines(5.0);
  after.push_back({9.0, 1, "  10: Elapse Time = 12.00ms, FPS = 83.33"});
  CHECK(ad.progress(after, inv).size() == 9);
}

TEST_CASE("rknn_benchmark: a log too long to read whole still counts every timed run, or says why not") {
  // A sustained run prints one line per iteration: 300 000 of them is over the 8 MiB read.
  auto dir = fs::temp_directory_path() / "wattbench-rknn-long";
  fs::create_directories(dir);
  const std::size_t runs = 300000;
  for (bool with_average : {true, false}) {
    CAPTURE(with_average);
    {
      std::ofstream out(dir / "tool.stdout.log");
      out << "rknn_api/rknnrt version: 2.3.2 (429f97ae6b@2025-04-09T09:09:27), driver version: 0.9.8\n";
      out << "Warmup ...\n";
      for (int i = 0; i < 5; ++i) out << fmt::format("{:4d}: Elapse Time = 5.{:02d}ms, FPS = 180.00\n", i, i);
      out << "Begin perf ...\n";
      for (std::size_t i = 0; i < runs; ++i)
        out << fmt::format("{:4d}: Elapse Time = {:.2f}ms, FPS = {:.2f}\n", i, 5.0 + (i % 7) * 0.1, 1000 / 5.3);
      if (with_average) out << "\nAvg Time 5.30ms, Avg FPS = 188.679\n\n";
    }
    REQUIRE(fs::file_size(dir / "tool.stdout.log") > kMaxToolLogBytes);
    ToolInvocation inv;
    inv.context = {{"batch", 2}, {"model", "m.rknn"}};
    const Adapter& adapter = rknn_benchmark_adapter();
    if (!with_average) {
      CHECK_THROWS_WITH_AS(adapter.parse_run(dir, dir / "tool.stdout.log", "/dev/null", inv),
                           doctest::Contains("the loop's time is unknown"), ParseError);
      continue;
    }
    auto t = adapter.parse_run(dir, dir / "tool.stdout.log", "/dev/null", inv);
    CHECK(*t.frames == doctest::Approx(runs * 2.0));  // every run, by its number, × batch
    CHECK(*t.fps == doctest::Approx(188.679 * 2));
    CHECK(*t.latency_mean_ms == doctest::Approx(5.30));
    bool said = false;
    for (const auto& w : t.warnings) said = said || w.find("the middle of the log was not read") != std::string::npos;
    CHECK(said);
  }
  fs::remove_all(dir);
}

TEST_CASE("rknn_benchmark: an iteration missing without a gap in the log is still an error") {
  std::string text =
      "Begin perf ...\n   0: Elapse Time = 5.00ms, FPS = 200.00\n   2: Elapse Time = 5.00ms, FPS = 200.00\n";
  CHECK_THROWS_WITH_AS(parse(text, "f"), doctest::Contains("expected iteration 1"), ParseError);
}
