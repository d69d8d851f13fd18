// Which simulator serves each probe kind's `sim` transport: the one list (like probes/registry.cpp
// for the kinds themselves), and the bench double the executable and the tests install.
#include <fmt/format.h>

#include <vector>

#include "harness/plugin/bench_double.hpp"
#include "sim/bench/sim_bench.hpp"
#include "sim/bench/sim_block.hpp"
#include "sim/bench/sim_params.hpp"

namespace wb {

namespace sim {

extern const SimProbeKind ina228_sim;
extern const SimProbeKind ina226_sim;
extern const SimProbeKind ina260_sim;
extern const SimProbeKind ptd_sim;
extern const SimProbeKind rapl_sim;
extern const SimProbeKind nvml_sim;
extern const SimProbeKind power_supply_sim;

namespace {
const std::vector<const SimProbeKind*>& sim_probe_kinds() {
  static const std::vector<const SimProbeKind*> kinds{
      &ina228_sim, &ina226_sim, &ina260_sim, &ptd_sim, &rapl_sim, &nvml_sim, &power_supply_sim,
  };
  return kinds;
}
}  // namespace

const SimProbeKind* find_sim_probe_kind(const std::string& kind) {
  for (const auto* k : sim_probe_kinds())
    if (kind == k->kind) return k;
  return nullptr;
}

void check_sim_block(const nlohmann::json& block) {
  std::set<std::string> keys;
  check_own_keys<SimParams>(block, keys);
  for (const auto* k : sim_probe_kinds())
    if (k->own_keys) k->own_keys(block, keys);
  for (auto it = block.begin(); it != block.end(); ++it)
    if (!keys.count(it.key()))
      throw std::invalid_argument(fmt::format("sim.{}: unknown simulation parameter", it.key()));
}

}  // namespace sim

const BenchDoubleMaker simulated_bench{&sim::make_sim_bench, &sim::sim_device_env, &sim::sim_link_sysfs};

}  // namespace wb
