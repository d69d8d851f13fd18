// A simulated Linux ina238 hwmon driver: it configures a simulated INA228 the way the kernel
// does (fixed SHUNT_CAL 16384, ADC_CONFIG 0xFB6A) and keeps a fake sysfs tree
// (<root>/hwmon0/{name, in0_input, in1_input, curr1_input, power1_input, energy1_input,
// temp1_input}) updated with the kernel's scaling, so the hwmon probe reads real files.
#pragma once
#include <atomic>
#include <filesystem>
#include <memory>
#include <thread>

#include "probes/sim/ina228_model.hpp"
#include "probes/sim/load_model.hpp"

namespace wb::sim {

class SimHwmonDriver {
 public:
  SimHwmonDriver(std::filesystem::path root, LoadModel& load, double shunt_ohm, double update_hz = 2000);
  ~SimHwmonDriver();
  const std::filesystem::path& chip_dir() const { return m_dir; }
  // One refresh of every file from the chip's registers (also done by the thread).
  void refresh();

 private:
  void write_reg(std::uint8_t reg, std::uint16_t value);
  std::filesystem::path m_dir;
  std::unique_ptr<Ina228Model> m_chip;
  double m_rshunt_uohm;
  std::atomic<bool> m_running{true};
  std::thread m_thread;
};

}  // namespace wb::sim
