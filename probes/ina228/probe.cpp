// The ina228 probe kind: the shared I2C transport (sim | ftdi | i2c-dev), the Driver, and
// readings mapped to channels. On `sim` the same driver runs on the simulator's FT232H and chip
// model (probe.hpp). With transport hwmon / hwmon-sim the chip is read through the kernel's
// ina238 driver (real, or the simulator's on a fake tree).
#include "probes/ina228/probe.hpp"

#include <fmt/format.h>

#include "harness/plugin/probe.hpp"
#include "probes/hwmon/probe.hpp"
#include "probes/i2c/chip_link.hpp"
#include "probes/ina228/driver.hpp"
#include "probes/ina228/settings.hpp"

namespace wb {

namespace {

class Ina228Probe : public Probe {
 public:
  Ina228Probe(const ProbeConfig& cfg, const ProbeContext& ctx, std::unique_ptr<SimulatedChip> sim)
      : m_cfg(cfg), m_c(cfg.settings_as<Ina228Settings>()), m_ctx(ctx), m_sim(std::move(sim)) {
    const auto& c = m_c;
    m_cal = ina228::calibrate(c.shunt_ohm, c.max_current_a, c.adc_range_40mv);
    m_adc.vbus_ct_us = c.vbus_ct_us;
    m_adc.vshunt_ct_us = c.vshunt_ct_us;
    m_adc.vtemp_ct_us = c.vtemp_ct_us;
    m_adc.averaging = c.averaging;
    ina228::encode_adc_config(m_adc);  // validates the settings early
    m_info = rail_monitor_info(cfg, c.i2c.transport, "die_temp_c");
    // POWER is updated after each averaged set (§7.3.4); ENERGY accumulates every conversion (§7.3.2).
    double period = ina228::update_period_s(m_adc);
    m_info.channels[kRailPower].meter = ina_power_meter("INA228", period / c.averaging, c.averaging);
    m_info.channels[kRailEnergy].meter = {MeterKind::accumulator, 0, "INA228 ENERGY register (§7.3.2)"};
  }

  const ProbeInfo& info() const override { return m_info; }

  void open() override {
    const auto& c = m_c;
    m_link = std::make_unique<I2cChipLink>(c.i2c, m_ctx, m_cfg.name, m_cfg.rate_hz, m_sim.get());
    m_driver = std::make_unique<ina228::Driver>(m_link->bus(), static_cast<std::uint8_t>(c.i2c.address), m_cal, m_adc);
    m_driver->init();
  }

  void read(Sample& s) override {
    if (m_broken) {
      // The device went away (unplugged, USB error): reopen; the sampler's backoff paces retries.
      close();
      open();
      m_broken = false;
      m_restarted = true;
      m_restart_note = "the FT232H reconnected; INA228 re-initialised";
    } else if (m_chip_lost) {
      // The USB side is fine but the chip lost its settings or power: set it up again once it
      // answers (init throws on a NACK; the sampler's backoff paces the retries).
      m_driver->init();
      m_chip_lost = false;
      m_restarted = true;
    }
    ina228::Reading r;
    try {
      r = m_driver->read();
    } catch (const I2cTransportError&) {
      m_broken = true;
      throw;
    } catch (const ina228::ChipStateLost& e) {
      m_chip_lost = true;
      m_restart_note = std::string(e.what()) + "; re-initialised";
      throw;
    }
    s.values.assign(kRailChannelCount, kMissing);
    if (m_restarted && r.has_data) {
      // ENERGY restarted from 0 at the re-init: continue the total from the last value seen,
      // and flag the sample so no window integrates the accumulator across the gap.
      m_energy_offset = m_last_energy;
      s.flags |= kFlagRestart;
      s.error = m_restart_note;  // says in the trace and the summary what happened
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
    m_link.reset();
  }

  nlohmann::json settings() const override {
    const auto& c = m_c;
    return {{"kind", "ina228"},
            {"transport", c.i2c.transport},
            {"address", fmt::format("0x{:02X}", c.i2c.address)},
            {"shunt_ohm", c.shunt_ohm},
            {"max_current_a", c.max_current_a},
            {"adc_range", m_cal.adc_range_40mv ? "40.96mV" : "163.84mV"},
            {"current_lsb_a", m_cal.current_lsb_a},
            {"shunt_cal", m_cal.shunt_cal},
            {"adc_config", fmt::format("0x{:04X}", ina228::encode_adc_config(m_adc))},
            {"conversion_period_s", ina228::update_period_s(m_adc)},
            // Reads faster than the chip converts repeat values (flagged stale via CNVRF).
            {"effective_rate_hz", std::min(m_cfg.rate_hz, 1.0 / ina228::update_period_s(m_adc))},
            {"i2c_hz", c.i2c.i2c_hz},
            {"rate_hz", m_cfg.rate_hz},
            {"rail", m_cfg.rail},
            {"scope", m_cfg.scope}};
  }

 private:
  ProbeConfig m_cfg;
  Ina228Settings m_c;
  ProbeContext m_ctx;
  std::unique_ptr<SimulatedChip> m_sim;  // transport sim only
  ProbeInfo m_info;
  ina228::Calibration m_cal;
  ina228::AdcConfig m_adc;
  std::unique_ptr<I2cChipLink> m_link;
  std::unique_ptr<ina228::Driver> m_driver;
  bool m_broken = false, m_chip_lost = false, m_restarted = false;
  std::string m_restart_note;
  double m_energy_offset = 0, m_last_energy = 0;
};

// Bound to the kernel's ina238 driver, the chip appears as hwmon chip "ina228".
std::unique_ptr<Probe> make_hwmon_probe(const ProbeConfig& cfg, const ProbeContext& ctx, SimulatedTree simulate) {
  const auto& c = cfg.settings_as<Ina228Settings>();
  HwmonSelect h;
  h.root = c.i2c.device.empty() ? "/sys/class/hwmon" : c.i2c.device;
  h.chip = "ina228";
  h.i2c_address = c.i2c.address;
  h.board_shunt_ohm = c.shunt_ohm;
  return make_hwmon_rail_probe(cfg, ctx, h, std::move(simulate));
}

std::unique_ptr<Probe> make_real_ina228_probe(const ProbeConfig& cfg, const ProbeContext& ctx) {
  if (!cfg.settings_as<Ina228Settings>().via_hwmon()) return std::make_unique<Ina228Probe>(cfg, ctx, nullptr);
  return make_hwmon_probe(cfg, ctx, {});
}

}  // namespace

std::unique_ptr<Probe> make_ina228_probe(const ProbeConfig& cfg, const ProbeContext& ctx,
                                         std::unique_ptr<SimulatedChip> sim) {
  return std::make_unique<Ina228Probe>(cfg, ctx, std::move(sim));
}

std::unique_ptr<Probe> make_ina228_hwmon_probe(const ProbeConfig& cfg, const ProbeContext& ctx,
                                               SimulatedTree simulate) {
  return make_hwmon_probe(cfg, ctx, std::move(simulate));
}

extern const ProbeKind ina228_probe_kind;
const ProbeKind ina228_probe_kind{"ina228",
                                  "TI INA228 20-bit power monitor with energy accumulator (I2C, or hwmon)",
                                  true,
                                  true,
                                  &parse_ina228_settings,
                                  &make_real_ina228_probe,
                                  &scan_ftdi_devices};

}  // namespace wb
