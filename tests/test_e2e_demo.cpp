// End to end, as a user runs it: `wattbench run configs/demo.yaml` on the simulated bench.
// The measured FPS/W must be within 1 % of the simulator's ground truth, and the same trace
// integrated over a wrong window must be measurably off, so the test can fail.
#include <doctest/doctest.h>

#include <signal.h>
#include <unistd.h>
#include <algorithm>
#include <regex>
#include <sstream>

#include <thread>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include <fmt/format.h>
#include "harness/analysis/energy.hpp"
#include "harness/analysis/stats.hpp"
#include "harness/process/process.hpp"
#include "harness/trace/trace_csv.hpp"

#include "e2e_support.hpp"

using namespace wb;
using namespace wb::e2e;
namespace fs = std::filesystem;

TEST_CASE("demo: FPS/W within 1 % of the simulator's truth, a wrong window is measurably off") {
  auto out = fresh_dir("demo");
  auto r = wattbench({"run", "configs/demo.yaml", "--output", out.string(), "--set", "repeat=1", "--set",
                      "benchmark.args.time_s=4", "--set", "phases.idle_s=1.5"});
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("FPS/W") != std::string::npos);
  CHECK(r.out.find("scope m2-rail") != std::string::npos);
  CHECK(r.out.find("not comparable") != std::string::npos);  // published figure is NPU-silicon scope
  CHECK(r.out.find("Results: " + out.string()) != std::string::npos);

  auto summary = read_json(out / "summary.json");
  CHECK(summary["schema"] == "wattbench.summary/1");
  const auto& run = summary["variants"][0]["runs"][0];
  REQUIRE(run["status"] == "ok");
  auto truth = read_json(out / run["dir"].get<std::string>() / "sim-truth.json");
  double measured = run["fps_per_w"], true_eff = truth["fps_per_w"];
  MESSAGE("measured FPS/W " << measured << ", truth " << true_eff);
  CHECK(measured == doctest::Approx(true_eff).epsilon(0.005));  // within 0.5 % of the truth
  CHECK(run["power_w"].get<double>() == doctest::Approx(truth["mean_power_w"].get<double>()).epsilon(0.005));
  CHECK(run["window_source"] == "tool-clock");  // profiler.json's timed NPU Task events
  CHECK(run["energy_method"] == "accumulator");
  CHECK(run["power_uncertainty_pct"].get<double>() == doctest::Approx(1.0));  // accumulator: no sampling error
  CHECK(run["scope"] == "m2-rail");
  REQUIRE(run["temps"].size() == 4);  // INA228 die + three NPU cores from dxrt-cli -s
  CHECK(run["temps"][1]["channel"] == "npu.npu0_temp_c");
  CHECK(run["temps"][1]["max_c"].get<double>() > run["temps"][1]["start_c"].get<double>());
  CHECK(run["sample_rate_hz"].get<double>() > 900);
  CHECK(run["idle_power_w"].get<double>() == doctest::Approx(0.74).epsilon(0.03));
  CHECK(run["window_start_s"].get<double>() == doctest::Approx(truth["window_start_s"].get<double>()).epsilon(0.005));
  CHECK(run["window_end_s"].get<double>() == doctest::Approx(truth["window_end_s"].get<double>()).epsilon(0.005));
  const auto& agg = summary["variants"][0]["aggregate"]["fps_per_w"];
  CHECK(agg["n"] == 1);
  CHECK(agg["mean"].get<double>() == doctest::Approx(measured));
  CHECK(agg["sd"].is_null());  // n < 2: no spread, not 0

  // The same trace over wrong windows: the tool's whole lifetime, and the window shifted 1 s
  // early (into warmup). Both must miss the truth by more than the 1 % tolerance above.
  fs::path run_dir = out / run["dir"].get<std::string>();
  auto trace = read_trace_csv(run_dir / "power-m2_3v3.csv");
  ProbeInfo info;
  info.power_channel = 2;
  info.energy_channel = 3;
  double fps = run["fps"];
  double start = run["window_start_s"], end = run["window_end_s"];
  double tool_start = 0.5 + 1.5;  // settle + idle
  auto lifetime = window_energy(trace.samples, info, {tool_start, end + 0.3, "lifetime", ""});
  auto shifted = window_energy(trace.samples, info, {start - 1.0, end - 1.0, "shifted", ""});
  double lifetime_err = std::abs(fps / *lifetime.mean_power_w / true_eff - 1);
  double shifted_err = std::abs(fps / *shifted.mean_power_w / true_eff - 1);
  MESSAGE("naive lifetime window error " << lifetime_err * 100 << " %, 1 s shift error " << shifted_err * 100 << " %");
  CHECK(lifetime_err > 0.03);
  CHECK(shifted_err > 0.01);

  for (const char* f : {"config.yaml", "environment.json", "summary.md"}) CHECK(fs::exists(out / f));

  // `wattbench report` recomputes the same figures from the raw files alone.
  auto rep = wattbench({"report", out.string()});
  INFO(rep.out);
  CHECK(rep.exit_code == 0);
  auto again = read_json(out / "summary.json");
  CHECK(again["variants"][0]["runs"][0]["fps_per_w"].get<double>() == doctest::Approx(measured).epsilon(1e-12));
  CHECK(again["created"] == summary["created"]);
  for (const char* f : {"tool.stdout.log", "tool.stderr.log", "tool.lines.tsv", "run.json", "tool-result.json"})
    CHECK(fs::exists(run_dir / f));
  bool has_csv = false;
  for (const auto& e : fs::directory_iterator(run_dir / "tool-files")) has_csv |= e.path().extension() == ".csv";
  CHECK(has_csv);
  fs::remove_all(out);
}

