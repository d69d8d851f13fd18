// `wattbench init`: the bench scan on a fake sysfs and PATH, INA identification on a scripted
// I2C bus, and proposals that validate (including every tool's example arguments).
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "harness/config/config.hpp"
#include "harness/config/config_error.hpp"
#include "harness/init/bench_scan.hpp"
#include "harness/init/init_config.hpp"
#include "harness/plugin/tool_kind.hpp"
#include "probes/i2c/ina_identify.hpp"

using namespace wb;
namespace fs = std::filesystem;

namespace {
fs::path scratch(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("wattbench-init-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}
void put(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}
fs::path demo() { return fs::path(WB_SOURCE_DIR) / "configs/demo.yaml"; }

// Registers by (address, pointer); an address with no entry NACKs.
class ScriptedBus : public I2cBus {
 public:
  std::map<unsigned, std::map<std::uint8_t, std::uint16_t>> chips;
  void run(std::vector<I2cTransfer>& batch) override {
    for (auto& t : batch) {
      auto chip = chips.find(t.messages[0].address);
      if (chip == chips.end()) {
        t.nacked_message = 0;
        continue;
      }
      auto reg = chip->second.find(t.messages[0].data[0]);
      std::uint16_t v = reg == chip->second.end() ? 0 : reg->second;  // unmapped pointers read as 0
      t.messages[1].data = {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v & 0xFF)};
    }
  }
  std::string describe() const override { return "scripted bus"; }
};
}  // namespace

TEST_CASE("init: INA2xx chips identified by their ID registers, others listed as unknown") {
  ScriptedBus bus;
  bus.chips[0x40] = {{0x3E, 0x5449}, {0x3F, 0x2281}};  // INA228, revision 1
  bus.chips[0x41] = {{0xFE, 0x5449}, {0xFF, 0x2260}};  // INA226
  bus.chips[0x44] = {{0xFE, 0x5449}, {0xFF, 0x2270}};  // INA260
  bus.chips[0x4F] = {{0x3E, 0x1234}};                  // something else answering in the range
  auto found = identify_ina_chips(bus);
  REQUIRE(found.size() == 4);
  CHECK(found[0].address == 0x40);
  CHECK(found[0].kind == "ina228");
  CHECK(found[1].kind == "ina226");
  CHECK(found[2].kind == "ina260");
  CHECK(found[3].address == 0x4F);
  CHECK(found[3].kind.empty());
}

TEST_CASE("init: a fake sysfs and PATH give the accelerator, its tool and the hwmon chip; the proposal validates") {
  auto root = scratch("sysfs");
  put(root / "sys/class/hwmon/hwmon3/name", "ina238\n");
  put(root / "sys/class/hwmon/hwmon3/power1_input", "4200000\n");
  put(root / "sys/class/hwmon/hwmon3/in1_input", "3300\n");
  put(root / "sys/class/hwmon/hwmon0/name", "acpitz\n");  // no power: not a probe
  put(root / "sys/class/hwmon/hwmon0/temp1_input", "40000\n");
  put(root / "sys/bus/pci/devices/0000:01:00.0/vendor", "0x1e60\n");
  put(root / "sys/bus/pci/devices/0000:01:00.0/device", "0x2864\n");
  put(root / "sys/bus/pci/devices/0000:01:00.0/class", "0x120000\n");
  put(root / "sys/bus/pci/devices/0000:02:00.0/vendor", "0x1b21\n");  // an unknown accelerator
  put(root / "sys/bus/pci/devices/0000:02:00.0/device", "0x0001\n");
  put(root / "sys/bus/pci/devices/0000:02:00.0/class", "0x120000\n");
  put(root / "sys/bus/pci/devices/0000:00:14.0/vendor", "0x8086\n");  // a USB controller: not listed
  put(root / "sys/bus/pci/devices/0000:00:14.0/class", "0x0c0330\n");
  put(root / "bin/hailortcli", "#!/bin/sh\n");
  ::chmod((root / "bin/hailortcli").c_str(), 0755);
  BenchScanOptions opt;
  opt.sysfs_root = root / "sys";
  opt.path = (root / "nowhere").string() + ":" + (root / "bin").string();
  opt.usb = false;
  auto scan = scan_bench(opt);
  REQUIRE(scan.hwmon.size() == 1);
  CHECK(scan.hwmon[0].name == "ina238");
  REQUIRE(scan.accelerators.size() == 2);
  CHECK(scan.accelerators[0].manufacturer == "Hailo");
  CHECK(scan.accelerators[0].tool == "hailortcli");
  CHECK(scan.accelerators[1].manufacturer.empty());
  REQUIRE(scan.tools.size() == 1);
  CHECK(scan.tools[0].tool == "hailortcli");

  auto p = propose_config(scan, demo());
  CHECK_FALSE(p.simulated);
  CHECK(p.yaml.find("tool: hailortcli") != std::string::npos);
  CHECK(p.yaml.find("found at " + (root / "bin/hailortcli").string()) != std::string::npos);
  CHECK(p.yaml.find("kind: hwmon") != std::string::npos);
  CHECK(p.yaml.find("TODO") != std::string::npos);
  CHECK(p.found.size() == 4);
  put(root / "wattbench.yaml", p.yaml);
  Config c = load_config(root / "wattbench.yaml");
  CHECK(c.device.manufacturer == "Hailo");
  REQUIRE(c.probes.size() == 1);
  CHECK(c.probes[0].kind == "hwmon");
  fs::remove_all(root);
}

TEST_CASE("init: nothing attached writes the simulated bench, which validates from another folder") {
  auto root = scratch("empty");
  BenchScanOptions opt;
  opt.sysfs_root = root / "sys";
  opt.usb = false;
  auto scan = scan_bench(opt);
  CHECK(scan.no_probe());
  auto p = propose_config(scan, demo());
  CHECK(p.simulated);
  CHECK(p.yaml.find("SIMULATED") != std::string::npos);
  put(root / "elsewhere/wattbench.yaml", p.yaml);
  Config c = load_config(root / "elsewhere/wattbench.yaml");
  CHECK(c.sim.has_value());
  CHECK(fs::path(c.benchmark.args["dir"].as<std::string>()).is_absolute());
  fs::remove_all(root);
}

TEST_CASE("init: every tool's example arguments pass its own checks") {
  auto root = scratch("examples");
  for (const Adapter* a : tool_kinds()) {
    INFO(a->name());
    std::string yaml =
        "name: t\ndevice: {manufacturer: X, accelerator: Y}\nprobes:\n"
        "  - {name: rail, kind: ina228, rail: M.2 3.3 V, scope: m2-rail}\n"
        "benchmark:\n  tool: " +
        a->name() + "\n  args: " + example_args(a->name()) + "\n";
    put(root / "c.yaml", yaml);
    try {
      load_config(root / "c.yaml");
    } catch (const ConfigError& e) {
      FAIL(std::string(e.what()));
    }
  }
  fs::remove_all(root);
}
