// The ptd probe on a given simulated PTDaemon: how the simulator (sim/ptd) hands the real
// client its fake analyzer on loopback for transport sim.
#pragma once
#include <functional>
#include <memory>

#include "harness/plugin/probe.hpp"

namespace wb {

// Starts the simulator's PTDaemon (UTC timestamps or local time, as the probe's `utc`) on a
// free loopback port, which it stores in `port`; it serves while the handle lives.
using SimulatedPtd = std::function<std::shared_ptr<void>(bool utc, int& port)>;

std::unique_ptr<Probe> make_ptd_probe(const ProbeConfig& cfg, const ProbeContext& ctx, SimulatedPtd simulate);

}  // namespace wb
