// The hwmon transport: a rail read from one channel of a Linux hwmon chip's files. The hwmon
// kind uses it directly; chip kinds use it for a chip bound to its kernel driver.
#pragma once
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "harness/plugin/probe.hpp"
#include "harness/plugin/probe_kind.hpp"

namespace wb {

struct HwmonSelect {
  std::string root = "/sys/class/hwmon";
  std::string chip;   // match the chip's `name`; empty = the first chip with power or energy files
  std::string path;   // or a specific folder, e.g. hwmon3
  int channel = 1;    // index n of in<n>/curr<n>/power<n>/energy<n>
  std::string label;  // or the channel whose <prefix><n>_label matches
  // A chip on I2C: the one whose `device` link is <bus>-00<addr> (several chips share a name,
  // and hwmonN numbers change across boots).
  std::optional<unsigned> i2c_address;
  // The shunt on the board. Linux ina238 (INA228/INA237/INA238) assumes 10 mOhm unless the
  // device tree says `shunt-resistor`, with no sysfs override: its current, power and energy
  // are then off by board/driver. Given this, the probe measures the driver's shunt
  // (in0 / curr1) and scales by it, saying so.
  std::optional<double> board_shunt_ohm;
};

// With `simulate` (the simulator's kernel driver, on the simulated bench), the tree is
// <run>/sim-sysfs/<probe> and the transport reads "hwmon-sim".
std::unique_ptr<Probe> make_hwmon_rail_probe(const ProbeConfig& cfg, const ProbeContext& ctx, HwmonSelect select,
                                             SimulatedTree simulate = {});

// `wattbench probes`: the hwmon chips under the root, with their files.
void scan_hwmon(std::ostream& out, const ScanOptions& opt);

}  // namespace wb
