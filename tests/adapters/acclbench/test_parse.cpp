// acclBench parser on the three releases' formats (fixtures follow memryx/MxAccl), the adapter's
// window from its live lines, the tool's own power kept apart, and the abort on a bad DFP.
#include <doctest/doctest.h>

#include "fixture.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include <yaml-cpp/yaml.h>

#include "adapters/acclbench/adapter.hpp"
#include "adapters/acclbench/parse.hpp"
#include "harness/config/benchmark_config.hpp"
#include "harness/config/config.hpp"
#include "harness/config/node.hpp"

using namespace wb;
using namespace wb::acclbench;
namespace fs = std::filesystem;

static std::string accl(const std::string& name) { return read_fixture("acclbench/" + name); }

TEST_CASE("acclBench SDK 1.0: 2-decimal summary behind \\r and \\033[m, last FPS frame kept") {
  auto o = parse(accl("acclbench_sdk1.0_stdout.txt"), "f");
  CHECK(o.format == Format::sdk1_0);
  CHECK(*o.fps_dfp == doctest::Approx(1207.93));
  CHECK(*o.fps_per_stream == doctest::Approx(1207.93));
  REQUIRE(o.streams.size() == 1);
  CHECK(o.streams[0].fps == doctest::Approx(1207.93));
  CHECK(*o.dfp_chips == 4);
  CHECK(!o.power_dfp_w);
  CHECK(o.latencies.empty());
}

TEST_CASE("acclBench 2025 release: 'Power for DFP ... W', two streams, device table") {
  auto o = parse(accl("acclbench_2025_power_2streams_stdout.txt"), "f");
  CHECK(o.format == Format::power_2025);
  CHECK(*o.fps_dfp == doctest::Approx(1202.2));
  CHECK(*o.fps_per_stream == doctest::Approx(601.1));
  REQUIRE(o.streams.size() == 2);
  CHECK(o.streams[1].fps == doctest::Approx(600.8));
  CHECK(*o.power_dfp_w == doctest::Approx(2.7));
  REQUIRE(o.devices.size() == 1);
  CHECK(*o.devices[0].temp_c == doctest::Approx(44.1));
}

TEST_CASE("acclBench latest: latency table with its padded colour code, coloured summary values") {
  auto o = parse(accl("acclbench_latest_power_stdout.txt"), "f");
  CHECK(o.format == Format::latest);
  CHECK(*o.fps_dfp == doctest::Approx(1205.4));
  CHECK(!o.fps_per_stream);  // printed only with more than one stream
  REQUIRE(o.latencies.size() == 1);
  CHECK(o.latencies[0].latency_ms == doctest::Approx(4.812));
  CHECK(*o.power_dfp_w == doctest::Approx(2.6));
  REQUIRE(o.devices.size() == 1);
  CHECK(*o.devices[0].power_w == doctest::Approx(2.6));  // the last frame, not the first's -1.0

  auto n = parse(accl("acclbench_latest_no_latency_stdout.txt"), "f");
  CHECK(n.format == Format::latest);
  CHECK(n.latencies.empty());
  CHECK(!n.power_dfp_w);
  REQUIRE(n.devices.size() == 1);
  CHECK(!n.devices[0].power_w);
  CHECK(*n.devices[0].temp_c == doctest::Approx(42.0));
}

TEST_CASE("acclBench: an unreadable sensor is absent, never 0") {
  std::string s = "Average FPS for DFP       : \033[92m100.0\033[0m\nAverage Power for DFP (W) : \033[96m-1.0\033[0m\n";
  CHECK(!parse(s, "f").power_dfp_w);
  CHECK(!parse("\rAverage FPS for DFP    : 100.0\033[m\n\rPower for DFP          : 0.0 W\n", "f").power_dfp_w);
}

TEST_CASE("acclBench: a cut or foreign log is a ParseError naming the file and the line wanted") {
  std::string cut = accl("acclbench_latest_power_stdout.txt");
  cut = cut.substr(0, cut.find("Average FPS"));
  CHECK_THROWS_WITH_AS(parse(cut, "x.log"), doctest::Contains("x.log: no 'Average FPS for DFP : <fps>' line"),
                       ParseError);
  CHECK_THROWS_WITH_AS(parse("Average FPS for DFP    : fast\n", "x.log"), doctest::Contains("x.log:1"), ParseError);
}

