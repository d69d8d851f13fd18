// hailortcli parsers on the real-format fixtures, on raw progress output with escape codes,
// and on malformed input; window evidence from the benchmark's phase banners.
#include <doctest/doctest.h>

#include "fixture.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapters/adapter.hpp"
#include "adapters/hailortcli/adapter.hpp"
#include "adapters/hailortcli/parse.hpp"

using namespace wb;
using namespace wb::hailortcli;

static std::string hailo(const std::string& name) { return read_fixture("hailo/" + name); }

TEST_CASE("run: stdout with power and temperature (6 significant digits, no space before C)") {
  auto r = parse_run_stdout(hailo("run_4x_measure_power_temp.txt"), "f");
  REQUIRE(r.networks.size() == 1);
  CHECK(r.networks[0].name == "resnet_v1_50");
  CHECK(*r.networks[0].frames == 6862);
  CHECK(*r.networks[0].fps == doctest::Approx(1372.31));
  CHECK(*r.networks[0].send_mbps == doctest::Approx(1651.52));
  REQUIRE(r.devices.size() == 1);
  CHECK(r.devices[0].device == "0000:c6:00.0");
  CHECK(*r.devices[0].power_avg_w == doctest::Approx(2.48317));
  CHECK(*r.devices[0].power_max_w == doctest::Approx(2.61836));
  CHECK(*r.devices[0].temp_max_c == doctest::Approx(48.9013));
  auto cur = parse_run_stdout(hailo("run_4x_measure_current.txt"), "f");
  CHECK(cur.devices[0].current_avg_ma.has_value());
}

TEST_CASE("run: -c mode prints Duration; latency mode prints no FPS") {
  auto c = parse_run_stdout(hailo("run_4x_frames_count.txt"), "f");
  CHECK(*c.networks[0].duration_s == 3);
  CHECK(*c.networks[0].fps == doctest::Approx(309.12));
  auto l = parse_run_stdout(hailo("run_4x_measure_latency.txt"), "f");
  CHECK_FALSE(l.networks[0].fps.has_value());
  CHECK(*l.networks[0].hw_latency_ms == doctest::Approx(6.68));
  CHECK(*l.networks[0].overall_latency_ms == doctest::Approx(8.91));
}

TEST_CASE("run: raw stdout with progress frames and erase codes") {
  std::string raw =
      "Running streaming inference (resnet_v1_50.hef):\n  Transform data: true\n"
      "Network resnet_v1_50/resnet_v1_50: 20% | 1372 | FPS: 1372.01 | ETA: 00:00:04\n\x1b[F\x1b[2K\r"
      "Network resnet_v1_50/resnet_v1_50: 100% | 6862 | FPS: 1372.29 | ETA: 00:00:00\n"
      "\x1b[2K\r> Inference result:\n Network group: resnet_v1_50\n    Frames count: 6862\n    FPS: 1372.31\n";
  auto r = parse_run_stdout(raw, "raw");
  CHECK(*r.networks[0].fps == doctest::Approx(1372.31));
  CHECK(strip_ansi("\x1b[2K\x1b[Fabc") == "abc");
}

TEST_CASE("run: CSV with and without measurements, failed status") {
  auto r = parse_run_csv(hailo("run_4x.csv"), "f");
  CHECK(*r.networks[0].fps == doctest::Approx(1372.31));
  CHECK(*r.networks[0].recv_mbps == doctest::Approx(10.9785));
  CHECK(*r.devices[0].power_avg_w == doctest::Approx(2.48317));
  CHECK_FALSE(r.devices[0].current_avg_ma.has_value());  // empty cells: not measured, not 0
  auto n = parse_run_csv(hailo("run_4x_no_measurements.csv"), "f");
  CHECK(n.devices.empty());
  CHECK(*n.networks[0].frames == 1551);
  std::string header = hailo("run_4x.csv").substr(0, hailo("run_4x.csv").find('\n') + 1);
  CHECK_THROWS_WITH_AS(parse_run_csv(header + "yolov8s,74,HAILO_TIMEOUT,,,,,,,,,,,,\n", "fail.csv"),
                       doctest::Contains("failed: status 74 (HAILO_TIMEOUT)"), ParseError);
  CHECK_THROWS_WITH_AS(parse_run_csv(header + "resnet,0,HAILO_SUCCESS,fast,6862,1,1,,,,,,,,,,,\n", "nan.csv"),
                       doctest::Contains("nan.csv:2: column 'fps': expected a number, found 'fast'"), ParseError);
}

TEST_CASE("benchmark 4.x: summary continuation lines, power block, CSV; no-sensor boards") {
  auto b = parse_benchmark_stdout(hailo("benchmark_4x_stdout.txt"), "f");
  CHECK_FALSE(b.v5);
  CHECK(*b.fps_hw_only == doctest::Approx(1372.31));
  CHECK(*b.fps_streaming == doctest::Approx(1371.26));
  CHECK(*b.hw_latency_ms == doctest::Approx(2.62788));
  REQUIRE(b.devices.size() == 1);
  CHECK(b.devices[0].device == "0000:c6:00.0");
  CHECK(*b.devices[0].power_avg_w == doctest::Approx(2.48317));
  CHECK(*b.devices[0].power_max_w == doctest::Approx(2.61836));
  auto mixed = parse_benchmark_stdout(hailo("benchmark_4x_terminal_2to1.txt"), "f");
  CHECK(*mixed.fps_streaming == doctest::Approx(1371.26));
  auto none = parse_benchmark_stdout(hailo("benchmark_4x_no_power_sensor.txt"), "f");
  CHECK(none.devices.empty());
  auto c = parse_benchmark_csv(hailo("benchmark_4x.csv"), "f");
  CHECK(*c.fps_streaming == doctest::Approx(1371.26));
  CHECK(*c.fps_hw_only == doctest::Approx(1372.31));
  CHECK(*c.devices[0].power_min_w == doctest::Approx(1.21458));
}

