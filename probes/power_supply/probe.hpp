// The power_supply probe on a given simulated tree: how the simulator (sim/power_supply) hands
// the real reader its fake class device for transport sim.
#pragma once
#include <memory>

#include "harness/plugin/probe.hpp"

namespace wb {

std::unique_ptr<Probe> make_power_supply_probe(const ProbeConfig& cfg, const ProbeContext& ctx, SimulatedTree simulate);

}  // namespace wb
