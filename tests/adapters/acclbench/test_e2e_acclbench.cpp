// acclBench on the simulated MX3 bench: FPS/W within 1 % of the truth, the tool's own power kept
// apart, a paced run, and the abort on an unloadable DFP reported with the tool's reason.
#include <doctest/doctest.h>

#include "e2e_support.hpp"

using namespace wb::e2e;

TEST_CASE("acclBench: every release's output measures within 1 % of the simulated truth") {
  for (std::string ver : {"latest", "2025-power", "sdk1.0"}) {
    CAPTURE(ver);
    // SDK 1.0 has no --power (getopt refuses it: usage, exit 1).
    auto o = run_once(
        "acclBench", "configs/sim/mx3-resnet50.yaml",
        {"phases.idle_s=0.5", "sim.tool_version=" + ver, ver == "sdk1.0" ? "benchmark.args.power=false" : "repeat=1"});
    CHECK(o.run["fps_per_w"].get<double>() == doctest::Approx(o.truth["fps_per_w"].get<double>()).epsilon(0.01));
    auto tr = read_json(o.dir / "tool-result.json");
    if (ver != "sdk1.0")
      CHECK(tr["extras"]["tool_power"]["avg_w"].is_number());
    else
      CHECK(!tr["extras"].contains("tool_power"));
    fs::remove_all(o.out);
  }
}

TEST_CASE("acclBench: --max_fps paces the device (2025+), and the run measures at that rate") {
  auto o = run_once("acclBench-paced", "configs/sim/mx3-resnet50.yaml",
                    {"phases.idle_s=0.5", "benchmark.args.max_fps=600", "benchmark.args.frames=2400"});
  CHECK(o.run["fps"].get<double>() == doctest::Approx(600).epsilon(0.02));
  CHECK(o.run["fps_per_w"].get<double>() == doctest::Approx(o.truth["fps_per_w"].get<double>()).epsilon(0.01));
  fs::remove_all(o.out);
}

TEST_CASE("acclBench: an unloadable DFP aborts the tool, the run fails with the runtime's words") {
  auto out = fresh_dir("acclBench-refused");
  wattbench({"run", "configs/sim/mx3-resnet50.yaml", "--output", out.string(), "--set", "repeat=1", "--set",
             "phases.idle_s=0.5", "--set", "sim.model_error='DFPv6: this DFP is for an unsupported MXA generation'"});
  auto run = read_json(out / "summary.json")["variants"][0]["runs"][0];
  CHECK(run["status"] == "failed");
  INFO(run.dump());
  std::string reason = run["reason"];
  CHECK(reason.find("acclBench aborted: DFPv6: this DFP is for an unsupported MXA generation") != std::string::npos);
  CHECK(reason.find("SIGABRT") != std::string::npos);
  fs::remove_all(out);
}

TEST_CASE("acclBench: a two-model DFP, each stream stopping at its own count, measures within 1 % of truth") {
  for (std::string ver : {"latest", "sdk1.0"}) {
    CAPTURE(ver);
    auto o = run_once("acclBench-2models", "configs/sim/mx3-resnet50.yaml",
                      {"phases.idle_s=0.5", "sim.networks=2", "benchmark.args.frames=2000", "sim.tool_version=" + ver,
                       ver == "sdk1.0" ? "benchmark.args.power=false" : "repeat=1"});
    CHECK(o.run["fps"].get<double>() == doctest::Approx(o.truth["fps"].get<double>()).epsilon(0.01));
    CHECK(o.run["fps_per_w"].get<double>() == doctest::Approx(o.truth["fps_per_w"].get<double>()).epsilon(0.01));
    // The tool's own sum of the overlapping rates is far above what was delivered.
    CHECK(o.run["tool_extras"]["other_fps"]["sum_of_streams"].get<double>() > 1.2 * o.run["fps"].get<double>());
    CHECK(o.run["tool_extras"]["models"] == 2);
    fs::remove_all(o.out);
  }
}
