// The rapl kind's settings: which powercap zone to read.
#pragma once
#include <memory>
#include <string>

#include "harness/plugin/probe_kind.hpp"

namespace wb {

class ConfigNode;

struct RaplSettings : ProbeSettings {
  std::string root = "/sys/class/powercap";
  std::string zone = "package-0";  // a zone's `name` (package-0, core, dram, psys) or its folder (intel-rapl:0)
  std::string transport_name = "powercap";  // or sim: a simulated tree in the run folder
  std::string transport() const override { return transport_name; }
  bool simulated() const override { return transport_name == "sim"; }
};

std::shared_ptr<const ProbeSettings> parse_rapl_settings(const ConfigNode& n, ProbeConfig& common);

}  // namespace wb
