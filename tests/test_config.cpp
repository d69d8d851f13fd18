// Config loading: the demo validates; every error names file:line:column and what was expected.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "config_test_support.hpp"
#include "harness/config/config.hpp"
#include "probes/command/settings.hpp"
#include "probes/ina228/settings.hpp"

using namespace wb;
namespace fs = std::filesystem;

namespace {
fs::path write_config(const std::string& name, const std::string& text) {
  return config_test::write_config("wattbench-config-tests", name, text);
}

const char* kValid = config_test::kValid;

std::string error_of(const std::string& name, const std::string& text, std::vector<std::string> sets = {}) {
  return config_test::load_error(write_config(name, text), sets).value_or("");
}
}  // namespace

TEST_CASE("the demo config loads") {
  auto cfg = load_config(std::string(WB_SOURCE_DIR) + "/configs/demo.yaml");
  CHECK(cfg.name == "demo-deepx-m1-resnet50");
  REQUIRE(cfg.probes.size() == 2);
  CHECK(cfg.probes[1].kind == "command");
  CHECK(cfg.probes[1].settings_as<CommandSettings>().channels.size() == 9);
  CHECK(cfg.probes[0].settings_as<Ina228Settings>().i2c.address == 0x40);
  CHECK(cfg.probes[0].scope == "m2-rail");
  CHECK(cfg.benchmark.tool == "dxbenchmark");
  CHECK(cfg.published.scope == "npu-silicon");
  CHECK(cfg.sim.has_value());
}

TEST_CASE("defaults and --set overrides") {
  auto p = write_config("ok.yaml", kValid);
  auto cfg = load_config(p, {"repeat=4", "probes.0.rate_hz=250", "benchmark.args.time_s=7", "phases.idle_s=0"});
  CHECK(cfg.repeat == 4);
  CHECK(cfg.probes[0].rate_hz == 250);
  CHECK(cfg.phases.idle_s == 0);
  CHECK(cfg.benchmark.args["time_s"].as<double>() == 7);
  CHECK(cfg.benchmark.executable == "dxbenchmark");
  CHECK(cfg.resolved_yaml.find("repeat: 4") != std::string::npos);
}

TEST_CASE("unknown keys are errors with position and a suggestion") {
  std::string text = std::string(kValid) + "repaet: 3\n";
  auto err = error_of("typo.yaml", text);
  CHECK(err.find("typo.yaml:15:1") != std::string::npos);
  CHECK(err.find("unknown key 'repaet'") != std::string::npos);
  CHECK(err.find("did you mean 'repeat'") != std::string::npos);
  auto nested = error_of("typo2.yaml", std::string(kValid) + "phases:\n  idle: 3\n");
  CHECK(nested.find("typo2.yaml:16:3") != std::string::npos);
  CHECK(nested.find("phases.idle") != std::string::npos);
}