TEST_CASE(
    "simulated DeepX M1 under every dxbenchmark version: the timed loop from profiler.json, within 1 % of truth and of "
    "214 FPS/W") {
  for (std::string version : {"3.1.0", "3.3.2", "3.4.0"}) {
    CAPTURE(version);
    // v3.4 keeps only the last 1024 jobs: 2 s at ~1000 FPS loses the loop's start, so its length is bounded instead.
    auto o = run_once("deepx", "configs/sim/deepx-m1-resnet50.yaml",
                      {"benchmark.args.time_s=2", "phases.idle_s=0.5", "sim.tool_version=" + version});
    CHECK(o.run["window_source"] == "tool-clock");
    double eff = o.run["fps_per_w"].get<double>();
    CHECK(eff == doctest::Approx(o.truth["fps_per_w"].get<double>()).epsilon(0.01));
    // The card's 1009 FPS at 4.7 W; a 2 s loop also holds part of the 0.15 s warm-up-to-active power ramp,
    // whose share moves with scheduling on a busy CI machine, so the published anchor gets 3 %, truth 1 %.
    CHECK(eff == doctest::Approx(214.0).epsilon(0.03));
    double start_error_s = std::abs(o.run["window_start_s"].get<double>() - o.truth["window_start_s"].get<double>());
    if (version == "3.4.0") {
      // Only the end is exact here: the start is as good as the stated ± (plus 5 ms of line and clock jitter).
      REQUIRE(o.run["window_uncertainty_s"].get<double>() > 0);
      CHECK(start_error_s <= o.run["window_uncertainty_s"].get<double>() + 0.005);
    } else {
      CHECK(o.run["window_uncertainty_s"].is_null());
      CHECK(start_error_s < 0.005);  // both edges from the tool's own CLOCK_MONOTONIC events
    }
    for (const auto& w : o.run["warnings"]) CHECK(w.get<std::string>().find("power-step") == std::string::npos);
    fs::remove_all(o.out);
  }
  // dxbenchmark exits 0 on a bad option and writes no report: the run fails with the tool's words.
  auto out = fresh_dir("deepx-error");
  auto r = wattbench({"run", "configs/sim/deepx-m1-resnet50.yaml", "--output", out.string(), "--set", "repeat=1",
                      "--set", "phases.idle_s=0.2", "--set", "benchmark.extra_args=[--time, '2.5']"});
  INFO(r.out);
  CHECK(r.exit_code == 1);
  auto run = read_json(out / "summary.json")["variants"][0]["runs"][0];
  CHECK(run["status"] == "failed");
  CHECK(run["reason"].get<std::string>().find("Error: Argument '2.5' failed to parse") != std::string::npos);
  fs::remove_all(out);
}

