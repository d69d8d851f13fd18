// The options every I2C power-monitor chip shares (transport, device, address, bus clock,
// byte trace), parsed once for the INA228, INA226, INA260 and any chip after them.
#pragma once
#include <string>
#include <vector>

namespace wb {

class ConfigNode;

struct I2cChipSettings {
  std::string transport = "sim";  // sim | ftdi | i2c-dev, or a chip's own (hwmon for the INA228)
  std::string device;             // ftdi URL, /dev/i2c-N, or a chip's own (the hwmon root)
  unsigned address = 0x40;
  unsigned i2c_hz = 400000;
  std::string trace;  // byte trace file (W/R lines), relative to the run folder
};

// Reads transport, device, address, i2c_hz and trace of a chip's block (the caller checks the
// allowed keys); `chip` names the part in errors, `transports` are those it accepts.
I2cChipSettings parse_i2c_chip(const ConfigNode& n, const std::string& chip,
                               const std::vector<std::string>& transports);

}  // namespace wb
