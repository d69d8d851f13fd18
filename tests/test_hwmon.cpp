// hwmon discovery, scaling and the hwmon probe on a fake sysfs tree.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "harness/plugin/probe.hpp"
#include "probes/hwmon/protocol.hpp"
#include "probes/hwmon/settings.hpp"
#include "probes/ina228/settings.hpp"

using namespace wb;
namespace fs = std::filesystem;

namespace {
void put(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text << "\n";
}
// A Jetson-like INA3221 (no power files), a MemryX temperature-only chip and an INA228.
fs::path fake_tree() {
  fs::path root = fs::temp_directory_path() / "wattbench-hwmon-tree";
  fs::remove_all(root);
  put(root / "hwmon0/name", "ina3221");
  put(root / "hwmon0/in1_label", "VDD_IN");
  put(root / "hwmon0/in1_input", "5080");
  put(root / "hwmon0/curr1_input", "1420");
  put(root / "hwmon0/in2_label", "VDD_CPU_GPU_CV");
  put(root / "hwmon0/in2_input", "5072");
  put(root / "hwmon0/curr2_input", "610");
  put(root / "hwmon1/name", "memx0");
  put(root / "hwmon1/temp1_input", "41250");
  put(root / "hwmon10/name", "ina228");
  put(root / "hwmon10/in1_input", "3297");
  put(root / "hwmon10/curr1_input", "1400");
  put(root / "hwmon10/power1_input", "4616443");
  put(root / "hwmon10/energy1_input", "276986523");
  put(root / "hwmon10/temp1_input", "35500");
  return root;
}
ProbeConfig hwmon_probe(const fs::path& root, const std::string& chip = "", const std::string& label = "") {
  ProbeConfig p;
  p.name = "rail";
  p.kind = "hwmon";
  p.rail = "VDD_IN";
  p.scope = "board";
  p.rate_hz = 10;
  auto s = std::make_shared<HwmonSettings>();
  s->select.root = root.string();
  s->select.chip = chip;
  s->select.label = label;
  p.settings = s;
  return p;
}
}  // namespace

TEST_CASE("discovery finds every chip in hwmon order with scaled attributes") {
  auto root = fake_tree();
  auto chips = hwmon::discover(root);
  REQUIRE(chips.size() == 3);
  CHECK(chips[0].name == "ina3221");
  CHECK(chips[1].name == "memx0");
  CHECK(chips[2].name == "ina228");  // hwmon10 after hwmon1, by number
  CHECK_FALSE(chips[0].has_power());
  CHECK(chips[2].has_power());
  CHECK(chips[0].attributes[0].label == "VDD_IN");
  for (const auto& a : chips[2].attributes)
    if (a.file == "power1_input") CHECK(*hwmon::read_attribute(chips[2].dir, a) == doctest::Approx(4.616443));
  CHECK(hwmon::parse_value("-1280\n") == -1280);
  CHECK_FALSE(hwmon::parse_value("n/a").has_value());
}

TEST_CASE("hwmon probe: default picks the first chip with power; energy from energy1_input") {
  auto root = fake_tree();
  auto probe = make_probe(hwmon_probe(root), {});
  probe->open();
  Sample s;
  probe->read(s);
  CHECK(s.values[2] == doctest::Approx(4.616443));
  CHECK(s.values[3] == doctest::Approx(276.986523));
  CHECK(s.values[4] == doctest::Approx(35.5));
  CHECK(probe->info().energy_channel == 3);
}

TEST_CASE("hwmon probe: INA3221 channel by label, power computed as V x I") {
  auto root = fake_tree();
  auto cfg = hwmon_probe(root, "ina3221", "VDD_CPU_GPU_CV");
  auto probe = make_probe(cfg, {});
  probe->open();
  Sample s;
  probe->read(s);
  CHECK(s.values[0] == doctest::Approx(5.072));
  CHECK(s.values[1] == doctest::Approx(0.610));
  CHECK(s.values[2] == doctest::Approx(5.072 * 0.610));
  CHECK_FALSE(is_present(s.values[3]));
  CHECK(probe->info().energy_channel == -1);
}

TEST_CASE("hwmon probe: clear errors for a missing chip or a chip without power") {
  auto root = fake_tree();
  auto missing = make_probe(hwmon_probe(root, "ina238"), {});
  CHECK_THROWS_WITH(missing->open(), doctest::Contains("no hwmon chip named 'ina238'"));
  CHECK_THROWS_WITH(missing->open(), doctest::Contains("hwmon10 name=ina228 (power)"));
  auto temp_only = make_probe(hwmon_probe(root, "memx0"), {});
  CHECK_THROWS_WITH(temp_only->open(), doctest::Contains("no watts"));
  fs::remove_all(root);
  auto gone = make_probe(hwmon_probe(root), {});
  CHECK_THROWS_WITH(gone->open(), doctest::Contains("no hwmon* folders"));
}

