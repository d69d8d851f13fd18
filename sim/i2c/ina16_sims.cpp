// The ina226 and ina260 kinds' simulators: the real drivers on the simulated FT232H with the
// chip's register model on its wire.
#include "probes/ina226/probe.hpp"
#include "probes/ina226/settings.hpp"
#include "probes/ina260/probe.hpp"
#include "probes/ina260/settings.hpp"
#include "sim/bench/sim_bench.hpp"
#include "sim/bench/sim_block.hpp"
#include "sim/i2c/sim_chip.hpp"
#include "sim/i2c/sim_ina226.hpp"
#include "sim/i2c/sim_ina260.hpp"

namespace wb::sim {

namespace {

std::unique_ptr<Probe> make_sim_ina226(const ProbeConfig& cfg, const ProbeContext& ctx, SimBench& bench) {
  const auto& c = cfg.settings_as<Ina226Settings>();
  auto make_model = [&bench, address = c.i2c.address, shunt = c.shunt_ohm]() -> std::unique_ptr<I2cSlave> {
    Ina226ModelOptions opt;
    opt.address = static_cast<std::uint8_t>(address);
    opt.shunt_ohm = shunt;
    opt.adc_noise_pct = bench.params().adc_noise_pct;
    opt.seed = bench.params().seed;
    return std::make_unique<Ina226Model>(opt, bench.load(), &steady_now_s);
  };
  return make_ina226_probe(cfg, ctx, std::make_unique<SimChipOnWire>(bench, make_model));
}

std::unique_ptr<Probe> make_sim_ina260(const ProbeConfig& cfg, const ProbeContext& ctx, SimBench& bench) {
  const auto& c = cfg.settings_as<Ina260Settings>();
  auto make_model = [&bench, address = c.i2c.address]() -> std::unique_ptr<I2cSlave> {
    Ina260ModelOptions opt;
    opt.address = static_cast<std::uint8_t>(address);
    opt.adc_noise_pct = bench.params().adc_noise_pct;
    opt.seed = bench.params().seed;
    return std::make_unique<Ina260Model>(opt, bench.load(), &steady_now_s);
  };
  return make_ina260_probe(cfg, ctx, std::make_unique<SimChipOnWire>(bench, make_model));
}

}  // namespace

extern const SimProbeKind ina226_sim, ina260_sim;
const SimProbeKind ina226_sim{"ina226", &make_sim_ina226, &check_own_keys<Ft232hSimParams>};
const SimProbeKind ina260_sim{"ina260", &make_sim_ina260, &check_own_keys<Ft232hSimParams>};

}  // namespace wb::sim
