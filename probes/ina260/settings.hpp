// The ina260 kind's settings: the shared I2C chip options and conversion timing; the shunt
// is the chip's own 2 mΩ, so there is nothing to calibrate.
#pragma once
#include <memory>

#include "harness/plugin/probe_kind.hpp"
#include "probes/i2c/chip_settings.hpp"

namespace wb {

class ConfigNode;

struct Ina260Settings : ProbeSettings {
  I2cChipSettings i2c;                          // transport sim | ftdi | i2c-dev
  double vbus_ct_us = 140, ishunt_ct_us = 140;  // 280 µs per update: fresh values at 1 kHz
  int averaging = 1;

  std::string transport() const override { return i2c.transport; }
  bool simulated() const override { return i2c.transport == "sim"; }
};

std::shared_ptr<const ProbeSettings> parse_ina260_settings(const ConfigNode& n, ProbeConfig& common);

}  // namespace wb
