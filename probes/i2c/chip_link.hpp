// How a chip probe reaches its chip: an FT232H (real, or the simulator's, handed in as a
// SimulatedChip), or Linux i2c-dev. The transport layer the INA228, INA226 and INA260 drivers
// share. Probes whose `device` names the same FT232H share one open port and one USB round per
// tick (shared_bus.hpp).
#pragma once
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "harness/plugin/probe_kind.hpp"
#include "probes/i2c/chip_settings.hpp"
#include "probes/i2c/ftdi_port.hpp"
#include "probes/i2c/i2c_bus.hpp"

namespace wb {

class SharedI2cBus;
struct SharedDevice;

// Transport `sim`, from the simulator (sim/i2c): the simulated FT232H's port and the chip's
// model on its wire. The real MPSSE and chip drivers run on them, byte for byte.
class SimulatedChip {
 public:
  virtual ~SimulatedChip() = default;
  // A port on the wire of the simulated FT232H named `device` (called once per device: probes
  // naming one device share its bus). The port keeps its wire alive.
  virtual std::unique_ptr<FtdiPort> open_port(const std::string& device) = 0;
  // The chip's model joins (leaves) the wire of `device`; called with the bus held, once per open.
  virtual void attach(const std::string& device) = 0;
  virtual void detach() = 0;
};

class I2cChipLink {
 public:
  // Opens (or joins) the transport; throws with a fix-it message naming the probe. rate_hz:
  // the probe's read rate, which sets how long a round waits for the other probes' batches.
  // `sim` (null off the simulated bench) serves transport sim.
  I2cChipLink(const I2cChipSettings& s, const ProbeContext& ctx, const std::string& probe_name, double rate_hz,
              SimulatedChip* sim);
  ~I2cChipLink();
  I2cBus& bus() { return *m_bus; }
  // The FT232H's shared bus (null on i2c-dev), for tests.
  SharedI2cBus* shared() const;

 private:
  std::shared_ptr<SharedDevice> m_device;
  SimulatedChip* m_sim = nullptr;  // attached while the link lives
  std::unique_ptr<I2cBus> m_bus;
  unsigned m_address = 0;
};

// `wattbench probes`: the FT232H devices attached, with the URL to put in `device`.
void scan_ftdi_devices(std::ostream& out, const ScanOptions& opt);

}  // namespace wb
