// The ina228 kind's simulator: on `sim` the real driver on the simulated FT232H with an
// Ina228Model on its wire; on `hwmon-sim` the kernel's ina238 driver simulated on a fake tree.
#include <fmt/format.h>

#include "probes/ina228/probe.hpp"
#include "probes/ina228/settings.hpp"
#include "sim/bench/sim_bench.hpp"
#include "sim/bench/sim_block.hpp"
#include "sim/hwmon/hwmon_sim.hpp"
#include "sim/i2c/ina228_model.hpp"
#include "sim/i2c/sim_chip.hpp"

namespace wb::sim {

namespace {

// The simulated INA228's own keys of the `sim:` block.
struct Ina228SimParams {
  // Fault injection: the INA228 loses power (VS dip, cable reseated) this long after the bench
  // starts, for this long, while the FT232H stays up; it comes back from a power-on reset.
  double ina_power_loss_at_s = -1;  // < 0: never
  double ina_power_loss_for_s = 0.02;
};
template <class F>
void for_each_field(Ina228SimParams& p, F&& f) {
  f("ina_power_loss_at_s", p.ina_power_loss_at_s, true);
  f("ina_power_loss_for_s", p.ina_power_loss_for_s);
}

std::unique_ptr<Probe> make_sim_ina228(const ProbeConfig& cfg, const ProbeContext& ctx, SimBench& bench) {
  const auto& c = cfg.settings_as<Ina228Settings>();
  if (c.via_hwmon()) {
    return make_ina228_hwmon_probe(
        cfg, ctx, [&bench, shunt = c.shunt_ohm, address = c.i2c.address](const std::filesystem::path& root) {
          double dt_shunt = read_sim_block<HwmonSimParams>(bench.block()).hwmon_dt_shunt_ohm;
          return std::make_shared<SimHwmonDriver>(root, bench.load(), shunt, dt_shunt > 0 ? dt_shunt : 0.010,
                                                  fmt::format("1-{:04x}", address));
        });
  }
  auto power_loss_scheduled = std::make_shared<bool>(false);
  const auto own = read_sim_block<Ina228SimParams>(bench.block());
  auto make_model = [&bench, address = c.i2c.address, shunt = c.shunt_ohm, power_loss_scheduled,
                     own]() -> std::unique_ptr<I2cSlave> {
    LoadModel& load = bench.load();
    Ina228ModelOptions opt;
    opt.address = static_cast<std::uint8_t>(address);
    opt.shunt_ohm = shunt;
    opt.adc_noise_pct = load.params().adc_noise_pct;
    opt.seed = load.params().seed;
    auto model = std::make_unique<Ina228Model>(opt, load, &steady_now_s);
    if (double at = own.ina_power_loss_at_s; at >= 0 && !*power_loss_scheduled) {
      *power_loss_scheduled = true;  // once per run: a reopen after it must not schedule it again
      model->power_loss_between(load.started_s() + at, load.started_s() + at + own.ina_power_loss_for_s);
    }
    return model;
  };
  return make_ina228_probe(cfg, ctx, std::make_unique<SimChipOnWire>(bench, make_model));
}

}  // namespace

extern const SimProbeKind ina228_sim;
const SimProbeKind ina228_sim{"ina228", &make_sim_ina228,
                              &check_own_keys<Ina228SimParams, Ft232hSimParams, HwmonSimParams>};

}  // namespace wb::sim
