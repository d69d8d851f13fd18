// The probe kinds of the 16-bit INA family (INA226, INA260): the shared I2C transport
// (sim | ftdi | i2c-dev), the chip's Driver, and readings mapped to V, A and W. Neither chip
// has an energy accumulator, so the analysis integrates power (trapezoids).
//
// Chip (one per kind, in the chip's folder) brings the facts that differ, constructed from its
// settings: kKind, Settings, Driver, shunt_ct_us(), make_driver(bus) and
// add_settings(json) (the shunt and scaling it reports). On `sim` the simulator hands in the
// chip's SimulatedChip (its model on the simulated FT232H's wire).
#pragma once
#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "harness/plugin/probe.hpp"
#include "probes/i2c/chip_link.hpp"
#include "probes/i2c/ina_family16.hpp"

namespace wb::ina16 {

template <class Chip>
class Ina16Probe : public Probe {
 public:
  enum Channel { kVoltage, kCurrent, kPower, kChannelCount };

  Ina16Probe(const ProbeConfig& cfg, const ProbeContext& ctx, std::unique_ptr<SimulatedChip> sim = nullptr)
      : m_cfg(cfg), m_c(cfg.settings_as<typename Chip::Settings>()), m_ctx(ctx), m_chip(m_c), m_sim(std::move(sim)) {
    m_adc.vbus_ct_us = m_c.vbus_ct_us;
    m_adc.shunt_ct_us = m_chip.shunt_ct_us();
    m_adc.averaging = m_c.averaging;
    encode_config(Chip::kChip, m_adc);  // validates the settings early
    m_info = probe_info_base(cfg, m_c.i2c.transport, cfg.rate_hz);
    m_info.channels = {
        {"vbus_v", "V", Quantity::voltage}, {"current_a", "A", Quantity::current}, {"power_w", "W", Quantity::power}};
    m_info.power_channel = kPower;
    // The power register holds the mean of the last averaged set of conversions (the datasheets' averaging and
    // conversion-time section).
    m_info.channels[kPower].meter = ina_power_meter(Chip::kKind, update_period_s(m_adc) / m_c.averaging, m_c.averaging);
  }

  const ProbeInfo& info() const override { return m_info; }

  void open() override {
    m_link = std::make_unique<I2cChipLink>(m_c.i2c, m_ctx, m_cfg.name, m_cfg.rate_hz, m_sim.get());
    m_driver = m_chip.make_driver(m_link->bus(), m_adc);
    m_driver->init();
  }

  void read(Sample& s) override {
    if (m_broken) {
      // The device went away (unplugged, USB error): reopen; the sampler's backoff paces retries.
      close();
      open();
      m_broken = false;
    }
    Reading r;
    try {
      r = m_driver->read();
    } catch (const I2cTransportError&) {
      m_broken = true;
      throw;
    }
    s.values.assign(kChannelCount, kMissing);
    if (r.lost) {
      // The chip was reset under us (power dip): uncalibrated, or back to its default timing.
      m_driver->init();
      s.flags |= kFlagRestart | kFlagStale;
      return;
    }
    if (!r.has_data) {
      s.flags |= kFlagStale;  // no conversion yet since init: the zeros in the registers are not readings
      return;
    }
    s.values[kVoltage] = r.vbus_v;
    s.values[kCurrent] = r.current_a;
    s.values[kPower] = r.power_w;
    if (!r.new_conversion) s.flags |= kFlagStale;
    if (r.overflow) {
      s.flags |= kFlagOverflow;  // no watts from an overflowed reading
      s.values[kCurrent] = s.values[kPower] = kMissing;
    }
  }

  void close() override {
    m_driver.reset();
    m_link.reset();
  }

  nlohmann::json settings() const override {
    double period = update_period_s(m_adc);
    nlohmann::json j{{"kind", Chip::kKind},
                     {"transport", m_c.i2c.transport},
                     {"address", fmt::format("0x{:02X}", m_c.i2c.address)},
                     {"config", fmt::format("0x{:04X}", encode_config(Chip::kChip, m_adc))},
                     {"conversion_period_s", period},
                     // Reads faster than the chip converts repeat values (flagged stale via CVRF).
                     {"effective_rate_hz", std::min(m_cfg.rate_hz, 1.0 / period)},
                     {"energy", "trapezoid of power (no accumulator)"},
                     {"i2c_hz", m_c.i2c.i2c_hz},
                     {"rate_hz", m_cfg.rate_hz},
                     {"rail", m_cfg.rail},
                     {"scope", m_cfg.scope}};
    m_chip.add_settings(j);
    return j;
  }

 private:
  ProbeConfig m_cfg;
  typename Chip::Settings m_c;
  ProbeContext m_ctx;
  Chip m_chip;
  std::unique_ptr<SimulatedChip> m_sim;  // transport sim only
  ProbeInfo m_info;
  AdcConfig m_adc;
  std::unique_ptr<I2cChipLink> m_link;
  std::unique_ptr<typename Chip::Driver> m_driver;
  bool m_broken = false;
};

}  // namespace wb::ina16
