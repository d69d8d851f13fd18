// hailortcli parsers on the real-format fixtures, on raw progress output with escape codes,
// and on malformed input; every network of every group; the window from the progress fps.
#include <doctest/doctest.h>

#include "fixture.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapters/hailortcli/adapter.hpp"
#include "adapters/hailortcli/parse.hpp"
#include "harness/config/config.hpp"
#include "harness/plugin/tool_kind.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

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
  REQUIRE(b.groups.size() == 1);
  CHECK(*b.groups[0].fps_hw_only == doctest::Approx(1372.31));
  CHECK(*b.groups[0].fps_streaming == doctest::Approx(1371.26));
  CHECK(*b.groups[0].hw_latency_ms == doctest::Approx(2.62788));
  REQUIRE(b.devices.size() == 1);
  CHECK(b.devices[0].device == "0000:c6:00.0");
  CHECK(*b.devices[0].power_avg_w == doctest::Approx(2.48317));
  CHECK(*b.devices[0].power_max_w == doctest::Approx(2.61836));
  auto mixed = parse_benchmark_stdout(hailo("benchmark_4x_terminal_2to1.txt"), "f");
  CHECK(*mixed.groups[0].fps_streaming == doctest::Approx(1371.26));
  auto none = parse_benchmark_stdout(hailo("benchmark_4x_no_power_sensor.txt"), "f");
  CHECK(none.devices.empty());
  auto c = parse_benchmark_csv(hailo("benchmark_4x.csv"), "f");
  CHECK(*c.groups[0].fps_streaming == doctest::Approx(1371.26));
  CHECK(*c.groups[0].fps_hw_only == doctest::Approx(1372.31));
  CHECK(*c.devices[0].power_min_w == doctest::Approx(1.21458));
}

TEST_CASE("benchmark 5.x: '<ng>: FPS:' and mean/min/max measurement lines") {
  auto b = parse_benchmark_stdout(hailo("benchmark_5x_all_measurements_stdout.txt"), "f");
  CHECK(b.v5);
  REQUIRE(b.groups.size() == 1);
  CHECK(b.groups[0].name == "yolov8m");
  CHECK(*b.groups[0].fps_streaming == doctest::Approx(121.93));
  REQUIRE(b.devices.size() == 1);
  CHECK(b.devices[0].device == "0000:03:00.0");
  CHECK(*b.devices[0].power_avg_w == doctest::Approx(3.12));
  CHECK(*b.devices[0].current_max_ma == doctest::Approx(1016.50));
  CHECK(*b.devices[0].temp_min_c == doctest::Approx(45.91));
  auto t = parse_benchmark_stdout(hailo("benchmark_5x_stdout.txt"), "f");
  CHECK(*t.groups[0].fps_streaming == doctest::Approx(301.62));
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

TEST_CASE("offline parse refuses what is not run/benchmark/run2 output") {
  const Adapter& ad = hailortcli_adapter();
  auto dir = std::string(WB_FIXTURES) + "/hailo/";
  for (const char* f :
       {"scan.txt", "fw_control_identify_4x.txt", "measure_power_single.txt", "benchmark_5x_stderr.txt"})
    CHECK_THROWS_WITH_AS(ad.parse_files({dir + f}), doctest::Contains("not hailortcli run/benchmark/run2 output"),
                         ParseError);
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

namespace {
// Lines as the runner delivers them: split on "\n" and "\r", each stamped with a time.
std::vector<TimedLine> timed(const std::string& text, double t0, double step) {
  std::vector<TimedLine> out;
  std::string cur;
  double t = t0;
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      out.push_back({t, 1, cur});
      cur.clear();
      t += step;
    } else
      cur += c;
  }
  if (!cur.empty()) out.push_back({t, 1, cur});
  return out;
}

ConfigNode args_node(const std::string& yaml) { return ConfigNode(YAML::Load(yaml), "t.yaml", "benchmark.args"); }
}  // namespace

