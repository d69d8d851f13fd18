// The simulated power-supply class device.
#include "sim/power_supply/power_supply_sim.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>

#include "sim/bench/sim_state.hpp"

namespace wb::sim {

namespace fs = std::filesystem;

namespace {
void write_text(const fs::path& p, const std::string& text) {
  // A rename keeps readers of the fake tree from seeing half a number (sysfs reads are atomic).
  fs::path tmp = p;
  tmp += ".new";
  if (std::FILE* f = std::fopen(tmp.c_str(), "w")) {
    std::fputs(text.c_str(), f);
    std::fclose(f);
    fs::rename(tmp, p);
  }
}
std::string micro(double v) { return std::to_string(std::llround(v * 1e6)) + "\n"; }
}  // namespace

SimPowerSupply::SimPowerSupply(fs::path root, std::string name, LoadModel& load, PowerSupplySimParams params)
    : m_dir(root / name), m_load(load), m_params(params) {
  fs::create_directories(m_dir);
  write_text(m_dir / "type", "USB\n");
  write_text(m_dir / "online", "1\n");
  std::error_code ec;
  if (m_params.power_supply_power_now == 0) fs::remove(m_dir / "power_now", ec);  // a driver without it: none left over
  update();
  double hz = m_params.power_supply_update_hz > 0 ? m_params.power_supply_update_hz : 100;
  m_thread = std::thread([this, hz] {
    auto period = std::chrono::duration<double>(1.0 / hz);
    while (m_running) {
      std::this_thread::sleep_for(period);
      update();
    }
  });
}

SimPowerSupply::~SimPowerSupply() {
  m_running = false;
  if (m_thread.joinable()) m_thread.join();
}

void SimPowerSupply::update() {
  double t = steady_now_s();
  double v = m_load.voltage_v(t), a = m_load.current_a(t);
  write_text(m_dir / "voltage_now", micro(v));
  write_text(m_dir / "current_now", micro(a));
  if (m_params.power_supply_power_now != 0) write_text(m_dir / "power_now", micro(v * a));
}

}  // namespace wb::sim
