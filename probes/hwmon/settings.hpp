// The hwmon kind's settings: which chip and channel to read.
#pragma once
#include <memory>

#include "harness/plugin/probe_kind.hpp"
#include "probes/hwmon/probe.hpp"

namespace wb {

class ConfigNode;

struct HwmonSettings : ProbeSettings {
  HwmonSelect select;
  std::string transport() const override { return "hwmon"; }
};

std::shared_ptr<const ProbeSettings> parse_hwmon_settings(const ConfigNode& n, ProbeConfig& common);

}  // namespace wb