TEST_CASE("progress line: count, cumulative fps, -c totals, latency form; anything else is not one") {
  auto p =
      parse_progress_line("\x1b[F\x1b[2K\rNetwork yolov5m_resnet/yolov5m: 66% | 239 | FPS: 119.46 | ETA: 00:00:01");
  REQUIRE(p);
  CHECK(p->network == "yolov5m_resnet/yolov5m");
  CHECK(p->group() == "yolov5m_resnet");
  CHECK(p->count == 239);
  CHECK(*p->fps == doctest::Approx(119.46));
  auto c = parse_progress_line("Network yolov8s/yolov8s: 46% | 463/1000 | FPS: 309.88 | ETA: 00:00:01");
  CHECK(*c->total == 1000);
  auto l = parse_progress_line("Network yolov8s/yolov8s: 33% | 149 | HW Latency: 6.68 ms | ETA: 00:00:02");
  CHECK_FALSE(l->fps.has_value());
  CHECK(*l->hw_latency_ms == doctest::Approx(6.68));
  CHECK_FALSE(parse_progress_line("    FPS: 1372.31"));
  CHECK_FALSE(parse_progress_line("Measuring HW Latency"));
}

TEST_CASE(
    "run 4.x, one group with two networks (raw, escapes): both networks kept, FPS summed, window from the final "
    "frame") {
  std::string raw = hailo("run_4x_two_networks_raw.txt");
  auto r = parse_run_stdout(raw, "f");
  REQUIRE(r.networks.size() == 2);
  CHECK(r.networks[0].name == "yolov5m_resnet/resnet_v1_50");
  CHECK(r.networks[0].group == "yolov5m_resnet");
  CHECK(*r.networks[0].frames == 2040);
  CHECK(*r.networks[1].fps == doctest::Approx(119.60));
  CHECK(*r.networks[1].send_mbps == doctest::Approx(1175.74));  // not the total bandwidth
  // Through the adapter: ToolResult.fps is every inference the energy paid for.
  auto dir = std::filesystem::temp_directory_path() / "wattbench-hailo-run2net";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "out.log") << raw;
  const Adapter& ad = hailortcli_adapter();
  ToolInvocation inv;
  inv.context = {{"mode", "run"}, {"time_s", 3}};
  auto t = ad.parse_run(dir, dir / "out.log", dir / "err.log", inv);
  CHECK(*t.fps == doctest::Approx(679.64 + 119.60));
  CHECK(*t.frames == 2040 + 359);
  REQUIRE(t.extras["networks"].size() == 2);
  CHECK(t.extras["networks"][1]["name"] == "yolov5m_resnet/yolov5m");
  CHECK(*t.measured_s == doctest::Approx(std::max(2040 / 679.64, 359 / 119.60)));
  std::filesystem::remove_all(dir);
  // The final frame arrives at T: each network started at T - count/fps; the window starts at the earliest.
  std::vector<TimedLine> lines{
      {0.2, 1, "Running streaming inference (yolov5m_resnet.hef):"},
      {1.9, 1, "Network yolov5m_resnet/yolov5m: 33% | 119 | FPS: 118.95 | ETA: 00:00:02"},
      {1.9, 1, "Network yolov5m_resnet/resnet_v1_50: 33% | 679 | FPS: 678.73 | ETA: 00:00:02"},
      {1.9, 1, "\x1b[F\x1b[2K"},
      {4.01, 1, "Network yolov5m_resnet/yolov5m: 100% | 360 | FPS: 119.83 | ETA: 00:00:00"},
      {4.01, 1, "Network yolov5m_resnet/resnet_v1_50: 100% | 2041 | FPS: 679.38 | ETA: 00:00:00"},
      {4.3, 1, "\x1b[2K"},
      {4.3, 1, "> Inference result:"}};
  auto ev = ad.window_evidence(lines, inv);
  REQUIRE(ev.marker_start_s);
  CHECK_FALSE(ev.marker_end_s.has_value());
  CHECK(*ev.marker_start_s == doctest::Approx(std::min(4.01 - 360 / 119.83, 4.01 - 2041 / 679.38)).epsilon(1e-9));
  // Rounding of the fps to 2 decimals: 360 * 0.005 / 119.83^2 = 0.125 ms, plus line delivery.
  CHECK(ev.uncertainty_s > 360 * 0.005 / (119.83 * 119.83));
  CHECK(ev.uncertainty_s < 0.02);
  CHECK(ev.detail.find("earliest of 2 networks") != std::string::npos);
}