TEST_CASE("acclBench: the abort on an unloadable DFP becomes a ToolError with the runtime's reason") {
  CHECK(abort_reason(accl("acclbench_bad_dfp_stderr.txt")) == "Cannot parse dfp file - Please check given dfp");
  CHECK(abort_reason("") == "");
  auto dir = fs::temp_directory_path() / ("accl-abort-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "out.log") << accl("acclbench_sdk1.0_stdout.txt").substr(0, 200);
  std::ofstream(dir / "err.log") << accl("acclbench_bad_dfp_stderr.txt");
  const Adapter& a = acclbench_adapter();
  CHECK_THROWS_WITH_AS(a.parse_run(dir, dir / "out.log", dir / "err.log", ToolInvocation{}),
                       doctest::Contains("Cannot parse dfp file - Please check given dfp"), ToolError);
  fs::remove_all(dir);
}

TEST_CASE("acclBench adapter: args, frames and the start marker of each release") {
  const Adapter& a = acclbench_adapter();
  BenchmarkConfig b;
  b.args = YAML::Load("{dfp: m.dfp, frames: 4000, max_fps: 500, power: true}");
  auto inv = a.invocation(b, "/cfg");
  CHECK(inv.args == std::vector<std::string>{"-d", "/cfg/m.dfp", "-f", "4000", "--max_fps", "500", "--power"});
  CHECK_THROWS(a.check_args(ConfigNode(YAML::Load("{dfp: m.dfp, frames: 10}"), "t.yaml", "benchmark.args")));
  CHECK_THROWS(a.check_args(ConfigNode(YAML::Load("{frames: 100}"), "t.yaml", "benchmark.args")));

  auto dir = fs::temp_directory_path() / ("accl-run-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "out.log") << accl("acclbench_latest_power_stdout.txt");
  auto t = a.parse_run(dir, dir / "out.log", dir / "err.log", inv);
  CHECK(*t.frames == 4000);
  CHECK(*t.measured_s == doctest::Approx(4000 / 1205.4));
  CHECK(t.window_uncertainty_s == doctest::Approx(0.004812 + 0.001));
  CHECK(t.extras["tool_power"]["avg_w"].get<double>() == doctest::Approx(2.6));
  CHECK(*t.latency_mean_ms == doctest::Approx(4.812));
  fs::remove_all(dir);

  // Latest: "Benchmarking" wins over the latency step's chips line; older: the chips line.
  std::vector<TimedLine> latest{{1.0, 1, "Number of chips the dfp is compiled for = 4"},
                                {2.5, 1, "Benchmarking"},
                                {3.0, 1, "\033[9A     Model    Stream            FPS"},
                                {7.0, 1, "Average FPS for DFP       : 1"}};
  CHECK(*a.window_evidence(latest, inv).marker_start_s == 2.5);
  std::vector<TimedLine> older{{1.5, 1, "Number of chips the dfp is compiled for = 4"},
                               {6.0, 1, "\rAverage FPS for DFP    : 1"}};
  auto w = a.window_evidence(older, inv);
  CHECK(*w.marker_start_s == 1.5);
  CHECK(!w.marker_end_s);  // the summary comes up to a display period late: no end edge
}

TEST_CASE("acclBench SDK 1.0 with max_fps is flagged: it caps the figure, not the device") {
  auto dir = fs::temp_directory_path() / ("accl-v1-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "out.log") << accl("acclbench_sdk1.0_stdout.txt");
  ToolInvocation inv;
  inv.context = {{"frames_per_stream", 1000}, {"max_fps", 500}};
  auto t = acclbench_adapter().parse_run(dir, dir / "out.log", dir / "err.log", inv);
  REQUIRE(t.warnings.size() == 1);
  CHECK(t.warnings[0].find("does not pace") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("acclBench progress: none, since its live table is a running mean of rates, not a count") {
  // The fixture's live tables (with cursor-up redraws) stamped 250 ms apart, as they would arrive.
  std::vector<TimedLine> lines;
  std::istringstream in(accl("acclbench_latest_power_stdout.txt"));
  std::string l;
  for (double t = 1; std::getline(in, l); t += 0.25) lines.push_back({t, 1, l});
  REQUIRE(lines.size() > 10);
  ToolInvocation inv;
  CHECK(acclbench_adapter().progress(lines, inv).empty());
  CHECK(acclbench_adapter().run_progress(lines, inv, fs::temp_directory_path()).empty());
}

TEST_CASE(
    "acclBench multi-model DFP: each stream stops at its own count, so the rate over the run is streams x the "
    "slowest") {
  auto o = parse(accl("acclbench_sdk1.0_two_models_stdout.txt"), "f");
  REQUIRE(o.streams.size() == 2);
  CHECK(o.streams[0].model == 0);
  CHECK(o.streams[1].model == 1);
  CHECK(*o.fps_dfp == doctest::Approx(1917.93));
  const Adapter& ad = acclbench_adapter();
  auto r =
      ad.parse_files({std::string(WB_FIXTURES) + "/acclbench/acclbench_sdk1.0_two_models_stdout.txt"})[0]["result"];
  CHECK(r["fps"].get<double>() == doctest::Approx(2 * 737.41));  // not 1917.93: model 0 finished early
  CHECK(r["other_fps"]["sum_of_streams"].get<double>() == doctest::Approx(1917.93));
  CHECK(r["extras"]["models"] == 2);
  // With the frame count known, the window is the slowest stream's frames / its rate.
  auto dir = std::filesystem::temp_directory_path() / "wb-accl-2models";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "out.log") << accl("acclbench_sdk1.0_two_models_stdout.txt");
  ToolInvocation inv;
  inv.context = {{"frames_per_stream", 2000}};
  auto t = ad.parse_run(dir, dir / "out.log", dir / "err.log", inv);
  CHECK(*t.measured_s == doctest::Approx(2000 / 737.41));
  CHECK(*t.fps == doctest::Approx(*t.frames / *t.measured_s));
  std::filesystem::remove_all(dir);
}
