// The ina228 probe: picks the transport (sim | ftdi | i2c-dev), runs the Driver, and maps
// readings to channels. On `sim` the real MpsseI2c driver talks to MpsseSim + Ina228Model.
#include <fmt/format.h>

#include "harness/config/config.hpp"
#include "probes/i2c/i2c_dev.hpp"
#include "probes/i2c/libftdi_port.hpp"
#include "probes/i2c/mpsse_i2c.hpp"
#include "probes/i2c/tracing_port.hpp"
#include "probes/ina228/driver.hpp"
#include "probes/probe.hpp"
#include "probes/sim/i2c_bus_sim.hpp"
#include "probes/sim/ina228_model.hpp"
#include "probes/sim/load_model.hpp"
#include "probes/sim/mpsse_sim.hpp"
#include "probes/sim/sim_state.hpp"

namespace wb {

namespace {

// The simulated FT232H + INA228 bench behind an FtdiPort.
struct SimHardware {
  sim::I2cBusSim bus;
  std::unique_ptr<sim::Ina228Model> chip;
};

class Ina228Probe : public Probe {
 public:
  Ina228Probe(const ProbeConfig& cfg, const ProbeContext& ctx) : m_cfg(cfg), m_ctx(ctx) {
    const auto& c = cfg.ina228;
    m_cal = ina228::calibrate(c.shunt_ohm, c.max_current_a, c.adc_range_40mv);
    m_adc.vbus_ct_us = c.vbus_ct_us;
    m_adc.vshunt_ct_us = c.vshunt_ct_us;
    m_adc.vtemp_ct_us = c.vtemp_ct_us;
    m_adc.averaging = c.averaging;
    ina228::encode_adc_config(m_adc);  // validates the settings early
    m_info = rail_monitor_info(cfg, c.transport, "die_temp_c");
  }

  const ProbeInfo& info() const override { return m_info; }

  void open() override {
    const auto& c = m_cfg.ina228;
    std::unique_ptr<FtdiPort> port;
    if (c.transport == "sim") {
      if (!m_ctx.load) throw std::runtime_error(fmt::format("probe {}: transport sim needs the simulated bench", m_cfg.name));
      m_sim = std::make_unique<SimHardware>();
      sim::Ina228ModelOptions opt;
      opt.address = static_cast<std::uint8_t>(c.address);
      opt.shunt_ohm = c.shunt_ohm;
      opt.adc_noise_pct = m_ctx.load->params().adc_noise_pct;
      opt.seed = m_ctx.load->params().seed;
      m_sim->chip = std::make_unique<sim::Ina228Model>(opt, *m_ctx.load, &sim::steady_now_s);
      m_sim->bus.attach(m_sim->chip.get());
      auto sim_port = std::make_unique<sim::MpsseSim>(m_sim->bus);
      const auto& params = m_ctx.load->params();
      if (params.usb_unplug_at_s >= 0) {
        double from = m_ctx.load->started_s() + params.usb_unplug_at_s;
        sim_port->unplug_between(from, from + params.usb_unplug_for_s, &sim::steady_now_s);
      }
      port = std::move(sim_port);
    } else if (c.transport == "ftdi") {
      port = std::make_unique<LibFtdiPort>(c.device.empty() ? "ftdi://ftdi:232h/1" : c.device);
    }
    if (port) {
      if (!c.trace.empty()) port = std::make_unique<TracingPort>(std::move(port), m_ctx.run_dir / c.trace);
      auto i2c = std::make_unique<MpsseI2c>(std::move(port), c.i2c_hz);
      i2c->configure();
      m_bus = std::move(i2c);
    } else {  // i2c-dev: the kernel's adapter does the bus; no byte trace to take
      m_bus = std::make_unique<I2cDevBus>(c.device);
    }
    m_driver = std::make_unique<ina228::Driver>(*m_bus, static_cast<std::uint8_t>(c.address), m_cal, m_adc);
    m_driver->init();
  }

  void read(Sample& s) override {
    if (m_broken) {
      // The device went away (unplugged, USB error): reopen; the sampler's backoff paces retries.
      close();
      open();
      m_broken = false;
      m_restarted = true;
    }
    ina228::Reading r;
    try {
      r = m_driver->read();
    } catch (const I2cTransportError&) {
      m_broken = true;
      throw;
    }
    s.values.assign(kRailChannelCount, kMissing);
    if (m_restarted && r.has_data) {
      // ENERGY restarted from 0 at the re-init: continue the total from the last value seen,
      // and flag the sample so no window integrates the accumulator across the gap.
      m_energy_offset = m_last_energy;
      s.flags |= kFlagRestart;
      m_restarted = false;
    }
    if (!r.has_data) {
      s.flags |= kFlagStale;  // no conversion yet since init: the zeros in the registers are not readings
      return;
    }
    s.values[kRailVoltage] = r.vbus_v;
    s.values[kRailCurrent] = r.current_a;
    s.values[kRailPower] = r.power_w;
    s.values[kRailEnergy] = r.energy_j + m_energy_offset;
    m_last_energy = s.values[kRailEnergy];
    s.values[kRailTemp] = r.die_temp_c;
    if (!r.new_conversion) s.flags |= kFlagStale;
    if (r.overflow) {
      // No watts from an overflowed or saturated reading.
      s.flags |= kFlagOverflow;
      s.values[kRailCurrent] = s.values[kRailPower] = kMissing;
    }
  }

  void close() override {
    m_driver.reset();
    m_bus.reset();
    m_sim.reset();
  }

  nlohmann::json settings() const override {
    const auto& c = m_cfg.ina228;
    return {{"kind", "ina228"},
            {"transport", c.transport},
            {"address", fmt::format("0x{:02X}", c.address)},
            {"shunt_ohm", c.shunt_ohm},
            {"max_current_a", c.max_current_a},
            {"adc_range", m_cal.adc_range_40mv ? "40.96mV" : "163.84mV"},
            {"current_lsb_a", m_cal.current_lsb_a},
            {"shunt_cal", m_cal.shunt_cal},
            {"adc_config", fmt::format("0x{:04X}", ina228::encode_adc_config(m_adc))},
            {"conversion_period_s", ina228::update_period_s(m_adc)},
            // Reads faster than the chip converts repeat values (flagged stale via CNVRF).
            {"effective_rate_hz", std::min(m_cfg.rate_hz, 1.0 / ina228::update_period_s(m_adc))},
            {"i2c_hz", c.i2c_hz},
            {"rate_hz", m_cfg.rate_hz},
            {"rail", m_cfg.rail},
            {"scope", m_cfg.scope}};
  }

 private:
  ProbeConfig m_cfg;
  ProbeContext m_ctx;
  ProbeInfo m_info;
  ina228::Calibration m_cal;
  ina228::AdcConfig m_adc;
  std::unique_ptr<SimHardware> m_sim;
  std::unique_ptr<I2cBus> m_bus;
  std::unique_ptr<ina228::Driver> m_driver;
  bool m_broken = false, m_restarted = false;
  double m_energy_offset = 0, m_last_energy = 0;
};

}  // namespace

std::unique_ptr<Probe> make_ina228_probe(const ProbeConfig& cfg, const ProbeContext& ctx) {
  return std::make_unique<Ina228Probe>(cfg, ctx);
}

}  // namespace wb