TEST_CASE("CLI: validate, dry-run, parse, bad config, existing results folder, missing tool") {
  auto v = wattbench({"validate", "configs/demo.yaml"});
  CHECK(v.exit_code == 0);
  CHECK(v.out.find("ok:") != std::string::npos);

  auto dry = wattbench({"run", "configs/demo.yaml", "--dry-run"});
  CHECK(dry.exit_code == 0);
  CHECK(dry.out.find("--dir") != std::string::npos);
  CHECK(dry.out.find("--time 6") != std::string::npos);
  CHECK(dry.out.find("shunt_cal") != std::string::npos);

  auto p = wattbench(
      {"parse", "dxbenchmark", std::string(WB_SOURCE_DIR) + "/tests/fixtures/deepx/DXBENCHMARK_2026_01_30_142233.csv"});
  CHECK(p.exit_code == 0);
  auto j = nlohmann::json::parse(p.out);
  CHECK(j[0]["results"][0]["fps"].get<double>() == doctest::Approx(1067.31));

  auto bad = wattbench({"validate", "configs/demo.yaml", "--set", "repeet=2"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.find("unknown key 'repeet'") != std::string::npos);

  auto help = wattbench({"run", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("--dry-run") != std::string::npos);

  auto dir = fresh_dir("occupied");
  fs::create_directories(dir);
  std::ofstream(dir / "keep.txt") << "earlier results";
  auto occupied = wattbench({"run", "configs/demo.yaml", "--output", dir.string()});
  CHECK(occupied.exit_code == 2);
  CHECK(occupied.out.find("refusing to overwrite") != std::string::npos);
  CHECK(fs::exists(dir / "keep.txt"));
  auto target = fresh_dir("elsewhere"), link = fresh_dir("linked");
  fs::create_directories(target);
  fs::create_symlink(target, link);
  auto linked = wattbench({"run", "configs/demo.yaml", "--output", (link / "r").string()});
  CHECK(linked.exit_code == 2);
  CHECK(linked.out.find("symbolic link") != std::string::npos);
  CHECK(fs::is_empty(target));
  fs::remove(link);
  fs::remove_all(target);

  auto missing_dir = fresh_dir("missing-tool");
  auto missing = wattbench({"run", "configs/demo.yaml", "--output", missing_dir.string(), "--set", "repeat=1", "--set",
                            "phases.idle_s=0.2", "--set", "phases.settle_s=0", "--set",
                            "benchmark.executable=no-such-dxbenchmark"});
  CHECK(missing.exit_code == 2);  // refused before any idle phase (test_e2e_hostile_config.cpp)
  CHECK(missing.out.find("no-such-dxbenchmark") != std::string::npos);
  CHECK_FALSE(fs::exists(missing_dir / "summary.json"));
  fs::remove_all(dir);
  fs::remove_all(missing_dir);
}

TEST_CASE("FT232H unplugged mid-run: gap recorded, reconnected, run degraded, samples kept") {
  auto out = fresh_dir("unplug");
  auto r = wattbench({"run", "configs/demo.yaml", "--output", out.string(), "--set", "repeat=1", "--set",
                      "benchmark.args.time_s=4", "--set", "phases.idle_s=1", "--set", "sim.usb_unplug_at_s=5", "--set",
                      "sim.usb_unplug_for_s=0.5", "--set", "validity.max_gap_pct=30"});
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  auto summary = read_json(out / "summary.json");
  const auto& run = summary["variants"][0]["runs"][0];
  CHECK(run["status"] == "ok");
  CHECK(run["degraded"] == true);
  CHECK(run["degraded_reason"].get<std::string>().find("without valid samples") != std::string::npos);
  CHECK(run["energy_method"] == "trapezoid");  // the accumulator restarted: not integrated across the gap
  auto trace = read_trace_csv(out / run["dir"].get<std::string>() / "power-m2_3v3.csv");
  std::size_t errors = 0, restarts = 0, before = 0, after = 0;
  double first_error = -1, restart_t = -1;
  for (const auto& s : trace.samples) {
    if (s.flags & kFlagReadError) {
      ++errors;
      if (first_error < 0) first_error = s.t_s;
      CHECK(s.error.find("disconnected") != std::string::npos);
    }
    if (s.flags & kFlagRestart) {
      ++restarts;
      restart_t = s.t_s;
    }
  }
  for (const auto& s : trace.samples) {
    if (!(s.flags & kFlagReadError) && s.t_s < first_error) ++before;
    if (!(s.flags & kFlagReadError) && s.t_s > restart_t) ++after;
  }
  CHECK(errors >= 2);
  CHECK(errors < 50);  // backoff, not a busy loop
  CHECK(restarts == 1);
  CHECK(before > 2000);
  CHECK(after > 1000);
  auto truth = read_json(out / run["dir"].get<std::string>() / "sim-truth.json");
  CHECK(run["fps_per_w"].get<double>() == doctest::Approx(truth["fps_per_w"].get<double>()).epsilon(0.02));
  fs::remove_all(out);
}

TEST_CASE("the demo switches to the hwmon path with one config line and stays within 1 % of truth") {
  auto out = fresh_dir("hwmon");
  auto r = wattbench({"run", "configs/demo.yaml", "--output", out.string(), "--set", "repeat=1", "--set",
                      "benchmark.args.time_s=4", "--set", "phases.idle_s=1", "--set", "probes.0.transport=hwmon-sim"});
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  auto summary = read_json(out / "summary.json");
  const auto& run = summary["variants"][0]["runs"][0];
  REQUIRE(run["status"] == "ok");
  CHECK(summary["probes"][0]["transport"] == "hwmon-sim");
  CHECK(fs::exists(out / run["dir"].get<std::string>() / "sim-sysfs" / "m2_3v3" / "hwmon0" / "energy1_input"));
  auto truth = read_json(out / run["dir"].get<std::string>() / "sim-truth.json");
  CHECK(run["fps_per_w"].get<double>() == doctest::Approx(truth["fps_per_w"].get<double>()).epsilon(0.01));
  fs::remove_all(out);
}

TEST_CASE("probes and monitor commands") {
  auto list = wattbench({"probes", "--config", "configs/demo.yaml"});
  INFO(list.out);
  CHECK(list.exit_code == 0);
  CHECK(list.out.find("FTDI devices") != std::string::npos);
  CHECK(list.out.find("OK    m2_3v3") != std::string::npos);
  auto absent = wattbench({"probes", "--config", "configs/demo.yaml", "--set", "probes.0.transport=ftdi", "--set",
                           "probes.0.device=ftdi://ftdi:232h:NOSUCH/1"});
  CHECK(absent.exit_code == 1);
  CHECK(absent.out.find("FAIL  m2_3v3: no FTDI device matches") != std::string::npos);
  auto dir = fresh_dir("monitor");
  auto mon = wattbench({"monitor", "configs/demo.yaml", "--duration", "1.2", "--csv", dir.string()});
  CHECK(mon.exit_code == 0);
  // Piped: CSV as nvidia-smi --format=csv -l writes it: a header with names and units, then a
  // time stamp and as many cells on every line; values at their resolution, not four decimals.
  INFO(mon.out);
  std::istringstream lines(mon.out);
  std::string header, line;
  std::getline(lines, header);
  CHECK(header.rfind("timestamp, m2_3v3.", 0) == 0);
  CHECK(header.find("m2_3v3.power_w [W]") != std::string::npos);
  CHECK(header.find("[°C]") != std::string::npos);
  auto cells = [](const std::string& l) { return std::count(l.begin(), l.end(), ',') + 1; };
  int data = 0;
  static const std::regex stamp(R"(^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d\.\d{3}, .*)");
  while (std::getline(lines, line)) {
    if (line.rfind("logged to", 0) == 0) continue;
    CAPTURE(line);
    CHECK(std::regex_match(line, stamp));
    CHECK(cells(line) == cells(header));
    CHECK_FALSE(std::regex_search(line, std::regex(R"(\d\.\d{5})")));
    ++data;
  }
  CHECK(data >= 2);
  auto trace = read_trace_csv(dir / "power-m2_3v3.csv");
  CHECK(trace.samples.size() > 800);
  fs::remove_all(dir);
}

TEST_CASE(
    "simulated Hailo-8 under hailortcli benchmark 4.x: start from the final progress frame, FPS/W within 1 % of truth "
    "and of 343") {
  auto o = run_once("hailo8", "configs/sim/hailo8-resnet50.yaml", {"benchmark.args.time_s=4", "phases.idle_s=1"});
  CHECK(o.run["window_source"] == "start-and-duration");
  CHECK(o.run["window_s"].get<double>() == doctest::Approx(4.0).epsilon(0.01));
  // The window is the streaming inference, not banner to banner (set-up and teardown lie between those).
  CHECK(std::abs(o.run["window_start_s"].get<double>() - o.truth["window_start_s"].get<double>()) < 0.02);
  double fpw = o.run["fps_per_w"].get<double>();
  MESSAGE("Hailo-8 4.x: measured " << fpw << " FPS/W, truth " << o.truth["fps_per_w"].get<double>());
  CHECK(fpw == doctest::Approx(o.truth["fps_per_w"].get<double>()).epsilon(0.01));
  CHECK(fpw == doctest::Approx(1371.0 / 4.0).epsilon(0.01));  // the card's published 1371 FPS at 4.0 W
  auto tool = read_json(o.dir / "tool-result.json");
  CHECK(tool["extras"]["tool_power"]["avg_w"].get<double>() > 0);  // the module's own reading, kept apart
  CHECK(tool["extras"]["benchmark_format"] == "4.x");
  fs::remove_all(o.out);
}

TEST_CASE(
    "simulated Hailo-8 under hailortcli 5.2.0 benchmark: one -t phase ending at the Summary, within 1 % of truth") {
  auto o = run_once("hailo8-5x", "configs/sim/hailo8-resnet50.yaml",
                    {"benchmark.args.time_s=4", "phases.idle_s=1", "sim.tool_version=\"5.2.0\""});
  auto tool = read_json(o.dir / "tool-result.json");
  REQUIRE(tool["extras"]["benchmark_format"] == "5.x");
  CHECK(o.run["window_source"] == "reported-duration");
  CHECK(o.run["window_s"].get<double>() == doctest::Approx(4.0));
  REQUIRE(o.run.contains("window_uncertainty_s"));
  CHECK(o.run["window_uncertainty_s"].get<double>() > 0);
  double fpw = o.run["fps_per_w"].get<double>();
  MESSAGE("Hailo-8 5.2.0: measured " << fpw << " FPS/W, truth " << o.truth["fps_per_w"].get<double>() << ", ± "
                                     << o.run["window_uncertainty_s"].get<double>() << " s");
  CHECK(fpw == doctest::Approx(o.truth["fps_per_w"].get<double>()).epsilon(0.01));
  fs::remove_all(o.out);
}

TEST_CASE("simulated Hailo-8 under hailortcli run with two networks in the group: both counted, within 1 % of truth") {
  auto o = run_once("hailo8-run2net", "configs/sim/hailo8-resnet50.yaml",
                    {"benchmark.args.mode=run", "benchmark.args.time_s=3", "phases.idle_s=1", "sim.networks=2"});
  auto tool = read_json(o.dir / "tool-result.json");
  REQUIRE(tool["extras"]["networks"].size() == 2);
  double sum = tool["extras"]["networks"][0]["fps"].get<double>() + tool["extras"]["networks"][1]["fps"].get<double>();
  CHECK(tool["fps"].get<double>() == doctest::Approx(sum));
  CHECK(tool["fps"].get<double>() == doctest::Approx(o.truth["fps"].get<double>()).epsilon(0.005));
  CHECK(o.run["window_source"] == "start-and-duration");
  double fpw = o.run["fps_per_w"].get<double>();
  MESSAGE("Hailo-8 run, 2 networks: measured " << fpw << " FPS/W, truth " << o.truth["fps_per_w"].get<double>());
  CHECK(fpw == doctest::Approx(o.truth["fps_per_w"].get<double>()).epsilon(0.01));
  fs::remove_all(o.out);
}

TEST_CASE("every shipped config validates") {
  std::size_t n = 0;
  for (const auto& dir : {fs::path(WB_SOURCE_DIR) / "configs", fs::path(WB_SOURCE_DIR) / "configs" / "sim"})
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().extension() != ".yaml") continue;
      // configs/*.yaml name the real vendor tools, absent here; validate checks the executable exists.
      std::vector<std::string> args{"validate", e.path().string()};
      if (dir.filename() == "configs") args.insert(args.end(), {"--set", "benchmark.executable=true"});
      auto v = wattbench(args);
      INFO(e.path().string() << "\n" << v.out);
      CHECK(v.exit_code == 0);
      ++n;
    }
  CHECK(n >= 12);
}

