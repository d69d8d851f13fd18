// The ina260 probe on a given simulated chip: how the simulator (sim/i2c) hands the real
// driver its simulated FT232H and chip model for transport sim.
#pragma once
#include <memory>

#include "harness/plugin/probe.hpp"
#include "probes/i2c/chip_link.hpp"

namespace wb {

std::unique_ptr<Probe> make_ina260_probe(const ProbeConfig& cfg, const ProbeContext& ctx,
                                         std::unique_ptr<SimulatedChip> sim);

}  // namespace wb
