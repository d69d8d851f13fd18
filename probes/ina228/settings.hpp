// The ina228 kind's settings: the shared I2C chip options plus shunt, range and ADC timing.
#pragma once
#include <memory>
#include <optional>

#include "harness/plugin/probe_kind.hpp"
#include "probes/i2c/chip_settings.hpp"

namespace wb {

class ConfigNode;

struct Ina228Settings : ProbeSettings {
  // transport: sim | ftdi | i2c-dev, or hwmon | hwmon-sim (the kernel's ina238 driver; `device`
  // is then the hwmon root).
  I2cChipSettings i2c;
  double shunt_ohm = 0.015;
  double max_current_a = 2.0;
  std::optional<bool> adc_range_40mv;  // nullopt: pick from shunt and max current
  double vbus_ct_us = 150, vshunt_ct_us = 150, vtemp_ct_us = 150;
  int averaging = 1;

  std::string transport() const override { return i2c.transport; }
  bool simulated() const override { return i2c.transport == "sim" || i2c.transport == "hwmon-sim"; }
  bool via_hwmon() const { return i2c.transport.rfind("hwmon", 0) == 0; }
};

std::shared_ptr<const ProbeSettings> parse_ina228_settings(const ConfigNode& n, ProbeConfig& common);

}  // namespace wb