TEST_CASE("i.MX95 sweep: 2x2 matrix end to end, NPU speedup and placement, every variant within 1 % of truth") {
  auto out = fresh_dir("imx95");
  auto r = wattbench({"run", "configs/sim/imx95-mobilenetv2-sweep.yaml", "--output", out.string(), "--set",
                      "benchmark.args.min_secs=1.5", "--set", "phases.idle_s=0.5"});
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("224-npu") != std::string::npos);
  auto summary = read_json(out / "summary.json");
  REQUIRE(summary["variants"].size() == 4);
  std::map<std::string, nlohmann::json> by_id;
  for (const auto& v : summary["variants"]) by_id[v["id"]] = v;
  CHECK(by_id["224-npu"]["derived"]["speedup_vs_delegate=cpu"].get<double>() ==
        doctest::Approx(37.21 / 3.17).epsilon(0.02));
  CHECK(by_id["320-npu"]["derived"]["speedup_vs_delegate=cpu"].get<double>() ==
        doctest::Approx(76.08 / 87.38).epsilon(0.02));
  CHECK(by_id["224-cpu"]["derived"].empty());
  // compare's sweep table reads like the forum thread: ratios in words, rows by input then
  // delegate, operators counted on the NPU only.
  auto cmp = wattbench({"compare", out.string()});
  REQUIRE(cmp.exit_code == 0);
  auto sweep = cmp.out.substr(cmp.out.find("## Sweep"));
  CHECK(sweep.find("| Speed vs cpu |") != std::string::npos);
  CHECK(sweep.find("× faster") != std::string::npos);
  CHECK(sweep.find("1.15× slower") != std::string::npos);
  CHECK(sweep.find("efficiency\\_vs") == std::string::npos);
  CHECK(sweep.find("| 82/88 |") != std::string::npos);
  CHECK(sweep.find("88/88") == std::string::npos);  // the CPU rows' XNNPACK placement is not "on the NPU"
  CHECK(sweep.find("| input | delegate |") != std::string::npos);
  CHECK(sweep.find("| 224 | cpu |") < sweep.find("| 224 | npu |"));
  CHECK(sweep.find("| 224 | npu |") < sweep.find("| 320 | cpu |"));
  const auto& npu = by_id["224-npu"]["runs"][0];
  CHECK(npu["tool_extras"]["delegation"]["nodes_delegated"] == 82);
  CHECK(npu["tool_extras"]["delegation"]["nodes_total"] == 88);
  CHECK(by_id["320-npu"]["runs"][0]["tool_extras"]["delegation"]["nodes_delegated"] == 22);
  for (const auto& [id, v] : by_id) {
    const auto& run = v["runs"][0];
    INFO(id);
    REQUIRE(run["status"] == "ok");
    CHECK(run["window_source"] == "markers");
    auto truth = read_json(out / run["dir"].get<std::string>() / "sim-truth.json");
    CHECK(run["fps_per_w"].get<double>() == doctest::Approx(truth["fps_per_w"].get<double>()).epsilon(0.01));
  }
  fs::remove_all(out);
}

