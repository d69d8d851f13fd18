// hwmon discovery, scaling and the hwmon probe on a fake sysfs tree.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "probes/hwmon/settings.hpp"
#include "probes/hwmon/protocol.hpp"
#include "probes/probe.hpp"

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