TEST_CASE("wrong types, ranges and missing keys") {
  auto bad_rate = error_of("rate.yaml", std::string(kValid) + "repeat: many\n");
  CHECK(bad_rate.find("rate.yaml:15:9") != std::string::npos);
  CHECK(bad_rate.find("expected a whole number, found 'many'") != std::string::npos);
  std::string neg = kValid;
  neg.replace(neg.find("    scope: m2-rail\n"), 19, "    scope: m2-rail\n    shunt_ohm: -0.01\n");
  auto e = error_of("neg.yaml", neg);
  CHECK(e.find("neg.yaml:10:16") != std::string::npos);
  CHECK(e.find("probes[0].shunt_ohm: must be greater than 0") != std::string::npos);
  std::string zero_rate = kValid;
  zero_rate.replace(zero_rate.find("    scope: m2-rail\n"), 19, "    scope: m2-rail\n    rate_hz: 0\n");
  CHECK(error_of("zero.yaml", zero_rate).find("rate_hz: must be greater than 0") != std::string::npos);
  std::string scope = kValid;
  scope.replace(scope.find("m2-rail"), 7, "m2rail");
  CHECK(error_of("scope.yaml", scope).find("unknown power scope 'm2rail'") != std::string::npos);
  std::string no_time = kValid;
  no_time.replace(no_time.find("    time_s: 5\n"), 14, "");
  CHECK(error_of("notime.yaml", no_time).find("needs time_s (-t, whole seconds) or loops (-l)") != std::string::npos);
  // dxbenchmark's --time is an int (cxxopts::value<int>): 2.5 would make it exit 0 with no report.
  std::string frac = kValid;
  frac.replace(frac.find("time_s: 5"), 9, "time_s: 2.5");
  auto fe = error_of("frac.yaml", frac);
  CHECK(fe.find("frac.yaml:14:13") != std::string::npos);
  CHECK(fe.find("benchmark.args.time_s: expected a whole number, found '2.5'") != std::string::npos);
  // Several models in one --dir share one process, one trace and one surviving profile.
  fs::create_directories(fs::temp_directory_path() / "wattbench-config-tests" / "models");
  for (const char* m : {"a.dxnn", "b.dxnn"})
    std::ofstream(fs::temp_directory_path() / "wattbench-config-tests" / "models" / m) << "x";
  auto two = error_of("two.yaml", kValid);
  CHECK(two.find("two.yaml:13:10") != std::string::npos);
  CHECK(two.find("holds 2 models (a.dxnn, b.dxnn)") != std::string::npos);
  fs::remove_all(fs::temp_directory_path() / "wattbench-config-tests" / "models");
  std::string tool = kValid;
  tool.replace(tool.find("dxbenchmark"), 11, "dxbench");
  CHECK(error_of("tool.yaml", tool).find("unknown tool 'dxbench'") != std::string::npos);
  auto no_probes = error_of("noprobe.yaml",
                            "name: t\ndevice: {manufacturer: a, accelerator: b}\nbenchmark: {tool: dxbenchmark, args: "
                            "{dir: x, time_s: 1}}\n");
  CHECK(no_probes.find("no watts, no efficiency") != std::string::npos);
}

TEST_CASE("YAML syntax errors carry the position") {
  auto e = error_of("syntax.yaml", "name: t\ndevice: [unclosed\n");
  CHECK(e.find("syntax.yaml:") != std::string::npos);
  CHECK(e.find("YAML syntax error") != std::string::npos);
}

TEST_CASE("--set malformed overrides are refused") {
  auto p = write_config("ok2.yaml", kValid);
  CHECK_THROWS_WITH_AS(load_config(p, {"repeat"}), doctest::Contains("expected key.path=value"), ConfigError);
  CHECK_THROWS_WITH_AS(load_config(p, {"probes.7.rate_hz=3"}), doctest::Contains("out of range"), ConfigError);
  CHECK_THROWS_WITH_AS(load_config(p, {"repeat=0"}), doctest::Contains("expected 1..1000"), ConfigError);
}

TEST_CASE("matrix: axes expand in order, include adds per-combination settings, baseline is checked") {
  std::string text = std::string(kValid) + R"(matrix:
  axes:
    size:
      "224": {benchmark.args.dir: models/a}
      "320": {benchmark.args.dir: models/b}
    benchmark.args.time_s: [5, 10]
  include:
    - {size: "320", sim.fps: 100}
  baseline: {size: "224"}
  order: interleaved
)";
  auto p = write_config("matrix.yaml", text);
  auto cfg = load_config(p);
  REQUIRE(cfg.variants.size() == 4);
  CHECK(cfg.variants[0].id == "224-5");
  CHECK(cfg.variants[3].id == "320-10");
  CHECK(cfg.variants[1].params["benchmark.args.time_s"] == "10");
  CHECK(cfg.variants[2].config->benchmark.args["dir"].as<std::string>() == "models/b");
  CHECK(cfg.variants[3].config->benchmark.args["time_s"].as<double>() == 10);
  CHECK(cfg.variants[3].config->sim->at("fps") == 100);
  CHECK_FALSE(cfg.variants[0].config->sim.has_value());
  CHECK(cfg.order == "interleaved");
  CHECK(cfg.baseline.at("size") == "224");
  auto bad_include =
      error_of("m2.yaml", std::string(kValid) +
                              "matrix:\n  axes:\n    size: {a: {repeat: 2}}\n  include:\n    - {size: b, repeat: 3}\n");
  CHECK(bad_include.find("selects no variant") != std::string::npos);
  auto bad_baseline = error_of(
      "m3.yaml", std::string(kValid) + "matrix:\n  axes:\n    size: {a: {repeat: 2}}\n  baseline: {size: z}\n");
  CHECK(bad_baseline.find("'z' is not a label of axis size") != std::string::npos);
  auto bad_variant = error_of("m4.yaml", std::string(kValid) + "matrix:\n  axes:\n    size: {a: {repeat: 0}}\n");
  CHECK(bad_variant.find("matrix variant a") != std::string::npos);
  CHECK(load_config(write_config("plain.yaml", kValid)).variants.size() == 1);
}

