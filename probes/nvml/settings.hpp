// The nvml kind's settings: which GPU, through which library.
#pragma once
#include <memory>
#include <string>

#include "harness/plugin/probe_kind.hpp"

namespace wb {

class ConfigNode;

struct NvmlSettings : ProbeSettings {
  std::string device = "0";  // index, UUID (GPU-…) or PCI bus id (0000:01:00.0)
  std::string library = "libnvidia-ml.so.1";
  std::string transport_name = "nvml";  // or sim: the fake library on the simulated bench
  std::string transport() const override { return transport_name; }
  bool simulated() const override { return transport_name == "sim"; }
};

std::shared_ptr<const ProbeSettings> parse_nvml_settings(const ConfigNode& n, ProbeConfig& common);

}  // namespace wb
