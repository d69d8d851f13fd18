// Simulated RAPL counters in a fake powercap tree.
#include "sim/powercap/powercap_sim.hpp"

#include <cmath>
#include <cstdio>

#include "sim/bench/sim_state.hpp"

namespace wb::sim {

namespace fs = std::filesystem;

namespace {
void write_text(const fs::path& p, const std::string& text) {
  // sysfs reads are atomic; a rename keeps readers of the fake tree from seeing half a number.
  fs::path tmp = p;
  tmp += ".new";
  if (std::FILE* f = std::fopen(tmp.c_str(), "w")) {
    std::fputs(text.c_str(), f);
    std::fclose(f);
    fs::rename(tmp, p);
  }
}
}  // namespace

SimPowercap::SimPowercap(fs::path root, LoadModel& load, PowercapSimParams params, double update_hz)
    : m_root(std::move(root)), m_load(load), m_params(params) {
  m_range_units = std::floor(m_params.rapl_range_j / m_unit_j);
  auto range_uj = static_cast<unsigned long long>(std::llround(m_range_units * m_unit_j * 1e6));
  fs::create_directories(m_root / "intel-rapl");
  write_text(m_root / "intel-rapl" / "enabled", "1\n");
  for (auto [id, name] : {std::pair{"intel-rapl:0", "package-0"},
                          {"intel-rapl:0/intel-rapl:0:0", "core"},
                          {"intel-rapl:0/intel-rapl:0:1", "uncore"}}) {
    fs::create_directories(m_root / id);
    write_text(m_root / id / "name", std::string(name) + "\n");
    write_text(m_root / id / "enabled", "1\n");
    write_text(m_root / id / "max_energy_range_uj", std::to_string(range_uj) + "\n");
  }
  m_last_t = steady_now_s();
  const auto& p = m_params;
  m_last_w = p.host_base_w + p.host_load_share * load.true_power_w(m_last_t);
  update();
  m_thread = std::thread([this, update_hz] {
    auto period = std::chrono::duration<double>(1.0 / update_hz);
    while (m_running) {
      std::this_thread::sleep_for(period);
      update();
    }
  });
}

SimPowercap::~SimPowercap() {
  m_running = false;
  if (m_thread.joinable()) m_thread.join();
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
  write_text(m_root / "intel-rapl:0" / "energy_uj", to_uj(m_package_j));
  // Sub-zones: the cores take most of the package, the rest is uncore (fixed shares; their
  // split is not what a test checks).
  write_text(m_root / "intel-rapl:0" / "intel-rapl:0:0" / "energy_uj", to_uj(m_package_j * 0.7));
  write_text(m_root / "intel-rapl:0" / "intel-rapl:0:1" / "energy_uj", to_uj(m_package_j * 0.1));
}

}  // namespace wb::sim
