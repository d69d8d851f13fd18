// The rapl kind's simulator: the real powercap reader on a fake tree the simulated driver
// keeps up to date (the package zone feeding the card, sim/powercap/powercap_sim.hpp).
#include "probes/rapl/probe.hpp"
#include "sim/bench/sim_bench.hpp"
#include "sim/bench/sim_block.hpp"
#include "sim/powercap/powercap_sim.hpp"

namespace wb::sim {

namespace {

std::unique_ptr<Probe> make_sim_rapl(const ProbeConfig& cfg, const ProbeContext& ctx, SimBench& bench) {
  return make_rapl_probe(cfg, ctx, [&bench](const std::filesystem::path& root) {
    return std::make_shared<SimPowercap>(root, bench.load(), read_sim_block<PowercapSimParams>(bench.block()));
  });
}

}  // namespace

extern const SimProbeKind rapl_sim;
const SimProbeKind rapl_sim{"rapl", &make_sim_rapl, &check_own_keys<PowercapSimParams>};

}  // namespace wb::sim
