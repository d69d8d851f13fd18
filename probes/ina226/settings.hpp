// The ina226 kind's settings: the shared I2C chip options plus shunt and conversion timing.
#pragma once
#include <memory>

#include "harness/plugin/probe_kind.hpp"
#include "probes/i2c/chip_settings.hpp"

namespace wb {

class ConfigNode;

struct Ina226Settings : ProbeSettings {
  I2cChipSettings i2c;     // transport sim | ftdi | i2c-dev
  double shunt_ohm = 0.1;  // the common breakouts' R100
  double max_current_a = 0.8;
  double vbus_ct_us = 140, vshunt_ct_us = 140;  // 280 µs per update: fresh values at 1 kHz
  int averaging = 1;

  std::string transport() const override { return i2c.transport; }
  bool simulated() const override { return i2c.transport == "sim"; }
};

std::shared_ptr<const ProbeSettings> parse_ina226_settings(const ConfigNode& n, ProbeConfig& common);

}  // namespace wb