// Linux ina238 driving INA228s (hardware.md, Corrections): its shunt is 10 mOhm unless the
// device tree says otherwise, several chips share the name `ina228`, and it refreshes its
// averaged values every ~50 ms.
namespace {
// Two INA228s on bus 1 under the kernel driver: 0x41 in hwmon3, 0x40 in hwmon7. Both sense
// 1.4 A through a 15 mOhm board shunt (21 mV); the driver divides by its 10 mOhm default.
fs::path ina238_tree(int amps_0x40_ma) {
  fs::path root = fs::temp_directory_path() / "wattbench-ina238-tree";
  fs::remove_all(root);
  auto chip = [&](const std::string& dir, const std::string& client, int true_ma) {
    fs::create_directories(root / "devices" / client);
    put(root / dir / "name", "ina228");
    fs::create_directory_symlink(fs::path("..") / "devices" / client, root / dir / "device");
    int shunt_mv = true_ma * 15 / 1000;    // in0: the shunt voltage, whatever the driver thinks
    int driver_ma = shunt_mv * 1000 / 10;  // curr1 = in0 / 10 mOhm
    put(root / dir / "in0_input", std::to_string(shunt_mv));
    put(root / dir / "in1_input", "3300");
    put(root / dir / "curr1_input", std::to_string(driver_ma));
    put(root / dir / "power1_input", std::to_string(3300LL * driver_ma));
    put(root / dir / "energy1_input", "1000000");
    put(root / dir / "temp1_input", "35000");
  };
  chip("hwmon3", "1-0041", 2000);
  chip("hwmon7", "1-0040", amps_0x40_ma);
  return root;
}
ProbeConfig ina228_on_hwmon(const fs::path& root, unsigned address, double shunt_ohm) {
  ProbeConfig p;
  p.name = "m2";
  p.kind = "ina228";
  p.rail = "M.2 3.3 V";
  p.scope = "m2-rail";
  p.rate_hz = 100;
  auto s = std::make_shared<Ina228Settings>();
  s->i2c.transport = "hwmon";
  s->i2c.device = root.string();
  s->i2c.address = address;
  s->shunt_ohm = shunt_ohm;
  p.settings = s;
  return p;
}
}  // namespace

TEST_CASE("ina228 on the kernel's ina238: the chip is found by its I2C address, not the first of its name") {
  auto root = ina238_tree(1400);
  auto probe = make_probe(ina228_on_hwmon(root, 0x40, 0.010), {});
  probe->open();
  Sample s;
  probe->read(s);
  CHECK(s.values[kRailCurrent] == doctest::Approx(2.1));  // hwmon7 (1-0040), not hwmon3 (0x41: 3.0 A)
  auto other = make_probe(ina228_on_hwmon(root, 0x41, 0.010), {});
  other->open();
  other->read(s);
  CHECK(s.values[kRailCurrent] == doctest::Approx(3.0));
  auto absent = make_probe(ina228_on_hwmon(root, 0x44, 0.010), {});
  CHECK_THROWS_WITH(absent->open(), doctest::Contains("device=1-0040"));  // lists what is there
  fs::remove_all(root);
}

TEST_CASE(
    "ina228 on the kernel's ina238 with its 10 mOhm default under a 15 mOhm board: scaled and said, not 1.5x high") {
  auto root = ina238_tree(1400);
  auto probe = make_probe(ina228_on_hwmon(root, 0x40, 0.015), {});
  probe->open();
  Sample s;
  probe->read(s);
  CHECK(s.values[kRailCurrent] == doctest::Approx(1.4));
  CHECK(s.values[kRailPower] == doctest::Approx(3.3 * 1.4));
  REQUIRE(probe->info().warnings.size() == 1);
  CHECK(probe->info().warnings[0].find("shunt-resistor = <15000>") != std::string::npos);
  // A driver told the right shunt (device tree) needs nothing.
  auto right = make_probe(ina228_on_hwmon(root, 0x40, 0.010), {});
  right->open();
  CHECK(right->info().warnings.empty());
  fs::remove_all(root);
}

TEST_CASE("hwmon: a read that repeats the driver's last values is flagged stale (no new data)") {
  auto root = ina238_tree(1400);
  auto probe = make_probe(ina228_on_hwmon(root, 0x40, 0.010), {});
  probe->open();
  Sample a, b, c;
  probe->read(a);
  probe->read(b);
  put(root / "hwmon7/power1_input", "4630000");
  probe->read(c);
  CHECK((a.flags & kFlagStale) == 0);
  CHECK((b.flags & kFlagStale) != 0);
  CHECK((c.flags & kFlagStale) == 0);
  fs::remove_all(root);
}
