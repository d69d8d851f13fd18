// The nvml probe on a given simulated library: how the simulator (sim/nvml) hands the real
// reader its fake libnvidia-ml for transport sim.
#pragma once
#include <filesystem>
#include <functional>
#include <memory>

#include "harness/plugin/probe.hpp"

namespace wb {

namespace nvml {
class Library;
}

struct SimulatedNvml {
  std::filesystem::path library;  // the fake libnvidia-ml.so.1 to load
  // Ties the loaded library to the simulated bench; the handle unties it when dropped.
  std::function<std::shared_ptr<void>(nvml::Library& lib)> attach;
};

std::unique_ptr<Probe> make_nvml_probe(const ProbeConfig& cfg, const ProbeContext& ctx, SimulatedNvml simulate);

}  // namespace wb