TEST_CASE("benchmark 4.x with two network groups: one block per group, names from the CSV, FPS summed") {
  std::string raw = hailo("benchmark_4x_two_groups_raw.txt");
  auto b = parse_benchmark_stdout(raw, "f");
  REQUIRE(b.groups.size() == 2);
  CHECK(b.groups[0].name.empty());  // the Summary names no group
  CHECK(*b.groups[0].fps_streaming == doctest::Approx(154.938));
  CHECK(*b.groups[1].fps_streaming == doctest::Approx(688.391));
  CHECK(*b.groups[1].hw_latency_ms == doctest::Approx(2.63117));
  REQUIRE(b.streaming_final.size() == 2);  // the streaming phase's final frame, not the latency phase's
  CHECK(b.streaming_final[0].network == "resnet_v1_50/resnet_v1_50");
  CHECK(b.streaming_final[0].count == 2066);
  CHECK(*b.devices[0].power_avg_w == doctest::Approx(2.71033));
  auto dir = std::filesystem::temp_directory_path() / "wattbench-hailo-2ng";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "out.log") << raw;
  std::ofstream(dir / "hailortcli.csv") << hailo("benchmark_4x_two_groups.csv");
  const Adapter& ad = hailortcli_adapter();
  ToolInvocation inv;
  inv.context = {{"mode", "benchmark"}, {"time_s", 3}};
  auto t = ad.parse_run(dir, dir / "out.log", dir / "err.log", inv);
  CHECK(*t.fps == doctest::Approx(154.938 + 688.391));
  CHECK(*t.frames == 465 + 2066);
  REQUIRE(t.extras["network_groups"].size() == 2);
  CHECK(t.extras["network_groups"][0]["name"] == "yolov8s");
  CHECK(t.extras["networks"][1]["name"] == "resnet_v1_50/resnet_v1_50");
  CHECK(*t.measured_s == doctest::Approx(std::max(465 / 154.938, 2066 / 688.391)));
  CHECK(t.extras["tool_power"]["avg_w"].get<double>() == doctest::Approx(2.71033));
  // Window: one line per second; the start comes from the streaming phase's last frame only.
  auto lines = timed(raw, 0, 1.0);
  double t_final = -1;
  for (const auto& l : lines)
    if (l.text == "Network resnet_v1_50/resnet_v1_50: 100% | 2066 | FPS: 687.70 | ETA: 00:00:00") t_final = l.t_s;
  REQUIRE(t_final > 0);
  auto ev = ad.window_evidence(lines, inv);
  REQUIRE(ev.marker_start_s);
  CHECK(*ev.marker_start_s == doctest::Approx(std::min(t_final - 2066 / 687.70, t_final + 1 - 465 / 154.78)));
  std::ofstream(dir / "hailortcli.csv") << hailo("benchmark_4x.csv");  // one row for two Summary blocks
  CHECK_THROWS_WITH_AS(ad.parse_run(dir, dir / "out.log", dir / "err.log", inv),
                       doctest::Contains("1 network groups, but the Summary"), ParseError);
  std::filesystem::remove_all(dir);
}

TEST_CASE("benchmark 4.x in the v4.10-v4.18 wording: streaming phase found, banners are no window edges") {
  std::string raw = hailo("benchmark_4x_legacy_v4.18_raw.txt");
  auto b = parse_benchmark_stdout(raw, "f");
  CHECK(*b.groups[0].fps_streaming == doctest::Approx(1371.26));
  CHECK(*b.groups[0].fps_hw_only == doctest::Approx(1372.58));
  REQUIRE(b.streaming_final.size() == 1);
  CHECK(b.streaming_final[0].count == 4114);
  const Adapter& ad = hailortcli_adapter();
  // Set-up after the banner, teardown before the next one: the start is T - count/fps, not the banner.
  std::vector<TimedLine> lines{
      {10.0, 1, "Measuring FPS and Power in streaming mode"},
      {11.9, 1, "Network resnet_v1_50/resnet_v1_50: 33% | 1371 | FPS: 1370.91 | ETA: 00:00:02"},
      {13.9, 1, "\x1b[F\x1b[2K"},
      {13.9, 1, "Network resnet_v1_50/resnet_v1_50: 100% | 4114 | FPS: 1371.21 | ETA: 00:00:00"},
      {14.6, 1, "Measuring HW Latency"},
      {15.5, 1, "Network resnet_v1_50/resnet_v1_50: 33% | 380 | HW Latency: 2.63 ms | ETA: 00:00:02"}};
  auto ev = ad.window_evidence(lines, {});
  REQUIRE(ev.marker_start_s);
  CHECK(*ev.marker_start_s == doctest::Approx(13.9 - 4114 / 1371.21));
  CHECK(*ev.marker_start_s > 10.5);
  CHECK_FALSE(ev.marker_end_s.has_value());
}

