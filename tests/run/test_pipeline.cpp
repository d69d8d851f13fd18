// The whole run pipeline (phases, samplers on the simulated probes, tool, analysis, results
// folder) driven through the process seam by a FakeRunner: no subprocess is started.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "harness/config/config_error.hpp"
#include "harness/run/run.hpp"
#include "process/fake_runner.hpp"

using namespace wb;
namespace fs = std::filesystem;

namespace {

struct Bench {
  fs::path dir;
  Bench() {
    dir = fs::temp_directory_path() / ("wattbench-pipeline-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "tools");
    // The runner is fake, but the executable lookup before the idle phase is real.
    std::ofstream(dir / "tools" / "fake-tool") << "#!/bin/sh\nexit 0\n";
    fs::permissions(dir / "tools" / "fake-tool", fs::perms::owner_all);
    std::ofstream(dir / "bench.yaml") << R"(name: fake-pipeline
device: {manufacturer: Test, accelerator: Fake}
probes:
  - name: vdd
    kind: ina228
    transport: sim
    shunt_ohm: 0.005
    max_current_a: 4.0
    rail: VDD
    scope: board
    accuracy_pct: 1.0
    rate_hz: 500
benchmark:
  tool: generic
  executable: fake-tool
  timeout_s: 2
  args:
    argv: []
    fps: {regex: 'FPS: ([0-9.]+)'}
    start_marker: '=== BEGIN ==='
    end_marker: '=== END ==='
phases:
  settle_s: 0
  idle_s: 0.3
  tail_s: 0
  idle_after_s: 0
validity:
  min_window_s: 0.5
sim:
  rail_v: 5.0
  idle_w: 4.9
  active_w: 9.8
  fps: 1180
)";
  }
  ~Bench() { fs::remove_all(dir); }

  // Runs once with `runner`; returns run-1's run.json.
  nlohmann::json run(ProcessRunner& runner, int* rc = nullptr) {
    RunOptions opt;
    opt.output = dir / "results";
    opt.tools_dir = dir / "tools";
    opt.runner = &runner;
    int code = run_benchmark(load_config(dir / "bench.yaml"), opt);
    if (rc) *rc = code;
    std::ifstream in(dir / "results" / "default" / "run-1" / "run.json");
    REQUIRE(in.good());
    return nlohmann::json::parse(in);
  }
};

test::FakeRunner replay() {
  return test::FakeRunner::replaying(std::string(WB_FIXTURES) + "/process/generic-tool.lines.tsv");
}

}  // namespace

TEST_CASE("pipeline with a fake runner: a normal run gets FPS/W over the marker window") {
  Bench b;
  auto runner = replay();
  int rc = -1;
  auto r = b.run(runner, &rc);
  CHECK(rc == 0);
  CHECK(runner.runs == 1);
  CHECK(runner.last_spec.executable.filename() == "fake-tool");
  CHECK(r["status"] == "ok");
  CHECK(r["window_source"] == "markers");
  CHECK(r["window_s"].get<double>() == doctest::Approx(0.8).epsilon(0.01));
  CHECK(r["fps"].get<double>() == doctest::Approx(1234.5));
  // The fake tool never drives the load model: the card idles at 4.9 W through the window.
  CHECK(r["power_w"].get<double>() == doctest::Approx(4.9).epsilon(0.05));
  CHECK(r["fps_per_w"].get<double>() == doctest::Approx(1234.5 / r["power_w"].get<double>()));
  CHECK(fs::exists(b.dir / "results" / "default" / "run-1" / "tool.lines.tsv"));
}

TEST_CASE("pipeline with a fake runner: a timeout fails the run with the limit") {
  Bench b;
  auto runner = replay();
  runner.timed_out = true;
  runner.lines.clear();  // a hung tool says nothing
  auto r = b.run(runner);
  CHECK(r["status"] == "failed");
  CHECK(r["reason"].get<std::string>().find("timed out after 2 s") != std::string::npos);
  CHECK(r["fps_per_w"].is_null());
}

TEST_CASE("pipeline with a fake runner: a tool that cannot start, and one not found at all") {
  Bench b;
  auto runner = replay();
  runner.start_error = "cannot start fake-tool: No such file or directory";
  auto r = b.run(runner);
  CHECK(r["status"] == "failed");
  CHECK(r["reason"] == "cannot start fake-tool: No such file or directory");

  // Not on the lookup path: refused before any idle phase, the runner never asked.
  fs::remove(b.dir / "tools" / "fake-tool");
  auto never = replay();
  RunOptions opt;
  opt.output = b.dir / "results-missing";
  opt.tools_dir = b.dir / "tools";
  opt.runner = &never;
  CHECK_THROWS_WITH_AS(run_benchmark(load_config(b.dir / "bench.yaml"), opt),
                       doctest::Contains("no such executable file"), ConfigError);
  CHECK(never.runs == 0);
}

TEST_CASE("pipeline with a fake runner: a crash is reported by the signal's name, a failure by its code") {
  Bench b;
  auto crash = replay();
  crash.signal = 11;
  auto r = b.run(crash);
  CHECK(r["status"] == "failed");
  CHECK(r["reason"].get<std::string>().find("SIGSEGV") != std::string::npos);

  fs::remove_all(b.dir / "results");
  auto failing = replay();
  failing.exit_code = 2;
  auto f = b.run(failing);
  CHECK(f["status"] == "failed");
  CHECK(f["reason"] == "tool exited with code 2; last stderr line: note: this line went to stderr");
}
