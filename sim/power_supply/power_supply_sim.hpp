// A simulated Linux power-supply class device (Documentation/ABI/testing/sysfs-class-power;
// drivers/power/supply/power_supply_sysfs.c): <root>/<name>/{type, online, voltage_now (µV),
// current_now (µA), power_now (µW)} for the supply feeding the card (a USB-PD port, a battery),
// rewritten by a thread as the driver's readings change. power_now is optional, as on the tcpm
// and ucsi USB-PD ports that report only voltage and current.
#pragma once
#include <filesystem>
#include <string>

#include "sim/bench/load_model.hpp"
#include "sim/bench/sysfs_tree.hpp"

namespace wb::sim {

// The simulated supply's own keys of the `sim:` block.
struct PowerSupplySimParams {
  double power_supply_power_now = 1;    // 0: the driver has no power_now (V × I only)
  double power_supply_update_hz = 100;  // how often the driver refreshes its readings
};
template <class F>
void for_each_field(PowerSupplySimParams& p, F&& f) {
  f("power_supply_power_now", p.power_supply_power_now);
  f("power_supply_update_hz", p.power_supply_update_hz);
}

class SimPowerSupply {
 public:
  SimPowerSupply(std::filesystem::path root, std::string name, LoadModel& load, PowerSupplySimParams params = {});
  SimPowerSupply(const SimPowerSupply&) = delete;
  SimPowerSupply& operator=(const SimPowerSupply&) = delete;
  void update();  // the readings at now (also done by the thread)

 private:
  std::filesystem::path m_dir;
  LoadModel& m_load;
  PowerSupplySimParams m_params;
  RefreshThread m_refresh;  // last: stops before the members update() reads
};

}  // namespace wb::sim
