// Parsing of the shared I2C chip options.
#include "probes/i2c/chip_settings.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <stdexcept>

#include "harness/config/node.hpp"
#include "probes/i2c/ftdi_url.hpp"

namespace wb {

I2cChipSettings parse_i2c_chip(const ConfigNode& n, const std::string& chip,
                               const std::vector<std::string>& transports) {
  I2cChipSettings c;
  if (auto t = n.string("transport")) {
    if (std::find(transports.begin(), transports.end(), *t) == transports.end())
      n.fail("transport", fmt::format("unknown transport '{}'; expected one of: {}", *t, fmt::join(transports, ", ")));
    c.transport = *t;
  }
  c.device = n.string("device").value_or("");
  if (auto a = n.integer("address")) {
    if (*a < 0x40 || *a > 0x4F)
      n.fail("address", fmt::format("0x{:X} is not an {} address; expected 0x40..0x4F", *a, chip));
    c.address = static_cast<unsigned>(*a);
  }
  if (auto hz = n.integer("i2c_hz")) {
    if (*hz < 1000 || *hz > 400000)
      n.fail("i2c_hz", fmt::format("{} Hz: expected 1000..400000 ({} fast mode)", *hz, chip));
    c.i2c_hz = static_cast<unsigned>(*hz);
  }
  c.trace = n.string("trace").value_or("");
  if (c.transport == "ftdi" && !c.device.empty()) {
    try {
      parse_ftdi_url(c.device);
    } catch (const std::invalid_argument& e) {
      n.fail("device", e.what());
    }
  }
  if (!c.trace.empty() && c.transport != "ftdi" && c.transport != "sim")
    n.fail("trace", "the byte trace records FT232H traffic; it needs transport ftdi or sim");
  if (!c.trace.empty() && (c.trace.find("..") != std::string::npos || c.trace.front() == '/'))
    n.fail("trace", "give a file name inside the run folder (no '..', not absolute)");
  if (c.device.empty() && c.transport == "i2c-dev")
    n.fail_here("transport i2c-dev needs 'device' (for example /dev/i2c-1)");
  return c;
}

}  // namespace wb
