// Axelera, trtexec and generic adapters: fixtures, format variants and malformed input.
#include <doctest/doctest.h>

#include "fixture.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapters/adapter.hpp"
#include "adapters/axelera/parse.hpp"
#include "adapters/generic/adapter.hpp"
#include "adapters/trtexec/parse.hpp"
#include "harness/config/config.hpp"

using namespace wb;
namespace fs = std::filesystem;

static std::string fixture(const std::string& rel) { return read_fixture("" + rel); }

TEST_CASE("axelera: default end-of-run lines (no device FPS unless asked) and the stats table") {
  auto d = axelera::parse(fixture("axelera/inference_end_of_run_default.txt"), "f");
  CHECK_FALSE(d.device_fps.has_value());
  CHECK(*d.host_fps == doctest::Approx(1412.6));
  CHECK(*d.system_fps == doctest::Approx(798.4));
  CHECK(*d.core_temp_c == doctest::Approx(47.0));
  CHECK(*d.cpu_pct == doctest::Approx(13.8));
  auto t = axelera::parse(fixture("axelera/inference_show_stats_table.txt"), "f");
  CHECK(*t.device_fps == doctest::Approx(472.1));
  CHECK(*t.device_latency_us == 2118);
  CHECK(*t.host_fps == doctest::Approx(326.6));
  CHECK(*t.system_fps == doctest::Approx(278.9));
  auto v = axelera::parse("[14:22:33.101] INFO    : inference: Metis : 2,051.3fps\n\x1b[32mINFO\x1b[0m    : End-to-end : 2020.0fps\n", "v");
  CHECK(*v.device_fps == doctest::Approx(2051.3));  // timestamps, -v module names, colours, thousands separators
  CHECK(*v.system_fps == doctest::Approx(2020.0));
  CHECK_THROWS_WITH_AS(axelera::parse(fixture("axelera/axdevice_list.txt"), "dev.txt"), doctest::Contains("no throughput found"), ParseError);
  CHECK_THROWS_WITH_AS(axelera::parse("INFO    : Metis : 20x1.3fps\n", "bad.txt"), doctest::Contains("bad.txt:1"), ParseError);
}

TEST_CASE("trtexec: TRT 10 summary behind the logger prefix") {
  auto o = trtexec::parse(fixture("nvidia/trtexec_trt10_performance_summary.txt"), "f");
  CHECK(*o.throughput_qps == doctest::Approx(251.637));
  CHECK(*o.stats.at("Latency").mean == doctest::Approx(4.11873));
  CHECK(o.stats.at("Latency").percentiles.at("99") == doctest::Approx(6.52077));
  CHECK(*o.stats.at("GPU Compute Time").median == doctest::Approx(4.13293));
  CHECK(*o.host_walltime_s == doctest::Approx(3.00898));
  CHECK(*o.gpu_compute_total_s == doctest::Approx(2.98096));  // not taken for the "GPU Compute Time" stats
  CHECK(*o.gpu_cov_pct == doctest::Approx(18.4217));
  CHECK(o.trt_version == "10.3.0");
  CHECK(o.passed);
}

TEST_CASE("trtexec: 8.4 layout with End-to-End Host Latency and a single percentile; failures") {
  std::string t84 =
      "[05/10/2022-10:00:00] [I] === Performance summary ===\n"
      "[05/10/2022-10:00:00] [I] Throughput: 812.5 qps\n"
      "[05/10/2022-10:00:00] [I] Latency: min = 1.2 ms, max = 2.5 ms, mean = 1.3 ms, median = 1.29 ms, percentile(99%) = 2.1 ms\n"
      "[05/10/2022-10:00:00] [I] End-to-End Host Latency: min = 2.2 ms, max = 4.5 ms, mean = 2.4 ms, median = 2.39 ms, percentile(99%) = 3.9 ms\n"
      "[05/10/2022-10:00:00] [I] Total Host Walltime: 3.0012 s\n"
      "&&&& PASSED TensorRT.trtexec [TensorRT v8401] # trtexec --loadEngine=a.engine\n";
  auto o = trtexec::parse(t84, "f");
  CHECK(*o.stats.at("End-to-End Host Latency").mean == doctest::Approx(2.4));
  CHECK(o.stats.at("Latency").percentiles.size() == 1);
  CHECK(o.trt_version == "8.4.1");
  CHECK_THROWS_WITH_AS(trtexec::parse("&&&& FAILED TensorRT.trtexec [TensorRT v100300] # trtexec\n", "f"), doctest::Contains("FAILED"), ParseError);
  CHECK_THROWS_WITH_AS(trtexec::parse("[01/30/2026-14:22:31] [I] === Performance summary ===\n", "cut"), doctest::Contains("no 'Throughput"), ParseError);
  CHECK_THROWS_WITH_AS(trtexec::parse("[01/30/2026-14:22:31] [I] Throughput: fast qps\n", "nan"), doctest::Contains("nan:1: Throughput"), ParseError);
}

TEST_CASE("generic: regex and JSON-pointer figures, markers, config errors") {
  auto dir = fs::temp_directory_path() / "wattbench-generic";
  fs::create_directories(dir);
  std::ofstream(dir / "out.log") << "progress fps=10\nprogress fps=12\ndone: throughput 123.5 fps, 8.1 ms\n";
  std::ofstream(dir / "err.log") << "";
  std::ofstream(dir / "result.json") << R"({"perf": {"frames": "2470", "seconds": 20.0}})";
  auto node = YAML::Load(R"(
argv: [--x, "{config_dir}/m.bin"]
fps: {regex: 'throughput ([0-9.]+) fps'}
latency_ms: {regex: ', ([0-9.]+) ms'}
frames: {file: result.json, json_pointer: /perf/frames}
duration_s: {file: result.json, json_pointer: /perf/seconds}
start_marker: '^bench start'
end_marker: '^done'
)");
  BenchmarkConfig b;
  b.tool = "generic";
  b.args = node;
  GenericAdapter ad;
  auto inv = ad.invocation(b, "/cfg");
  CHECK(inv.args[1] == "/cfg/m.bin");
  auto t = ad.parse_run(dir, dir / "out.log", dir / "err.log", inv);
  CHECK(*t.fps == doctest::Approx(123.5));
  CHECK(*t.latency_mean_ms == doctest::Approx(8.1));
  CHECK(*t.frames == 2470);
  CHECK(*t.measured_s == 20);
  std::vector<TimedLine> lines{{1, 1, "loading"}, {2, 1, "bench start"}, {7, 1, "done: throughput 123.5 fps"}};
  auto ev = ad.window_evidence(lines, inv);
  CHECK(*ev.marker_start_s == 2);
  CHECK(*ev.marker_end_s == 7);
  std::ofstream(dir / "out.log") << "nothing useful\n";
  CHECK_THROWS_WITH_AS(ad.parse_run(dir, dir / "out.log", dir / "err.log", inv), doctest::Contains("matched nothing"), ParseError);
  fs::remove_all(dir);
}
