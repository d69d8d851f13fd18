// A simulated Linux ina238 hwmon driver (drivers/hwmon/ina238.c with INA228 support; see
// shared/reference/hardware.md S5 and its Corrections): it configures a simulated INA228 the
// way the kernel does (CONFIG 0, ADC_CONFIG 0xFB6A = 16 averages of 3 x 1052 us, so new data
// every ~50 ms; SHUNT_CAL 16384) and keeps a fake sysfs tree (<root>/hwmon0/{name, in0_input,
// in1_input, curr1_input, power1_input, energy1_input, temp1_input, device ->
// <root>/devices/<bus>-00<addr>}) updated with the kernel's scaling, which divides by the
// DRIVER's shunt: INA238_RSHUNT_DEFAULT 10 mOhm unless the device tree gives `shunt-resistor`,
// whatever the board carries (no sysfs override). The chip itself senses the board's shunt.
// Fault injection, not the driver's normal output: while sim.sensor_sentinel_at_s/for_s is on,
// power1_input reads 0, the "0.0 W is an INA228 overflow signal" of field reports
// (shared/reference/field-anchors.md §6a, mb-powermon; and "Measurement-method rules").
#pragma once
#include <filesystem>
#include <memory>
#include <string>

#include "sim/bench/load_model.hpp"
#include "sim/bench/sysfs_tree.hpp"
#include "sim/i2c/ina228_model.hpp"

namespace wb::sim {

// The simulated kernel driver's own keys of the `sim:` block.
struct HwmonSimParams {
  // The simulated kernel ina238 driver's shunt as a device tree would set it (`shunt-resistor`);
  // 0: none, so the driver assumes its 10 mOhm default whatever the board carries.
  double hwmon_dt_shunt_ohm = 0;
};
template <class F>
void for_each_field(HwmonSimParams& p, F&& f) {
  f("hwmon_dt_shunt_ohm", p.hwmon_dt_shunt_ohm);
}

class SimHwmonDriver {
 public:
  // board_shunt_ohm: the resistor on the board; driver_shunt_ohm: what the kernel was told
  // (device tree) or its 10 mOhm default. i2c_client names the `device` link's target.
  SimHwmonDriver(std::filesystem::path root, LoadModel& load, double board_shunt_ohm, double driver_shunt_ohm = 0.010,
                 const std::string& i2c_client = "1-0040", double update_hz = 2000);
  const std::filesystem::path& chip_dir() const { return m_dir; }
  // One refresh of every file from the chip's registers (also done by the thread).
  void refresh();

 private:
  void write_reg(std::uint8_t reg, std::uint16_t value);
  std::filesystem::path m_dir;
  LoadModel& m_load;
  std::unique_ptr<Ina228Model> m_chip;
  double m_rshunt_uohm;
  RefreshThread m_refresh;  // last: stops before the members refresh() reads
};

}  // namespace wb::sim