TEST_CASE("benchmark 5.x (v5.0.1+): one phase of -t s ending at the Summary, with its uncertainty stated") {
  std::string text = hailo("benchmark_5x_v5.2.0_stdout.txt");
  auto b = parse_benchmark_stdout(text, "f");
  CHECK(b.v5);
  CHECK(b.streaming_final.empty());
  CHECK(b.devices[0].device == "0000:03:00.0");
  auto dir = std::filesystem::temp_directory_path() / "wattbench-hailo-5x";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "out.log") << text;
  const Adapter& ad = hailortcli_adapter();
  ToolInvocation inv;
  inv.context = {{"mode", "benchmark"}, {"time_s", 15}};
  auto t = ad.parse_run(dir, dir / "out.log", dir / "err.log", inv);
  CHECK(*t.fps == doctest::Approx(1371.52));
  CHECK(*t.measured_s == 15);
  CHECK(t.window_uncertainty_s > 0);
  CHECK(t.window_note.find("last 1 s tick") != std::string::npos);
  CHECK(t.extras["benchmark_format"] == "5.x");
  std::filesystem::remove_all(dir);
  auto ev = ad.window_evidence(timed(text, 20.0, 0), inv);
  CHECK_FALSE(ev.marker_start_s.has_value());
  REQUIRE(ev.end_anchor_s);
  CHECK(*ev.end_anchor_s == 20.0);
}

TEST_CASE("run2 with two networks (raw): rows per network group, start at the first live frame") {
  std::string raw = hailo("run2_two_networks_raw.txt");
  auto r = parse_run2_stdout(raw, "f");
  REQUIRE(r.networks.size() == 2);
  CHECK(r.networks[0].name == "yolov8s");
  CHECK(*r.networks[0].fps == doctest::Approx(155.08));
  CHECK(*r.networks[1].fps == doctest::Approx(688.29));
  CHECK(*r.devices[0].power_max_w == doctest::Approx(2.87));
  const Adapter& ad = hailortcli_adapter();
  ToolInvocation inv;
  inv.context = {{"mode", "run2"}, {"time_s", 3}};
  std::vector<TimedLine> lines{{0.4, 2, "[HailoRT CLI] [warning] something"}};
  for (auto& l : timed(raw, 2.5, 0.0001)) lines.push_back(l);
  auto ev = ad.window_evidence(lines, inv);
  REQUIRE(ev.marker_start_s);
  CHECK(*ev.marker_start_s == doctest::Approx(2.5));
  CHECK(ev.uncertainty_s > 0);
}

TEST_CASE("config: -t is a whole number; run2 has no --power-mode; integers never in %g form") {
  const Adapter& ad = hailortcli_adapter();
  CHECK_THROWS_WITH(ad.check_args(args_node("{mode: benchmark, hef: a.hef, time_s: 2.5}")),
                    doctest::Contains("time_s"));
  CHECK_THROWS_WITH(ad.check_args(args_node("{mode: benchmark, hef: a.hef, time_s: 2.5}")),
                    doctest::Contains("whole number"));
  CHECK_THROWS_WITH(ad.check_args(args_node("{mode: run2, hef: a.hef, power_mode: performance}")),
                    doctest::Contains("power_mode"));
  CHECK_THROWS_WITH(ad.check_args(args_node("{mode: run, hef: a.hef, time_s: 0}")), doctest::Contains("out of range"));
  ad.check_args(args_node("{mode: run, hef: a.hef, power_mode: ultra_performance, time_s: 1000000}"));
  BenchmarkConfig b;
  b.tool = "hailortcli";
  b.args = YAML::Load("{mode: run, hef: /m/a.hef, time_s: 1000000}");
  auto inv = ad.invocation(b, "/cfg");
  auto t = std::find(inv.args.begin(), inv.args.end(), "-t");
  REQUIRE(t != inv.args.end());
  CHECK(*(t + 1) == "1000000");
  b.args = YAML::Load("{mode: run2, hef: /m/a.hef}");
  auto inv2 = ad.invocation(b, "/cfg");
  CHECK(std::find(inv2.args.begin(), inv2.args.end(), "--power-mode") == inv2.args.end());
  CHECK(inv2.context["time_s"] == 5);
}