TEST_CASE("every other simulated bench runs end to end through its fake tool within 1 % of truth") {
  struct Case {
    const char* config;
    std::vector<std::string> sets;
  };
  for (const auto& c :
       std::vector<Case>{{"configs/sim/metis-resnet50.yaml", {"benchmark.args.frames=4000"}},
                         // trtexec's window ends at the first line printed after the loop: that line's lag
                         // (tens of ms on a busy 2-core CI machine) weighs less over 4 s than over 2 s.
                         {"configs/sim/jetson-orin-nano-trtexec.yaml", {"benchmark.args.duration_s=4"}},
                         {"configs/sim/generic-trtexec.yaml", {}},
                         {"configs/sim/deepx-m1-resnet50.yaml", {"benchmark.args.time_s=2"}}}) {
    auto sets = c.sets;
    sets.push_back("phases.idle_s=0.5");
    CAPTURE(c.config);
    auto o = run_once("bench", c.config, sets);
    CHECK(o.run["fps_per_w"].get<double>() == doctest::Approx(o.truth["fps_per_w"].get<double>()).epsilon(0.01));
    fs::remove_all(o.out);
  }
}

TEST_CASE("compare across the simulated benches and check against a doctored baseline") {
  auto root = fresh_dir("compare");
  struct Bench {
    const char* config;
    const char* name;
    std::vector<std::string> sets;
  };
  std::vector<Bench> benches{{"configs/sim/hailo8-resnet50.yaml", "hailo8", {"benchmark.args.time_s=2"}},
                             {"configs/sim/metis-resnet50.yaml", "metis", {}},
                             {"configs/sim/deepx-m1-resnet50.yaml", "deepx", {"benchmark.args.time_s=2"}}};
  std::vector<std::string> dirs;
  for (const auto& b : benches) {
    std::vector<std::string> args{"run",   b.config,   "--output", (root / b.name).string(),
                                  "--set", "repeat=2", "--set",    "phases.idle_s=1"};
    for (const auto& x : b.sets) args.insert(args.end(), {"--set", x});
    auto r = wattbench(args);
    INFO(r.out);
    REQUIRE(r.exit_code == 0);
    dirs.push_back((root / b.name).string());
  }
  std::vector<std::string> cmp{"compare"};
  cmp.insert(cmp.end(), dirs.begin(), dirs.end());
  auto md = wattbench(cmp);
  INFO(md.out);
  REQUIRE(md.exit_code == 0);
  for (const char* s :
       {"## Efficiency", "## Idle power", "## Published vs measured", "not comparable", "ASPM L1", "Hailo-8", "Metis"})
    CHECK(md.out.find(s) != std::string::npos);
  auto js = cmp;
  js.insert(js.end(), {"--format", "json"});
  auto j = wattbench(js);
  REQUIRE(j.exit_code == 0);
  auto rows = nlohmann::json::parse(j.out)["rows"];
  REQUIRE(rows.size() == 3);
  std::map<std::string, double> eff;
  for (const auto& r : rows) eff[r["accelerator"]] = r["fps_per_w"]["mean"];
  CHECK(eff["Hailo-8"] == doctest::Approx(343).epsilon(0.02));
  CHECK(eff["Metis"] == doctest::Approx(270).epsilon(0.02));
  CHECK(eff["M1"] == doctest::Approx(214).epsilon(0.02));
  CHECK(rows[0]["accelerator"] == "Hailo-8");  // sorted by FPS/W, best first
  auto html = cmp;
  html.insert(html.end(), {"--format", "html", "--output", (root / "compare.html").string()});
  CHECK(wattbench(html).exit_code == 0);
  CHECK(fs::file_size(root / "compare.html") > 2000);

  // check: the same result against itself passes; a doctored copy 40 % slower fails. (With two
  // runs the 95 % interval uses t = 12.7: the simulated jitter can widen the delta interval past
  // ±8 %, which left a 10 % drop AMBIGUOUS, correctly, in one CI-like run.)
  auto same = wattbench({"check", dirs[0], "--baseline", dirs[0], "--junit", (root / "junit.xml").string()});
  INFO(same.out);
  CHECK(same.exit_code == 0);
  CHECK(same.out.find("SAME") != std::string::npos);
  fs::copy(dirs[0], root / "doctored", fs::copy_options::recursive);
  auto s = read_json(root / "doctored" / "summary.json");
  // Slower runs, and the aggregates recomputed from them as the run code does: a gate refuses
  // aggregates that do not follow from their runs.
  for (auto& v : s["variants"]) {
    for (auto& run : v["runs"])
      for (const char* m : {"fps", "fps_per_w"})
        if (run[m].is_number()) run[m] = run[m].get<double>() * 0.6;
    for (const char* m : {"fps", "fps_per_w"}) {
      std::vector<double> col;
      for (const auto& run : v["runs"])
        if (run["status"] == "ok" && run["cold"] != true && run[m].is_number()) col.push_back(run[m].get<double>());
      v["aggregate"][m] = wb::to_json(wb::describe(col));
    }
  }
  std::ofstream(root / "doctored" / "summary.json") << s.dump(2);
  auto worse = wattbench({"check", (root / "doctored").string(), "--baseline", dirs[0], "--tolerance",
                          "fps=3%,fps_per_w=5%", "--junit", (root / "junit.xml").string()});
  INFO(worse.out);
  CHECK(worse.exit_code == 1);
  CHECK(worse.out.find("WORSE") != std::string::npos);
  auto tr = wattbench({"compare", "--trend", dirs[0], (root / "doctored").string()});
  CHECK(tr.exit_code == 1);
  CHECK(tr.out.find("WORSE") != std::string::npos);
  std::ifstream junit(root / "junit.xml");
  std::string xml((std::istreambuf_iterator<char>(junit)), std::istreambuf_iterator<char>());
  CHECK(xml.find("<failure") != std::string::npos);
  fs::remove_all(root);
}

