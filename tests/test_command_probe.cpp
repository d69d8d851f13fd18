// Command probe: regex extraction on the vendors' real formats, presets, rule checks, and
// the probe running a command.
#include <doctest/doctest.h>

#include "fixture.hpp"

#include <fstream>
#include <sstream>

#include "harness/config/config.hpp"
#include "harness/plugin/probe.hpp"
#include "probes/command/protocol.hpp"
#include "probes/command/settings.hpp"

using namespace wb;

static std::string fixture(const std::string& rel) { return read_fixture("" + rel); }

TEST_CASE("dxrt-cli status preset on v3.2 and v2.9 output") {
  const auto* p = command::find_preset("dxrt-cli-status");
  REQUIRE(p);
  CHECK(p->argv == std::vector<std::string>{"dxrt-cli", "-s"});
  auto v = command::extract(fixture("deepx/dxrt-cli_status_v3.2.txt"), p->channels);
  REQUIRE(v.size() == 9);
  CHECK(v[0] == 39);                      // npu0_temp_c
  CHECK(v[1] == doctest::Approx(0.750));  // npu0_voltage_v
  CHECK(v[2] == 1000);                    // npu0_clock_mhz
  CHECK(v[3] == 40);                      // npu1_temp_c
  auto old = command::extract(fixture("deepx/dxrt-cli_status_v2.9.txt"), p->channels);
  CHECK(old[0] == 37);
  CHECK(old[3] == 38);
  auto info_only = command::extract(fixture("deepx/dxrt-cli_info_v3.2.txt"), p->channels);
  for (double x : info_only) CHECK_FALSE(is_present(x));  // no NPU lines: missing, not 0
  auto monitor = command::extract(fixture("deepx/dxrt-cli_monitor_v3.2.txt"), p->channels);
  CHECK(monitor[0] == 39);  // first frame
}

TEST_CASE("Hailo measure-power preset") {
  const auto* p = command::find_preset("hailo-measure-power");
  REQUIRE(p);
  auto v = command::extract(fixture("hailo/measure_power_single.txt"), p->channels);
  CHECK(v[0] == doctest::Approx(1.19531));
  auto d = command::extract(fixture("hailo/measure_power_duration.txt"), p->channels);
  CHECK_FALSE(is_present(d[0]));  // the --duration form has no "Current power consumption" line
}

TEST_CASE("rules must compile and have one group") {
  CHECK_THROWS_WITH_AS(command::check_rule({"x", "temp (\\d+", "", Quantity::other, 1}),
                       doctest::Contains("does not compile"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(command::check_rule({"x", "temp \\d+", "", Quantity::other, 1}),
                       doctest::Contains("one capture group"), std::invalid_argument);
  CHECK_NOTHROW(command::check_rule({"x", "temp (\\d+)", "", Quantity::other, 1}));
}

TEST_CASE("the command probe runs argv and extracts; failures are errors, not zeros") {
  ProbeConfig cfg;
  cfg.name = "t";
  cfg.kind = "command";
  cfg.scope = "board";
  auto settings = std::make_shared<CommandSettings>();
  settings->channels = command::find_preset("hailo-measure-power")->channels;
  auto with_argv = [&](std::vector<std::string> argv) {
    settings->argv = std::move(argv);
    cfg.settings = std::make_shared<CommandSettings>(*settings);
    return cfg;
  };
  auto probe = make_probe(with_argv({"printf", "Current power consumption (W): 2.5\\n"}), {});
  probe->open();
  CHECK(probe->info().power_channel == 0);
  Sample s;
  probe->read(s);
  CHECK(s.values[0] == doctest::Approx(2.5));
  auto nomatch = make_probe(with_argv({"printf", "Failed power measurement\\n"}), {});
  nomatch->open();
  CHECK_THROWS_WITH(nomatch->read(s), doctest::Contains("no channel matched"));
  auto failing = make_probe(with_argv({"sh", "-c", "echo 'Failed power measurement, status 8' >&2; exit 8"}), {});
  failing->open();
  CHECK_THROWS_WITH(failing->read(s), doctest::Contains("exit 8"));
  CHECK_THROWS_WITH(failing->read(s), doctest::Contains("status 8"));
  CHECK_THROWS_WITH(make_probe(with_argv({"no-such-telemetry-tool"}), {})->open(), doctest::Contains("not found"));
}
