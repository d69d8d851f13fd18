// Simulated RAPL counters in a fake powercap tree.
#include "sim/powercap/powercap_sim.hpp"

#include <cmath>

#include "sim/bench/sim_state.hpp"
#include "sim/bench/sysfs_tree.hpp"

namespace wb::sim {

namespace fs = std::filesystem;

SimPowercap::SimPowercap(fs::path root, LoadModel& load, PowercapSimParams params, double update_hz)
    : m_root(std::move(root)), m_load(load), m_params(params) {
  m_range_units = std::floor(m_params.rapl_range_j / m_unit_j);
  auto range_uj = static_cast<unsigned long long>(std::llround(m_range_units * m_unit_j * 1e6));
  fs::create_directories(m_root / "intel-rapl");
  write_sysfs_file(m_root / "intel-rapl" / "enabled", "1\n");
  for (auto [id, name] : {std::pair{"intel-rapl:0", "package-0"},
                          {"intel-rapl:0/intel-rapl:0:0", "core"},
                          {"intel-rapl:0/intel-rapl:0:1", "uncore"}}) {
    fs::create_directories(m_root / id);
    write_sysfs_file(m_root / id / "name", std::string(name) + "\n");
    write_sysfs_file(m_root / id / "enabled", "1\n");
    write_sysfs_file(m_root / id / "max_energy_range_uj", std::to_string(range_uj) + "\n");
  }
  m_last_t = steady_now_s();
  const auto& p = m_params;
  m_last_w = p.host_base_w + p.host_load_share * load.true_power_w(m_last_t);
  update();
  m_refresh.start(update_hz, [this] { update(); });
}

void SimPowercap::update() {
  const auto& p = m_params;
  double t = steady_now_s();
  double w = p.host_base_w + p.host_load_share * m_load.true_power_w(t);
  m_package_j += (w + m_last_w) / 2 * (t - m_last_t);
  m_last_t = t;
  m_last_w = w;
  // The MSR holds whole units modulo 2^32; the driver reports units × unit in µJ.
  auto to_uj = [&](double joules) {
    double units = std::fmod(std::floor(joules / m_unit_j), m_range_units + 1);
    return std::to_string(static_cast<unsigned long long>(std::llround(units * m_unit_j * 1e6))) + "\n";
  };
  write_sysfs_file(m_root / "intel-rapl:0" / "energy_uj", to_uj(m_package_j));
  // Sub-zones: the cores take most of the package, the rest is uncore (fixed shares; their
  // split is not what a test checks).
  write_sysfs_file(m_root / "intel-rapl:0" / "intel-rapl:0:0" / "energy_uj", to_uj(m_package_j * 0.7));
  write_sysfs_file(m_root / "intel-rapl:0" / "intel-rapl:0:1" / "energy_uj", to_uj(m_package_j * 0.1));
}

}  // namespace wb::sim
