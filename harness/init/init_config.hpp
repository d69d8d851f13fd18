// The config `wattbench init` proposes from a bench scan: the accelerator as the device, a probe
// per INA2xx that answered and per hwmon power chip, the vendor's tool with example arguments,
// every guess marked TODO. With nothing to measure with attached, the simulated bench.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "harness/init/bench_scan.hpp"

namespace wb {

struct ProposedConfig {
  std::string yaml;
  bool simulated = false;          // nothing attached to measure with: the demo's simulated bench
  std::vector<std::string> found;  // what the scan found, one line each, for the terminal
};

// demo_config: the shipped demo (configs/demo.yaml), the simulated bench's source; its relative
// paths are made absolute so the written file works from any folder.
ProposedConfig propose_config(const BenchScan& scan, const std::filesystem::path& demo_config);

// Example benchmark.args for each tool (a YAML flow mapping), for the proposal and its tests.
std::string example_args(const std::string& tool);

}  // namespace wb