TEST_CASE("methodology: validity rules invalidate with the reason, a wrong window trips the power-step check") {
  auto out = fresh_dir("validity");
  auto r = wattbench(
      {"run", "configs/sim/generic-trtexec.yaml", "--output", out.string(), "--set", "validity.min_window_s=100"});
  CHECK(r.exit_code == 1);
  auto s = read_json(out / "summary.json");
  CHECK(s["variants"][0]["runs"][0]["status"] == "invalid");
  CHECK(s["variants"][0]["runs"][0]["reason"].get<std::string>().find("shorter than validity.min_window_s") !=
        std::string::npos);
  fs::remove_all(out);
  // A tool that over-reports its duration by 15 % drags the window back into load and warmup.
  auto out2 = fresh_dir("powerstep");
  auto r2 = wattbench({"run", "configs/sim/generic-trtexec.yaml", "--output", out2.string(), "--set",
                       "benchmark.args.duration_s.scale=1.15"});
  INFO(r2.out);
  CHECK(r2.exit_code == 0);
  CHECK(r2.out.find("power-step check") != std::string::npos);
  auto s2 = read_json(out2 / "summary.json");
  const auto& run = s2["variants"][0]["runs"][0];
  CHECK(run["warnings"].size() >= 1);
  auto truth = read_json(out2 / run["dir"].get<std::string>() / "sim-truth.json");
  CHECK(std::abs(run["fps_per_w"].get<double>() / truth["fps_per_w"].get<double>() - 1) > 0.02);  // and it is wrong
  CHECK(run["idle_after_w"].get<double>() > 0);
  fs::remove_all(out2);
}

