// The power_supply kind's settings: which Linux power-supply class device to read.
#pragma once
#include <memory>
#include <string>

#include "harness/plugin/probe_kind.hpp"

namespace wb {

class ConfigNode;

struct PowerSupplySettings : ProbeSettings {
  std::string root = "/sys/class/power_supply";
  std::string supply;                    // the device's folder name (BAT0, tcpm-source-psy-4-0022, ...)
  std::string transport_name = "sysfs";  // or sim: a simulated tree in the run folder
  std::string transport() const override { return transport_name; }
  bool simulated() const override { return transport_name == "sim"; }
};

std::shared_ptr<const ProbeSettings> parse_power_supply_settings(const ConfigNode& n, ProbeConfig& common);

}  // namespace wb