TEST_CASE("benchmark 5.x: '<ng>: FPS:' and mean/min/max measurement lines") {
  auto b = parse_benchmark_stdout(hailo("benchmark_5x_all_measurements_stdout.txt"), "f");
  CHECK(b.v5);
  CHECK(b.network == "yolov8m");
  CHECK(*b.fps_streaming == doctest::Approx(121.93));
  REQUIRE(b.devices.size() == 1);
  CHECK(b.devices[0].device == "0000:03:00.0");
  CHECK(*b.devices[0].power_avg_w == doctest::Approx(3.12));
  CHECK(*b.devices[0].current_max_ma == doctest::Approx(1016.50));
  CHECK(*b.devices[0].temp_min_c == doctest::Approx(45.91));
  auto t = parse_benchmark_stdout(hailo("benchmark_5x_stdout.txt"), "f");
  CHECK(*t.fps_streaming == doctest::Approx(301.62));
  CHECK_FALSE(t.devices[0].power_avg_w.has_value());
  CHECK_THROWS_WITH_AS(parse_benchmark_stdout("Starting Measurements...\nMeasuring FPS in HW-only mode\n", "cut.txt"),
                       doctest::Contains("did not finish"), ParseError);
}

TEST_CASE("run2: live-view final frame, TAB measurement lines, latency rows, JSON with string numbers") {
  auto r = parse_run2_stdout(hailo("run2_5x_measurements.txt"), "f");
  CHECK(*r.networks[0].fps == doctest::Approx(1371.88));
  CHECK(*r.devices[0].power_avg_w == doctest::Approx(2.47));
  CHECK(*r.devices[0].temp_max_c == doctest::Approx(49.02));
  auto l = parse_run2_stdout(hailo("run2_5x_latency.txt"), "f");
  CHECK(*l.networks[0].hw_latency_ms == doctest::Approx(6.66));
  CHECK(*l.networks[0].overall_latency_ms == doctest::Approx(8.93));
  std::optional<double> ttr;
  auto j = parse_run2_json(hailo("run2_stats.json"), "f", &ttr);
  CHECK(*j.networks[0].fps == doctest::Approx(1371.880342));
  CHECK(*j.devices[0].power_avg_w == doctest::Approx(2.470512));
  CHECK(*ttr == doctest::Approx(5.0));
  CHECK_THROWS_WITH_AS(parse_run2_json(R"({"network_groups":[{"name":"a","FPS":"fast"}]})", "bad.json"),
                       doctest::Contains("FPS: expected a number"), ParseError);
  CHECK_THROWS_AS(parse_run2_json("{\"network_groups\": [", "t.json"), ParseError);
}

TEST_CASE("window evidence: benchmark's streaming phase is bracketed by its banners") {
  HailortcliAdapter ad;
  std::vector<TimedLine> lines{{1.0, 1, "Starting Measurements..."},
                               {1.5, 1, "Measuring FPS in HW-only mode"},
                               {6.6, 1, "Measuring FPS (and Power on supported platforms) in streaming mode"},
                               {11.7, 1, "Measuring HW Latency"},
                               {17.0, 1, "======="}};
  auto ev = ad.window_evidence(lines, {});
  REQUIRE(ev.marker_start_s);
  CHECK(*ev.marker_start_s == doctest::Approx(6.6));
  CHECK(*ev.marker_end_s == doctest::Approx(11.7));
  std::vector<TimedLine> run{{1, 1, "Running streaming inference (a.hef):"}, {7.2, 1, "\x1b[2K"}, {7.2, 1, "> Inference result:"}};
  auto rev = ad.window_evidence(run, {});
  CHECK_FALSE(rev.marker_start_s.has_value());
  CHECK(*rev.end_anchor_s == doctest::Approx(7.2));
}

TEST_CASE("offline parse refuses what is not run/benchmark/run2 output") {
  HailortcliAdapter ad;
  auto dir = std::string(WB_FIXTURES) + "/hailo/";
  for (const char* f : {"scan.txt", "fw_control_identify_4x.txt", "measure_power_single.txt", "benchmark_5x_stderr.txt"})
    CHECK_THROWS_WITH_AS(ad.parse_files({dir + f}), doctest::Contains("not hailortcli run/benchmark/run2 output"), ParseError);
  for (const char* f : {"run_4x_streaming.txt", "benchmark_4x.csv", "run2_stats.json", "run2_5x.txt"})
    CHECK(ad.parse_files({dir + f}).size() == 1);
}

TEST_CASE("run: multi-network group blocks and the trailing-space 'Total bandwidth: ' lines") {
  std::string text =
      "> Inference result:\n Network group: multi\n  Network: multi/net_a\n    Frames count: 100\n    FPS: 50.00\n"
      "    Send Rate: 10.00 Mbit/s\n  Network: multi/net_b\n    Frames count: 200\n    FPS: 100.00\n"
      "    Send Rate: 20.00 Mbit/s\n  Total bandwidth: \n    Send Rate: 30.00 Mbit/s\n    Recv Rate: 3.00 Mbit/s\n";
  auto r = parse_run_stdout(text, "multi");
  REQUIRE(r.networks.size() == 2);
  CHECK(r.networks[0].name == "multi/net_a");
  CHECK(*r.networks[0].fps == doctest::Approx(50));
  CHECK(*r.networks[1].send_mbps == doctest::Approx(20));  // not the total
  CHECK_FALSE(r.networks[1].recv_mbps.has_value());
}
