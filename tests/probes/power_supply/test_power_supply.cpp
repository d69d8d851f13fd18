// The power_supply kind: its config block, the sysfs reader on trees shaped like
// /sys/class/power_supply (power_now, or voltage_now × current_now; a discharging battery's
// negative current), and the probe on the simulated bench through both registries.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "harness/config/config.hpp"
#include "harness/config/config_error.hpp"
#include "harness/plugin/bench_double.hpp"
#include "harness/plugin/probe.hpp"
#include "probes/power_supply/settings.hpp"

using namespace wb;
namespace fs = std::filesystem;

namespace {
fs::path scratch(const std::string& name) {
  auto d = fs::temp_directory_path() / ("wb-psy-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}
void put(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text << "\n";
}
// A config with one power_supply probe given by `probe` (a flow mapping) and a `sim:` block.
Config config(const fs::path& dir, const std::string& probe, const std::string& sim = "") {
  auto p = dir / "c.yaml";
  std::ofstream(p) << "name: t\ndevice: {manufacturer: X, accelerator: Y}\nprobes:\n  - " << probe
                   << "\nbenchmark:\n  tool: dxbenchmark\n  args: {dir: m, time_s: 5}\n"
                   << (sim.empty() ? "" : "sim: " + sim + "\n");
  return load_config(p);
}
std::string config_error(const fs::path& dir, const std::string& probe) {
  try {
    config(dir, probe);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}
Sample read_one(Probe& p, double t) {
  Sample s;
  s.t_s = t;
  p.read(s);
  return s;
}
}  // namespace

TEST_CASE("power_supply config block: the supply's folder name is required and can never leave the root") {
  auto dir = scratch("config");
  auto cfg = config(
      dir, "{name: pd, kind: power_supply, rail: USB-C in, scope: board, supply: 'ucsi-source-psy-USBC000:001'}");
  const auto& s = cfg.probes[0].settings_as<PowerSupplySettings>();
  CHECK(s.supply == "ucsi-source-psy-USBC000:001");  // real names carry ':'
  CHECK(s.transport() == "sysfs");
  CHECK(cfg.probes[0].rate_hz == 10);  // drivers refresh every few hundred ms: no faster by default
  CHECK(config_error(dir, "{name: pd, kind: power_supply, rail: R, scope: board}").find("supply") != std::string::npos);
  for (const char* hostile : {"'../../etc'", "'a/b'", "'..'", "''", "\"bat\\x01\""}) {
    CAPTURE(hostile);
    auto err = config_error(
        dir, std::string("{name: pd, kind: power_supply, rail: R, scope: board, supply: ") + hostile + "}");
    CHECK(err.find("c.yaml:") != std::string::npos);
    CHECK(err.find("supply") != std::string::npos);
  }
  CHECK(config_error(dir, "{name: pd, kind: power_supply, rail: R, scope: board, supply: BAT0, transport: usb}")
            .find("sysfs or sim") != std::string::npos);
  CHECK(config_error(dir, "{name: pd, kind: power_supply, supply: BAT0}").find("rail") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("power_supply reader: power_now, else voltage_now × current_now, magnitudes, and what is missing named") {
  auto dir = scratch("tree");
  auto root = dir / "class";
  // A USB-PD port with all three (µV, µA, µW), a battery discharging (negative current, no power_now).
  put(root / "tcpm-source-psy-4-0022" / "voltage_now", "15000000");
  put(root / "tcpm-source-psy-4-0022" / "current_now", "1200000");
  put(root / "tcpm-source-psy-4-0022" / "power_now", "17950000");
  put(root / "BAT0" / "voltage_now", "7600000");
  put(root / "BAT0" / "current_now", "-850000");
  put(root / "AC" / "online", "1");  // reports no power: not measurable
  auto probe_of = [&](const std::string& supply) {
    auto cfg = config(dir, "{name: p, kind: power_supply, rail: R, scope: board, root: '" + root.string() +
                               "', supply: '" + supply + "'}");
    return make_probe(cfg.probes[0], ProbeContext{dir, nullptr, {}, {}});
  };
  auto pd = probe_of("tcpm-source-psy-4-0022");
  pd->open();
  auto s = read_one(*pd, 0.1);
  const auto& ch = pd->info().channels;
  REQUIRE(ch.size() == 3);
  CHECK(s.values[static_cast<std::size_t>(pd->info().power_channel)] ==
        doctest::Approx(17.95));  // power_now, not V × I (18.0)
  CHECK(s.values[0] == doctest::Approx(15.0));
  CHECK(s.values[1] == doctest::Approx(1.2));
  CHECK(pd->settings()["power"] == "power_now");

  auto bat = probe_of("BAT0");
  bat->open();
  s = read_one(*bat, 0.1);
  CHECK(s.values[2] == doctest::Approx(7.6 * 0.85));  // a discharging battery's power as a magnitude
  CHECK(s.values[1] == doctest::Approx(0.85));
  CHECK(bat->settings()["power"] == "voltage_now × current_now");
  put(root / "BAT0" / "current_now", "garbage");
  CHECK_THROWS_WITH_AS(read_one(*bat, 0.2), doctest::Contains("current_now"), std::runtime_error);

  auto ac = probe_of("AC");
  CHECK_THROWS_WITH_AS(ac->open(), doctest::Contains("neither power_now nor voltage_now"), std::runtime_error);
  auto absent = probe_of("BAT1");
  CHECK_THROWS_WITH_AS(absent->open(), doctest::Contains("found:"), std::runtime_error);
  fs::remove_all(dir);
}

TEST_CASE(
    "power_supply on the simulated bench: the real reader on the simulator's class device reads the card's supply") {
  auto dir = scratch("sim");
  for (double with_power_now : {1.0, 0.0}) {
    CAPTURE(with_power_now);
    auto cfg = config(
        dir,
        "{name: pd, kind: power_supply, rail: USB-C in, scope: board, supply: tcpm-source-psy-4-0022, transport: sim}",
        fmt::format("{{idle_w: 3.2, rail_v: 12, ripple_pct: 0, drift_pct: 0, power_supply_power_now: {}}}",
                    with_power_now));
    auto bench = make_bench_double(cfg, dir, 0);
    REQUIRE(bench);
    auto probe = make_probe(cfg.probes[0], ProbeContext{dir, bench.get(), {}, {}});
    CHECK(probe->info().transport == "sysfs-sim");
    probe->open();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto s = read_one(*probe, 0.05);
    // Idle (no tool ran): the bench's idle power, whichever files the driver has.
    CHECK(s.values[2] == doctest::Approx(3.2).epsilon(0.01));
    CHECK(s.values[0] == doctest::Approx(12).epsilon(0.02));  // the rail, less its droop
    CHECK(probe->settings()["power"] == (with_power_now != 0 ? "power_now" : "voltage_now × current_now"));
    probe->close();
  }
  // The simulator's own keys are checked like every other sim: key.
  auto bad = config(dir, "{name: pd, kind: power_supply, rail: R, scope: board, supply: x, transport: sim}",
                    "{power_supply_update_hz: -1}");
  CHECK_THROWS_WITH_AS(make_bench_double(bad, dir, 0), doctest::Contains("sim.power_supply_update_hz"),
                       std::invalid_argument);
  // Off the simulated bench, transport sim is refused by name.
  auto cfg = config(dir, "{name: pd, kind: power_supply, rail: R, scope: board, supply: x, transport: sim}");
  CHECK_THROWS_WITH_AS(make_probe(cfg.probes[0], ProbeContext{}), doctest::Contains("needs the simulated bench"),
                       std::runtime_error);
  fs::remove_all(dir);
}
