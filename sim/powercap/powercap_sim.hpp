// A simulated Linux powercap tree for RAPL (Documentation/power/powercap/powercap.rst;
// drivers/powercap/intel_rapl_common.c): <root>/intel-rapl:0 {name "package-0", energy_uj,
// max_energy_range_uj, enabled} with sub-zones intel-rapl:0:0 "core" and intel-rapl:0:1
// "uncore", and the intel-rapl control-type folder beside them, as on a client Intel part.
// The package MSR counts energy-status units (2^-ESU J; ESU 14 = 61.035 µJ on most parts) and
// the hardware updates it about every millisecond; the driver scales units to µJ, so energy_uj
// moves in whole units and wraps at max_energy_range_uj (the MSR's 32 bits, ENERGY_STATUS_MASK
// 0xffffffff in intel_rapl_common.c: 2^32 units = 262143328850 µJ).
// Package power = host_base_w + host_load_share × the bench's card power.
#pragma once
#include <filesystem>

#include "sim/bench/load_model.hpp"
#include "sim/bench/sysfs_tree.hpp"

namespace wb::sim {

// The simulated powercap driver's own keys of the `sim:` block.
struct PowercapSimParams {
  // The host's RAPL package zone: base watts plus a share of the card's power (feeding it).
  // 0 and 1 make the package itself the measured device (a CPU running the model).
  double host_base_w = 0;
  double host_load_share = 1;
  // energy_uj wraps at max_energy_range_uj: 2^32 energy-status units of 61.035 µJ on Intel.
  double rapl_range_j = 262143.328850;
};
template <class F>
void for_each_field(PowercapSimParams& p, F&& f) {
  f("host_base_w", p.host_base_w);
  f("host_load_share", p.host_load_share);
  f("rapl_range_j", p.rapl_range_j);
}

class SimPowercap {
 public:
  SimPowercap(std::filesystem::path root, LoadModel& load, PowercapSimParams params = {}, double update_hz = 1000);
  SimPowercap(const SimPowercap&) = delete;
  SimPowercap& operator=(const SimPowercap&) = delete;
  // Advances every counter to now (also done by the thread).
  void update();

 private:
  std::filesystem::path m_root;
  LoadModel& m_load;
  PowercapSimParams m_params;
  double m_unit_j = 1.0 / 16384.0;  // 2^-14 J
  double m_range_units;
  double m_last_t, m_last_w;
  double m_package_j = 0;   // true energy since start
  RefreshThread m_refresh;  // last: stops before the members update() reads
};

}  // namespace wb::sim