TEST_CASE("Ctrl-C mid-run: tool and samplers stop, files flushed, partial summary marked interrupted, report agrees") {
  auto out = fresh_dir("interrupt");
  ProcessSpec s;
  s.executable = WB_WATTBENCH;
  s.args = {"run",   "configs/demo.yaml",       "--output", out.string(),       "--set", "repeat=3",
            "--set", "benchmark.args.time_s=2", "--set",    "phases.idle_s=0.5"};
  s.cwd = WB_SOURCE_DIR;
  s.pty = false;
  s.timeout_s = 120;
  s.t0 = std::chrono::steady_clock::now();
  // Interrupt during the second run's tool phase: run 1 is finished by then.
  std::thread killer([&] {
    for (int i = 0; i < 400; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (fs::exists(out / "default" / "run-2" / "tool.lines.tsv")) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    std::system(fmt::format("pkill -INT -f -- '--output {}'", out.string()).c_str());
  });
  auto r = make_process_runner()->run(s, nullptr, nullptr);
  killer.join();
  std::string text;
  for (const auto& l : r.lines) text += l.text + "\n";
  INFO(text);
  CHECK(r.exit_code == 1);
  auto summary = read_json(out / "summary.json");
  CHECK(summary["interrupted"] == true);
  const auto& runs = summary["variants"][0]["runs"];
  REQUIRE(runs.size() == 2);  // run 3 never started
  CHECK(runs[0]["status"] == "ok");
  CHECK(runs[1]["status"] == "failed");
  CHECK(runs[1]["reason"].get<std::string>().find("interrupted") != std::string::npos);
  // The interrupted run's samples and output are on disk up to the interruption.
  auto trace = read_trace_csv(out / "default" / "run-2" / "power-m2_3v3.csv");
  CHECK(trace.samples.size() > 1000);
  CHECK(fs::file_size(out / "default" / "run-2" / "tool.stdout.log") > 0);
  // No fake tool survives the interruption.
  std::size_t survivors = 0;
  fs::path tool_cwd = fs::canonical(out / "default" / "run-2" / "tool-files");
  for (const auto& e : fs::directory_iterator("/proc")) {
    std::error_code ec;
    auto cwd = fs::read_symlink(e.path() / "cwd", ec);
    if (!ec && cwd == tool_cwd) ++survivors;
  }
  CHECK(survivors == 0);
  double first = runs[0]["fps_per_w"];
  auto rep = wattbench({"report", out.string()});
  auto again = read_json(out / "summary.json");
  CHECK(again["interrupted"] == true);
  CHECK(again["variants"][0]["runs"][0]["fps_per_w"].get<double>() == doctest::Approx(first).epsilon(1e-12));
  fs::remove_all(out);
}

TEST_CASE(
    "methodology: until_ci_pct adds repeats up to max_repeat, cooldown is recorded, lifetime trims as the last window "
    "source") {
  auto out = fresh_dir("until");
  auto r = wattbench({"run", "configs/demo.yaml", "--output", out.string(), "--set", "repeat=2", "--set",
                      "benchmark.args.time_s=1", "--set", "phases.idle_s=0.3", "--set", "until_ci_pct=0.0001", "--set",
                      "max_repeat=3", "--set", "cooldown={channel: npu.npu0_temp_c, until_temp_c: 60, max_wait_s: 5}"});
  INFO(r.out);
  CHECK(r.exit_code == 0);
  auto s = read_json(out / "summary.json");
  const auto& runs = s["variants"][0]["runs"];
  CHECK(runs.size() == 3);  // the CI never gets that tight: stopped at max_repeat
  CHECK(runs[1]["cooldown_wait_s"].is_number());
  CHECK(runs[0]["cooldown_wait_s"].is_null());
  fs::remove_all(out);
  auto out2 = fresh_dir("trims");
  auto t = wattbench({"run", "configs/sim/generic-trtexec.yaml", "--output", out2.string(), "--set",
                      "benchmark.args.duration_s={regex: 'never printed ([0-9]+)'}", "--set",
                      "benchmark.trim_start_s=1.5", "--set", "benchmark.trim_end_s=0.5"});
  INFO(t.out);
  auto s2 = read_json(out2 / "summary.json");
  CHECK(s2["variants"][0]["runs"][0]["window_source"] == "lifetime");
  fs::remove_all(out2);
}

TEST_CASE("tool failures are recorded with their reason, the remaining runs go on, exit 1") {
  struct Case {
    std::vector<std::string> sets;
    const char* reason;
  };
  std::vector<Case> cases{
      {{"benchmark.executable=sh", "benchmark.args.argv=[-c, 'kill -SEGV $$']"}, "killed by SIGSEGV"},
      {{"benchmark.executable=sleep", "benchmark.args.argv=['30']", "benchmark.timeout_s=1"}, "timed out after 1 s"},
      {{"benchmark.executable=sh", "benchmark.args.argv=[-c, 'echo bad input >&2; exit 3']"},
       "exited with code 3; last stderr line: bad input"},
      {{"benchmark.executable=true", "benchmark.args.argv=[]"}, "fps: the regex"},
  };
  for (const auto& c : cases) {
    auto out = fresh_dir("toolfail");
    std::vector<std::string> args{"run",      "configs/sim/generic-trtexec.yaml",
                                  "--output", out.string(),
                                  "--set",    "repeat=2",
                                  "--set",    "phases.idle_s=0.2",
                                  "--set",    "phases.settle_s=0"};
    for (const auto& x : c.sets) args.insert(args.end(), {"--set", x});
    auto t0 = std::chrono::steady_clock::now();
    auto r = wattbench(args);
    INFO(r.out);
    CHECK(r.exit_code == 1);
    CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 30);
    auto s = read_json(out / "summary.json");
    const auto& runs = s["variants"][0]["runs"];
    REQUIRE(runs.size() == 2);  // the second run went ahead after the first failed
    for (const auto& run : runs) {
      CHECK(run["status"] == "failed");
      CHECK(run["reason"].get<std::string>().find(c.reason) != std::string::npos);
      CHECK(run["fps_per_w"].is_null());
    }
    CHECK(fs::exists(out / "default" / "run-1" / "power-vdd_in.csv"));  // the samples are kept
    fs::remove_all(out);
  }
}

TEST_CASE(
    "a lab analyzer through PTDaemon (fake, on loopback): FPS/W within 1 % of truth, uncertainty from the analyzer") {
  auto o = run_once("ptd", "configs/sim/deepx-m1-ptd.yaml", {"benchmark.args.time_s=4", "phases.idle_s=1"});
  const auto& run = o.run;
  CHECK(run["fps_per_w"].get<double>() == doctest::Approx(o.truth["fps_per_w"].get<double>()).epsilon(0.01));
  const auto& probe = run["probes"][0];
  CHECK(probe["sample_rate_hz"].get<double>() == doctest::Approx(10).epsilon(0.05));  // the analyzer's 100 ms period
  // The summary's uncertainty is the analyzer's own evaluation, not a stated accuracy.
  double u = probe["instrument_uncertainty_pct"].get<double>();
  CHECK(u > 0.5);
  CHECK(u < 1.0);
  CHECK(run["uncertainty_detail"].get<std::string>().find("instrument-evaluated") != std::string::npos);
  CHECK(run["warnings"].empty());
  auto info = read_json(o.dir / "probe-analyzer.json");
  CHECK(info["instrument"].get<std::string>().find("PTDaemon") != std::string::npos);
  std::ifstream log(o.dir / "ptd-analyzer.log");
  std::string transcript((std::istreambuf_iterator<char>(log)), {});
  CHECK(transcript.find("> Stop") != std::string::npos);
  fs::remove_all(o.out);
}