TEST_CASE(
    "run2 over two devices: each device's power kept, the board's figure their sum with its scope, FPS the vdevice's "
    "total") {
  std::optional<double> ttr;
  auto j = parse_run2_json(hailo("run2_two_devices_stats.json"), "f", &ttr);
  REQUIRE(j.devices.size() == 2);
  CHECK(j.devices[1].device == "0000:c7:00.0");
  CHECK(*j.devices[1].power_avg_w == doctest::Approx(2.460118));
  auto s = parse_run2_stdout(hailo("run2_two_devices.txt"), "f");
  REQUIRE(s.devices.size() == 2);
  CHECK(*s.devices[0].power_avg_w == doctest::Approx(2.51));
  CHECK(*s.devices[1].power_max_w == doctest::Approx(2.66));
  const Adapter& ad = hailortcli_adapter();
  for (const char* f : {"run2_two_devices_stats.json", "run2_two_devices.txt"}) {
    CAPTURE(f);
    auto r = ad.parse_files({std::string(WB_FIXTURES) + "/hailo/" + f})[0]["result"];
    const auto& tp = r["extras"]["tool_power"];
    REQUIRE(tp["devices"].size() == 2);
    double sum = tp["devices"][0]["avg_w"].get<double>() + tp["devices"][1]["avg_w"].get<double>();
    CHECK(tp["avg_w"].get<double>() == doctest::Approx(sum));
    CHECK(tp["avg_w"].get<double>() > 1.9 * tp["devices"][1]["avg_w"].get<double>());
    CHECK(tp["scope"].get<std::string>().find("2 devices") != std::string::npos);
    CHECK(tp["min_w"].is_null());  // extremes at different moments do not add
    CHECK(r["fps"].get<double>() == doctest::Approx(2741.31).epsilon(1e-5));
  }
  // One device keeps its own figures under the device scope.
  auto one = ad.parse_files({std::string(WB_FIXTURES) + "/hailo/run2_stats.json"})[0]["result"]["extras"]["tool_power"];
  CHECK(one["scope"] == "device");
  CHECK(one["min_w"].get<double>() == doctest::Approx(1.221));
}

TEST_CASE("run2 latency-only stats (no FPS key) are read: latencies kept, FPS absent, said why") {
  auto j = parse_run2_json(hailo("run2_latency_only_stats.json"), "f");
  REQUIRE(j.networks.size() == 1);
  CHECK_FALSE(j.networks[0].fps.has_value());
  CHECK(*j.networks[0].hw_latency_ms == doctest::Approx(6.6612));
  CHECK(*j.networks[0].overall_latency_ms == doctest::Approx(8.93007));
  const Adapter& ad = hailortcli_adapter();
  auto r = ad.parse_files({std::string(WB_FIXTURES) + "/hailo/run2_latency_only_stats.json"})[0]["result"];
  CHECK(r["fps"].is_null());
  CHECK(r["latency_mean_ms"].get<double>() == doctest::Approx(6.6612));
  CHECK(r["warnings"][0].get<std::string>().find("latency-only") != std::string::npos);
  CHECK_THROWS_WITH_AS(parse_run2_json(R"({"network_groups":[{"name":"a"}]})", "empty.json"),
                       doctest::Contains("empty.json: network group 'a' has none of"), ParseError);
}

