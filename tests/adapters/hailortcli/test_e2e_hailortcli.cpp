// hailortcli end to end on the simulated bench for runs with more than one of something: two
// devices under one run2 vdevice, a directory of HEFs, a latency-only run2.
#include <doctest/doctest.h>

#include "e2e_support.hpp"

using namespace wb::e2e;

TEST_CASE(
    "hailortcli run2 over two devices: FPS the vdevice's total, each device's power kept and summed, FPS/W within 1 "
    "%") {
  auto o = run_once("hailo-2dev", "configs/sim/hailo8-2dev-run2.yaml", {});
  CHECK(o.run["fps_per_w"].get<double>() == doctest::Approx(o.truth["fps_per_w"].get<double>()).epsilon(0.01));
  CHECK(o.run["fps"].get<double>() == doctest::Approx(o.truth["fps"].get<double>()).epsilon(0.01));
  const auto& tp = o.run["tool_extras"]["tool_power"];
  REQUIRE(tp["devices"].size() == 2);
  CHECK(tp["devices"][1]["device"] == "0000:c7:00.0");
  double d0 = tp["devices"][0]["avg_w"].get<double>(), d1 = tp["devices"][1]["avg_w"].get<double>();
  CHECK(d0 != doctest::Approx(d1));
  CHECK(tp["avg_w"].get<double>() == doctest::Approx(d0 + d1));
  // The modules' sensors see the simulated share (0.62) of the board's power: the sum does, one alone half of it.
  double board_w = o.truth["mean_power_w"].get<double>();
  CHECK(tp["avg_w"].get<double>() / board_w == doctest::Approx(0.62).epsilon(0.02));
  CHECK(tp["scope"].get<std::string>().find("2 devices") != std::string::npos);
  fs::remove_all(o.out);
}

TEST_CASE("hailortcli run on a directory of HEFs: refused with the reason, one model per run") {
  auto out = fresh_dir("hailo-hefdir");
  auto r =
      run_config("configs/sim/hailo8-resnet50.yaml", out, {"benchmark.args.hef=../models/hailo", "phases.idle_s=0.2"});
  INFO(r.out);
  CHECK(r.exit_code != 0);
  CHECK(r.out.find("is a directory") != std::string::npos);
  CHECK(r.out.find("one model per run") != std::string::npos);
  fs::remove_all(out);
}

TEST_CASE("hailortcli run2 latency only: read, latencies kept, the run has no FPS/W and says why") {
  auto out = fresh_dir("hailo-latency");
  auto r = run_config("configs/sim/hailo8-resnet50.yaml", out,
                      {"benchmark.args.mode=run2", "benchmark.args.measure_latency=true", "benchmark.args.time_s=2",
                       "phases.idle_s=0.2"});
  INFO(r.out);
  auto run = read_json(out / "summary.json")["variants"][0]["runs"][0];
  CHECK(run["status"] == "invalid");
  CHECK(run["reason"].get<std::string>().find("no FPS") != std::string::npos);
  CHECK(run["latency_mean_ms"].get<double>() > 0);
  CHECK(run["warnings"].dump().find("latency-only") != std::string::npos);
  fs::remove_all(out);
}