TEST_CASE("sim-ptd, a separate fake PTDaemon process: the ptd probe's TCP path as on a real bench") {
  std::atomic<bool> stop{false};
  std::atomic<int> port{0};
  ProcessResult server_result;
  std::thread server([&] {
    ProcessSpec s;
    s.executable = fs::path(WB_WATTBENCH).parent_path() / "sim-ptd";
    s.args = {"-p", "0", "--watts", "60"};
    s.cwd = WB_SOURCE_DIR;
    s.pty = false;
    s.timeout_s = 120;
    s.kill_grace_s = 1;
    s.t0 = std::chrono::steady_clock::now();
    server_result = make_process_runner()->run(
        s,
        [&](const TimedLine& l) {
          auto at = l.text.find("127.0.0.1:");
          if (at != std::string::npos) port = std::stoi(l.text.substr(at + 10));
        },
        &stop);
  });
  for (int i = 0; i < 100 && !port; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE(port > 0);
  auto dir = fresh_dir("sim-ptd");
  fs::create_directories(dir);
  auto cfg = dir / "lab.yaml";
  std::ofstream(cfg)
      << "name: lab\ndevice: {manufacturer: DeepX, accelerator: M1}\nprobes:\n"
      << "  - {name: wall, kind: ptd, transport: tcp, host: 127.0.0.1, port: " << port.load()
      << ", period_ms: 100, poll_ms: 50, amps_range: 0.5, volts_range: 300, rail: AC input, scope: host}\n"
      << "benchmark:\n  tool: dxbenchmark\n  args: {dir: m, time_s: 5}\n";
  auto r = wattbench({"probes", "--config", cfg.string()});
  stop = true;
  server.join();
  INFO(r.out);
  CHECK(r.exit_code == 0);
  auto line = r.out.substr(r.out.find("OK    wall"));
  // 60 W ± 10 % at 230 V; 0.1 % of reading + 0.1 % of the 300 V × 0.5 A range.
  double watts = std::stod(line.substr(10));
  CHECK(watts > 53);
  CHECK(watts < 67);
  auto pct = line.find(" %");
  REQUIRE(pct != std::string::npos);
  double u = std::stod(line.substr(line.rfind(' ', pct - 1)));
  CHECK(u == doctest::Approx((0.001 * watts + 0.15) / watts * 100).epsilon(0.05));
  CHECK(server_result.started);
  fs::remove_all(dir);
}

TEST_CASE("Metis under inference.py (SDK 1.5.2): window from tqdm's redraws, FPS/W within 1 % of truth, 2 % of 270") {
  auto o = run_once("metis", "configs/sim/metis-resnet50.yaml", {"phases.idle_s=1"});
  CHECK(o.run["window_source"] == "markers");
  double measured = o.run["fps_per_w"], truth = o.truth["fps_per_w"];
  MESSAGE("Metis 1.5.2: measured FPS/W " << measured << ", truth " << truth << ", FPS " << o.run["fps"].get<double>()
                                         << " (truth " << o.truth["fps"].get<double>() << ")");
  CHECK(measured == doctest::Approx(truth).epsilon(0.01));
  // 2050 FPS at 7.6 W nominal; the card's thermal drift (sim.drift_pct) and each draw's rate
  // jitter put a run about 1 % below it (266.8 was seen), so the bench's figure gets 2 %.
  CHECK(measured == doctest::Approx(270).epsilon(0.02));
  for (const auto& w : o.run["warnings"]) CHECK(w.get<std::string>().find("power-step check") == std::string::npos);
  auto tool = read_json(o.dir / "tool-result.json");
  CHECK(tool["extras"]["output_form"] == "tracers");
  CHECK(tool["extras"]["bar"]["redraws"].get<int>() > 50);
  CHECK(tool["frames"].get<double>() > 10000);
  // End-to-end (last ≤5 s) agrees with the counter's rate on a steady run.
  CHECK(tool["extras"]["end_to_end_fps"].get<double>() == doctest::Approx(o.run["fps"].get<double>()).epsilon(0.01));
  fs::remove_all(o.out);
}

TEST_CASE("Metis under an older inference.py (SDK 1.2.5): end lines after teardown, still within 1 % of truth") {
  auto o = run_once(
      "metis125", "configs/sim/metis-resnet50.yaml",
      {"phases.idle_s=1", "sim.tool_version=1.2.5", "benchmark.args.media=fakevideo", "benchmark.args.frames=12000"});
  CHECK(o.run["window_source"] == "markers");
  double measured = o.run["fps_per_w"], truth = o.truth["fps_per_w"];
  MESSAGE("Metis 1.2.5: measured FPS/W " << measured << ", truth " << truth);
  CHECK(measured == doctest::Approx(truth).epsilon(0.01));
  for (const auto& w : o.run["warnings"]) CHECK(w.get<std::string>().find("power-step check") == std::string::npos);
  auto tool = read_json(o.dir / "tool-result.json");
  CHECK(tool["extras"]["output_form"] == "log");
  CHECK(tool["extras"]["host_fps"].get<double>() > 0);  // Host is on by default in 1.2.5
  fs::remove_all(o.out);
}
