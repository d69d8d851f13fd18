// The ina228 probe on a given simulated transport: how the simulator (sim/i2c, sim/hwmon) hands
// the real driver its simulated FT232H and chip model (transport sim), or the kernel driver's
// fake tree (hwmon-sim).
#pragma once
#include <memory>

#include "harness/plugin/probe.hpp"
#include "probes/i2c/chip_link.hpp"

namespace wb {

std::unique_ptr<Probe> make_ina228_probe(const ProbeConfig& cfg, const ProbeContext& ctx,
                                         std::unique_ptr<SimulatedChip> sim);
std::unique_ptr<Probe> make_ina228_hwmon_probe(const ProbeConfig& cfg, const ProbeContext& ctx, SimulatedTree simulate);

}  // namespace wb
