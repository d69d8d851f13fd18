// Which simulator serves each probe kind's `sim` transport: the one list (like probes/registry.cpp
// for the kinds themselves), and the bench double the executable and the tests install.
#include <vector>

#include "harness/plugin/bench_double.hpp"
#include "sim/bench/sim_bench.hpp"

namespace wb {

namespace sim {

extern const SimProbeKind ina228_sim;
extern const SimProbeKind ina226_sim;
extern const SimProbeKind ina260_sim;
extern const SimProbeKind ptd_sim;
extern const SimProbeKind rapl_sim;
extern const SimProbeKind nvml_sim;

const SimProbeKind* find_sim_probe_kind(const std::string& kind) {
  static const std::vector<const SimProbeKind*> kinds{
      &ina228_sim, &ina226_sim, &ina260_sim, &ptd_sim, &rapl_sim, &nvml_sim,
  };
  for (const auto* k : kinds)
    if (kind == k->kind) return k;
  return nullptr;
}

}  // namespace sim

const BenchDoubleMaker simulated_bench{&sim::make_sim_bench, &sim::sim_device_env};

}  // namespace wb
