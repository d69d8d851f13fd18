// The power_supply kind's simulator: the real sysfs reader on a fake class device the
// simulated driver keeps up to date with the card's supply.
#include "probes/power_supply/probe.hpp"
#include "probes/power_supply/settings.hpp"
#include "sim/bench/sim_bench.hpp"
#include "sim/bench/sim_block.hpp"
#include "sim/power_supply/power_supply_sim.hpp"

namespace wb::sim {

namespace {

std::unique_ptr<Probe> make_sim_power_supply(const ProbeConfig& cfg, const ProbeContext& ctx, SimBench& bench) {
  const auto& s = cfg.settings_as<PowerSupplySettings>();
  return make_power_supply_probe(cfg, ctx, [&bench, supply = s.supply](const std::filesystem::path& root) {
    return std::make_shared<SimPowerSupply>(root, supply, bench.load(),
                                            read_sim_block<PowerSupplySimParams>(bench.block()));
  });
}

}  // namespace

extern const SimProbeKind power_supply_sim;
const SimProbeKind power_supply_sim{"power_supply", &make_sim_power_supply, &check_own_keys<PowerSupplySimParams>};

}  // namespace wb::sim
