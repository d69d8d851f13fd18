// How a chip probe reaches its chip: an FT232H (real, or simulated with the chip's own model
// on the simulated bus), or Linux i2c-dev. The transport layer the INA228, INA226 and INA260
// drivers share; each chip brings only its register model for `sim`. Probes whose `device`
// names the same FT232H share one open port and one USB round per tick (shared_bus.hpp).
#pragma once
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "harness/plugin/probe_kind.hpp"
#include "probes/i2c/chip_settings.hpp"
#include "probes/i2c/i2c_bus.hpp"
#include "sim/i2c/i2c_bus_sim.hpp"

namespace wb {

namespace sim {
class LoadModel;
}
class SharedI2cBus;
struct SharedDevice;

class I2cChipLink {
 public:
  // On `sim`: the chip's model, reading the rail from the bench's load model.
  using ModelFactory = std::function<std::unique_ptr<sim::I2cSlave>(sim::LoadModel& load)>;
  // Opens (or joins) the transport; throws with a fix-it message naming the probe. rate_hz:
  // the probe's read rate, which sets how long a round waits for the other probes' batches.
  I2cChipLink(const I2cChipSettings& s, const ProbeContext& ctx, const std::string& probe_name, double rate_hz,
              const ModelFactory& make_model);
  ~I2cChipLink();
  I2cBus& bus() { return *m_bus; }
  // The FT232H's shared bus (null on i2c-dev), for tests.
  SharedI2cBus* shared() const;

 private:
  std::shared_ptr<SharedDevice> m_device;
  std::unique_ptr<sim::I2cSlave> m_model;
  std::unique_ptr<I2cBus> m_bus;
  unsigned m_address = 0;
};

// `wattbench probes`: the FT232H devices attached, with the URL to put in `device`.
void scan_ftdi_devices(std::ostream& out, const ScanOptions& opt);

}  // namespace wb
