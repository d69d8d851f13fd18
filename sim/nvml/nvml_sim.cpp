// The nvml kind's simulator: the real NVML reader loads the fake libnvidia-ml.so.1 (beside the
// fake tools) and attaches the bench, whose "driver" integrates the card's true power.
#include "probes/nvml/library.hpp"
#include "probes/nvml/probe.hpp"
#include "sim/bench/sim_bench.hpp"
#include "sim/bench/sim_block.hpp"
#include "sim/nvml/fake_bench.hpp"

namespace wb::sim {

namespace {

// The fake libnvidia-ml's own keys of the `sim:` block.
struct NvmlSimParams {
  // The GPU architecture (nvmlDeviceArchitecture_t: 7 Ampere, 8 Ada, 9 Hopper; from Ampere on,
  // except GA100, power readings are 1 s averages) and the SM clock.
  double nvml_architecture = 8;
  double nvml_sm_clock_mhz = 2520;
  // The span NVML power readings average over (s); < 0: the NVML doc's for the architecture.
  double nvml_power_average_s = -1;
  // 0: the GPU has no total-energy counter (not a "fully supported device"): energy from power.
  double nvml_energy_counter = 1;
};
template <class F>
void for_each_field(NvmlSimParams& p, F&& f) {
  f("nvml_architecture", p.nvml_architecture);
  f("nvml_sm_clock_mhz", p.nvml_sm_clock_mhz);
  f("nvml_power_average_s", p.nvml_power_average_s, true);
  f("nvml_energy_counter", p.nvml_energy_counter);
}

double bench_power(void* load, double t) { return static_cast<LoadModel*>(load)->true_power_w(t); }
double bench_temp(void* load, double t) { return static_cast<LoadModel*>(load)->npu_temp_c(t); }

std::unique_ptr<Probe> make_sim_nvml(const ProbeConfig& cfg, const ProbeContext& ctx, SimBench& bench) {
  SimulatedNvml simulated;
  simulated.library = ctx.tools_dir / "fake-nvml" / "libnvidia-ml.so.1";
  simulated.attach = [&bench](nvml::Library& lib) -> std::shared_ptr<void> {
    auto attach = reinterpret_cast<WattbenchFakeNvmlAttachFn>(lib.symbol(WATTBENCH_FAKE_NVML_ATTACH));
    if (!attach) throw std::runtime_error("the simulated bench's NVML library has no " WATTBENCH_FAKE_NVML_ATTACH);
    const auto p = read_sim_block<NvmlSimParams>(bench.block());
    WattbenchFakeNvmlBench b{&bench.load(),
                             &bench_power,
                             &bench_temp,
                             p.nvml_sm_clock_mhz,
                             static_cast<unsigned>(p.nvml_architecture),
                             "NVIDIA simulated GPU",
                             p.nvml_power_average_s,
                             p.nvml_energy_counter != 0 ? 1 : 0};
    attach(&b);
    // Detached when the probe closes, before it unloads the library.
    return std::shared_ptr<void>(nullptr, [attach](void*) { attach(nullptr); });
  };
  return make_nvml_probe(cfg, ctx, std::move(simulated));
}

}  // namespace

extern const SimProbeKind nvml_sim;
const SimProbeKind nvml_sim{"nvml", &make_sim_nvml, &check_own_keys<NvmlSimParams>};

}  // namespace wb::sim
