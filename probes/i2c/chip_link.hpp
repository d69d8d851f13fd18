// How a chip probe reaches its chip: an FT232H (real, or simulated with the chip's own model
// on the simulated bus), or Linux i2c-dev. The transport layer the INA228, INA226 and INA260
// drivers share; each chip brings only its register model for `sim`.
#pragma once
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "harness/plugin/probe_kind.hpp"
#include "probes/i2c/chip_settings.hpp"
#include "probes/i2c/i2c_bus.hpp"
#include "probes/sim/i2c_bus_sim.hpp"

namespace wb {

namespace sim {
class LoadModel;
}

class I2cChipLink {
 public:
  // On `sim`: the chip's model, reading the rail from the bench's load model.
  using ModelFactory = std::function<std::unique_ptr<sim::I2cSlave>(sim::LoadModel& load)>;
  // Opens the transport; throws with a fix-it message naming the probe.
  I2cChipLink(const I2cChipSettings& s, const ProbeContext& ctx, const std::string& probe_name,
              const ModelFactory& make_model);
  I2cBus& bus() { return *m_bus; }

 private:
  // Declared before the bus that drives them, so they outlive it.
  std::unique_ptr<sim::I2cBusSim> m_sim_bus;
  std::unique_ptr<sim::I2cSlave> m_model;
  std::unique_ptr<I2cBus> m_bus;
};

// `wattbench probes`: the FT232H devices attached, with the URL to put in `device`.
void scan_ftdi_devices(std::ostream& out, const ScanOptions& opt);

}  // namespace wb
