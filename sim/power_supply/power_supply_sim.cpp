// The simulated power-supply class device.
#include "sim/power_supply/power_supply_sim.hpp"

#include <cmath>

#include "sim/bench/sim_state.hpp"
#include "sim/bench/sysfs_tree.hpp"

namespace wb::sim {

namespace fs = std::filesystem;

namespace {
std::string micro(double v) { return std::to_string(std::llround(v * 1e6)) + "\n"; }
}  // namespace

SimPowerSupply::SimPowerSupply(fs::path root, std::string name, LoadModel& load, PowerSupplySimParams params)
    : m_dir(root / name), m_load(load), m_params(params) {
  fs::create_directories(m_dir);
  write_sysfs_file(m_dir / "type", "USB\n");
  write_sysfs_file(m_dir / "online", "1\n");
  std::error_code ec;
  if (m_params.power_supply_power_now == 0) fs::remove(m_dir / "power_now", ec);  // a driver without it: none left over
  update();
  double hz = m_params.power_supply_update_hz > 0 ? m_params.power_supply_update_hz : 100;
  m_refresh.start(hz, [this] { update(); });
}

void SimPowerSupply::update() {
  double t = steady_now_s();
  double v = m_load.voltage_v(t), a = m_load.current_a(t);
  write_sysfs_file(m_dir / "voltage_now", micro(v));
  write_sysfs_file(m_dir / "current_now", micro(a));
  if (m_params.power_supply_power_now != 0) write_sysfs_file(m_dir / "power_now", micro(v * a));
}

}  // namespace wb::sim
