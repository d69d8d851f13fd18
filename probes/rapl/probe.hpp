// The rapl probe on a given simulated powercap tree: how the simulator (sim/powercap) hands the
// real reader its fake tree for transport sim.
#pragma once
#include <memory>

#include "harness/plugin/probe.hpp"

namespace wb {

std::unique_ptr<Probe> make_rapl_probe(const ProbeConfig& cfg, const ProbeContext& ctx, SimulatedTree simulate);

}  // namespace wb