TEST_CASE("generic adapter config errors") {
  std::string base = std::string(kValid);
  auto with_args = [&](const std::string& args) {
    std::string t = base;
    t.replace(t.find("  tool: dxbenchmark\n  args:\n    dir: models\n    time_s: 5\n"), 58,
              "  tool: generic\n  executable: x\n  args:\n" + args);
    return t;
  };
  CHECK(error_of("g1.yaml", with_args("    fps: {regex: 'a ([0-9]+)'}\n    duration_s: {regex: 'd ([0-9]+)'}\n"))
            .find("needs argv") != std::string::npos);
  CHECK(error_of("g2.yaml",
                 with_args("    argv: [a]\n    fps: {regex: 'no group'}\n    duration_s: {regex: 'd ([0-9]+)'}\n"))
            .find("capture group") != std::string::npos);
  CHECK(error_of("g3.yaml", with_args("    argv: [a]\n    fps: {regex: 'a ([0-9]+)'}\n")).find("needs a window") !=
        std::string::npos);
  CHECK(error_of("g4.yaml",
                 with_args("    argv: [a]\n    fps: {json_pointer: /a}\n    duration_s: {regex: 'd ([0-9]+)'}\n"))
            .find("needs the file") != std::string::npos);
  CHECK(error_of(
            "g5.yaml",
            with_args(
                "    argv: [a]\n    fps: {regex: 'a ([0-9]+)', file: ../x}\n    duration_s: {regex: 'd ([0-9]+)'}\n"))
            .find("no '..'") != std::string::npos);
}

TEST_CASE("a probe's meter: declared per probe, checked with file:line") {
  auto with_meter = [](const std::string& meter) {
    std::string y = kValid;
    y.replace(y.find("    scope: m2-rail\n"), 19, "    scope: m2-rail\n    meter: " + meter + "\n");
    return y;
  };
  auto cfg = load_config(write_config("meter.yaml", with_meter("{kind: averaged, window_s: 1.0}")));
  REQUIRE(cfg.probes[0].meter);
  CHECK(cfg.probes[0].meter->kind == MeterKind::averaged);
  CHECK(cfg.probes[0].meter->window_s == 1.0);
  CHECK(cfg.probes[0].meter->basis == "declared in the config");
  auto unknown = error_of("meter-kind.yaml", with_meter("{kind: average, window_s: 1}"));
  CHECK(unknown.find("meter-kind.yaml:10:") != std::string::npos);
  CHECK(unknown.find("unknown meter kind 'average'; expected instantaneous, averaged or accumulator") !=
        std::string::npos);
  CHECK(error_of("meter-nowin.yaml", with_meter("{kind: averaged}")).find("an averaged meter needs window_s") !=
        std::string::npos);
  CHECK(error_of("meter-inst.yaml", with_meter("{kind: instantaneous, window_s: 1}"))
            .find("only an averaged meter has an averaging window") != std::string::npos);
  CHECK(error_of("meter-zero.yaml", with_meter("{kind: averaged, window_s: 0}")).find("window_s") != std::string::npos);
  CHECK(error_of("meter-scalar.yaml", with_meter("averaged")).find("expected a mapping") != std::string::npos);
  CHECK(error_of("meter-key.yaml", with_meter("{kind: averaged, window: 1}")).find("window") != std::string::npos);
  auto order = error_of("periods.yaml",
                        std::string(kValid) + "validity: {min_averaging_periods: 3, invalid_averaging_periods: 4}\n");
  CHECK(order.find("periods.yaml:15:") != std::string::npos);
  CHECK(order.find("the warning must come first") != std::string::npos);
  auto v = load_config(write_config("periods-ok.yaml", std::string(kValid) + "validity: {min_averaging_periods: 8}\n"));
  CHECK(v.validity.min_averaging_periods == 8);
  CHECK(v.validity.invalid_averaging_periods == 2);
}