TEST_CASE("run on a directory of HEFs: each model its own result and timed length, never summed; a run refuses it") {
  auto text = hailo("run_4x_hef_dir.txt");
  auto blocks = split_hef_dir_stdout(text);
  REQUIRE(blocks.size() == 2);
  CHECK(blocks[0].hef == "/opt/hefs/resnet_v1_50.hef");
  CHECK(blocks[1].hef == "/opt/hefs/yolov8s_h8.hef");
  CHECK(blocks[1].first_line == 16);
  CHECK(blocks[0].text.find("****") == std::string::npos);
  CHECK(split_hef_dir_stdout(hailo("run_4x_streaming.txt")).empty());
  // Names chosen by an attacker: spaces, a colon, a line that only looks like a header.
  std::string stars(80, '*');
  auto odd =
      split_hef_dir_stdout("Running streaming inference (/h):\n" + stars +
                           "\nInferring /h/a b:c.hef:\nInferring nothing:\n" + stars + "\nInferring /h/z.hef:\n");
  REQUIRE(odd.size() == 2);
  CHECK(odd[0].hef == "/h/a b:c.hef");
  CHECK(odd[0].text.find("Inferring nothing:") != std::string::npos);  // not after the stars: the block's text
  CHECK(odd[1].hef == "/h/z.hef");
  const Adapter& ad = hailortcli_adapter();
  auto j = ad.parse_files({std::string(WB_FIXTURES) + "/hailo/run_4x_hef_dir.txt"});
  REQUIRE(j.size() == 2);
  CHECK(j[0]["result"]["fps"].get<double>() == doctest::Approx(1371.79));
  CHECK(j[0]["result"]["measured_s"].get<double>() == doctest::Approx(6859 / 1371.79));
  CHECK(j[1]["result"]["fps"].get<double>() == doctest::Approx(310.09));
  CHECK(j[1]["result"]["frames"].get<double>() == 1551);
  CHECK(j[1]["hef"] == "/opt/hefs/yolov8s_h8.hef");
  auto dir = std::filesystem::temp_directory_path() / "wattbench-hailo-hefdir";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "out.log") << text;
  ToolInvocation inv;
  inv.context = {{"mode", "run"}, {"time_s", 5}};
  CHECK_THROWS_WITH_AS(ad.parse_run(dir, dir / "out.log", dir / "err.log", inv),
                       doctest::Contains("inferred 2 HEFs one after another"), ParseError);
  // The config cannot name a directory, absolute or relative to the config file.
  CHECK_THROWS_WITH(ad.check_args(args_node(fmt::format("{{mode: run, hef: '{}'}}", dir.string()))),
                    doctest::Contains("is a directory"));
  CHECK_THROWS_WITH(
      ad.check_args(ConfigNode(YAML::Load("{mode: run, hef: wattbench-hailo-hefdir}"),
                               (std::filesystem::temp_directory_path() / "c.yaml").string(), "benchmark.args")),
      doctest::Contains("one model per run"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("run2 devices: -s ids or --device-count before set-net; run2 only; hostile ids refused") {
  const Adapter& ad = hailortcli_adapter();
  BenchmarkConfig b;
  b.tool = "hailortcli";
  b.args = YAML::Load("{mode: run2, hef: /m/a.hef, device_ids: ['0000:c6:00.0', '0000:c7:00.0'], measure_power: true}");
  auto inv = ad.invocation(b, ".");
  auto s = std::find(inv.args.begin(), inv.args.end(), "-s");
  REQUIRE(s != inv.args.end());
  CHECK(*(s + 1) == "0000:c6:00.0");
  CHECK(*(s + 2) == "0000:c7:00.0");
  CHECK(*(s + 3) == "set-net");
  CHECK_THROWS_WITH(ad.check_args(args_node("{mode: run, hef: a.hef, device_count: 2}")),
                    doctest::Contains("run2 only"));
  CHECK_THROWS_WITH(ad.check_args(args_node("{mode: run2, hef: a.hef, device_ids: ['--measure-power']}")),
                    doctest::Contains("device id"));
  CHECK_THROWS_WITH(ad.check_args(args_node("{mode: run2, hef: a.hef, device_ids: [set-net]}")),
                    doctest::Contains("device id"));
  CHECK_THROWS_WITH(ad.check_args(args_node("{mode: run2, hef: a.hef, device_ids: []}")),
                    doctest::Contains("one device id"));
  CHECK_THROWS_WITH(ad.check_args(args_node("{mode: run2, hef: a.hef, device_count: 2.5}")),
                    doctest::Contains("whole number"));
}

TEST_CASE(
    "benchmark 4.x: the streaming rate is the headline, hw_only only beside it by name (summed over groups like it)") {
  const Adapter& ad = hailortcli_adapter();
  auto one = ad.parse_files({std::string(WB_FIXTURES) + "/hailo/benchmark_4x_stdout.txt"})[0]["result"];
  CHECK(one["fps"].get<double>() == doctest::Approx(1371.26));
  CHECK(one["other_fps"]["hw_only"].get<double>() == doctest::Approx(1372.31));
  auto two = parse_benchmark_csv(hailo("benchmark_4x_two_groups.csv"), "f");
  REQUIRE(two.groups.size() == 2);
  auto r = ad.parse_files({std::string(WB_FIXTURES) + "/hailo/benchmark_4x_two_groups.csv"})[0]["result"];
  CHECK(r["other_fps"]["hw_only"].get<double>() ==
        doctest::Approx(*two.groups[0].fps_hw_only + *two.groups[1].fps_hw_only));
  // 5.x has no hw_only phase: nothing beside.
  auto v5 = ad.parse_files({std::string(WB_FIXTURES) + "/hailo/benchmark_5x_stdout.txt"})[0]["result"];
  CHECK_FALSE(v5.contains("other_fps"));
}
