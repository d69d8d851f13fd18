// RAPL through powercap: zone discovery on a tree shaped like /sys/class/powercap, the
// counter's wrap at max_energy_range_uj, and the probe on the simulated tree.
#include <doctest/doctest.h>

#include <fstream>
#include <thread>

#include "harness/plugin/probe.hpp"
#include "probes/rapl/powercap.hpp"
#include "sim/bench/load_model.hpp"
#include "sim/bench/sim_state.hpp"
#include "sim/powercap/powercap_sim.hpp"

using namespace wb;
namespace fs = std::filesystem;

namespace {
void put(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text << "\n";
}
fs::path scratch(const std::string& name) {
  auto d = fs::temp_directory_path() / ("wb-rapl-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  return d;
}
}  // namespace

TEST_CASE("powercap: zones found in the class folder's flat links, by name and id, nested ones once") {
  auto root = scratch("tree");
  // /sys/class/powercap: the control type folder and one link per zone, sub-zones nested too.
  auto dev = root / "devices" / "intel-rapl";
  put(dev / "enabled", "1");
  put(dev / "intel-rapl:0" / "name", "package-0");
  put(dev / "intel-rapl:0" / "energy_uj", "123");
  put(dev / "intel-rapl:0" / "max_energy_range_uj", "262143328850");
  put(dev / "intel-rapl:0" / "intel-rapl:0:0" / "name", "core");
  put(dev / "intel-rapl:0" / "intel-rapl:0:0" / "energy_uj", "45");
  put(dev / "intel-rapl:1" / "name", "psys");
  put(dev / "intel-rapl:1" / "energy_uj", "9");
  auto cls = root / "class";
  fs::create_directories(cls);
  fs::create_directory_symlink(dev, cls / "intel-rapl");
  fs::create_directory_symlink(dev / "intel-rapl:0", cls / "intel-rapl:0");
  fs::create_directory_symlink(dev / "intel-rapl:0" / "intel-rapl:0:0", cls / "intel-rapl:0:0");
  fs::create_directory_symlink(dev / "intel-rapl:1", cls / "intel-rapl:1");
  auto zones = powercap::discover(cls);
  REQUIRE(zones.size() == 3);
  CHECK(zones[0].id == "intel-rapl:0");
  CHECK(zones[0].name == "package-0");
  CHECK(zones[0].max_energy_range_uj == 262143328850ull);
  CHECK(zones[1].name == "core");
  CHECK_FALSE(zones[1].max_energy_range_uj);
  CHECK(zones[2].name == "psys");
  CHECK(powercap::read_energy_uj(zones[0]) == 123);
  put(dev / "intel-rapl:1" / "energy_uj", "12x");
  CHECK_THROWS_WITH_AS(powercap::read_energy_uj(zones[2]), doctest::Contains("is not a microjoule count"),
                       std::runtime_error);
  fs::remove_all(root);
}

TEST_CASE("powercap: the counter unwraps past max_energy_range_uj, and refuses to guess without it") {
  powercap::EnergyUnwrapper u(1000);
  CHECK(u.add(900) == 0);
  CHECK(u.add(990) == doctest::Approx(90e-6));
  // 990 -> 1000 (range end) -> 0 -> 15: 25 µJ more.
  CHECK(u.add(15) == doctest::Approx(115e-6));
  CHECK(u.wraps() == 1);
  powercap::EnergyUnwrapper blind(std::nullopt);
  blind.add(500);
  CHECK_THROWS_WITH_AS(blind.add(10), doctest::Contains("range is unknown"), std::runtime_error);
}

TEST_CASE("simulated powercap: package energy follows the bench in whole units and wraps at its range") {
  auto dir = scratch("sim");
  fs::create_directories(dir);
  sim::SimParams p;
  p.idle_w = 10;
  p.ripple_pct = 0;
  p.drift_pct = 0;
  sim::PowercapSimParams pp;
  pp.rapl_range_j = 2;  // wraps every 0.2 s at 10 W
  std::ofstream(dir / "state.txt").flush();
  sim::LoadModel load(p, dir / "state.txt");
  auto tree = std::make_unique<sim::SimPowercap>(dir / "powercap", load, pp);
  auto zones = powercap::discover(dir / "powercap");
  REQUIRE(zones.size() == 3);
  CHECK(zones[0].name == "package-0");
  REQUIRE(zones[0].max_energy_range_uj);
  CHECK(*zones[0].max_energy_range_uj <= 2000000);
  powercap::EnergyUnwrapper u(zones[0].max_energy_range_uj);
  double t0 = sim::steady_now_s();
  u.add(powercap::read_energy_uj(zones[0]));
  double joules = 0;
  while (sim::steady_now_s() - t0 < 0.7) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    auto raw = powercap::read_energy_uj(zones[0]);
    // The driver reports whole 2^-14 J units in µJ.
    double units = static_cast<double>(raw) / 1e6 * 16384;
    CHECK(std::abs(units - std::round(units)) < 0.01);  // whole units, rounded to µJ
    joules = u.add(raw);
  }
  double elapsed = sim::steady_now_s() - t0;
  CHECK(u.wraps() >= 2);
  CHECK(joules / elapsed == doctest::Approx(10).epsilon(0.05));
  tree.reset();
  fs::remove_all(dir);
}
