// device.aspm in a config: the four words (a bare YAML `off` included), a PCI address required,
// and as a matrix axis.
#include <doctest/doctest.h>

#include "harness/config/config.hpp"
#include "tests/config_test_support.hpp"

using namespace wb::config_test;

TEST_CASE("config: device.aspm takes l1, l0s-l1, off (bare or quoted) and default, and needs device.pcie") {
  std::string base = kValid;
  auto with = [&](const std::string& device_lines) {
    std::string t = base;
    t.replace(t.find("  accelerator: M1\n"), 18, "  accelerator: M1\n" + device_lines);
    return write_config("wattbench-aspm-config", "c.yaml", t);
  };
  CHECK(wb::load_config(with("")).device.aspm == "default");
  for (const char* v : {"l1", "l0s-l1", "off", "\"off\"", "default"}) {
    CAPTURE(v);
    auto c = wb::load_config(with(std::string("  pcie: \"0000:01:00.0\"\n  aspm: ") + v + "\n"));
    std::string want = v;
    if (want == "\"off\"") want = "off";
    CHECK(c.device.aspm == want);
  }
  auto bad = load_error(with("  pcie: \"0000:01:00.0\"\n  aspm: L1s\n"), {});
  REQUIRE(bad);
  CHECK(bad->find("device.aspm") != std::string::npos);
  CHECK(bad->find("expected l1, l0s-l1, off or default") != std::string::npos);
  auto no_pcie = load_error(with("  aspm: l1\n"), {});
  REQUIRE(no_pcie);
  CHECK(no_pcie->find("device.pcie") != std::string::npos);
  CHECK_FALSE(load_error(with("  aspm: default\n"), {}));  // nothing to set: no address needed
  auto matrix = load_error(with("  pcie: \"0000:01:00.0\"\n  aspm: [l1]\n"), {});
  REQUIRE(matrix);
}

TEST_CASE("config: device.aspm as a matrix axis gives a variant per state") {
  std::string t = kValid;
  t.replace(t.find("  accelerator: M1\n"), 18, "  accelerator: M1\n  pcie: \"0000:01:00.0\"\n");
  t += "matrix:\n  axes:\n    aspm:\n      l1: {device.aspm: l1}\n      \"off\": {device.aspm: off}\n";
  auto c = wb::load_config(write_config("wattbench-aspm-matrix", "c.yaml", t));
  REQUIRE(c.variants.size() == 2);
  CHECK(c.variants[0].config->device.aspm == "l1");
  CHECK(c.variants[1].config->device.aspm == "off");
  CHECK(c.variants[1].id == "off");
}
