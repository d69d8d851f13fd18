// The simulated FT232H and its wire, per bench and device.
#include "sim/i2c/sim_chip.hpp"

#include "sim/bench/sim_block.hpp"
#include "sim/i2c/mpsse_sim.hpp"

namespace wb::sim {

namespace {

std::string wire_key(const std::string& device) { return "i2c-wire:" + device; }

// The MPSSE model on a wire it keeps alive (the bus that drives it may outlive the probe).
struct WireHolder {
  std::shared_ptr<I2cBusSim> wire;
};
class WirePort : private WireHolder, public MpsseSim {
 public:
  explicit WirePort(std::shared_ptr<I2cBusSim> w) : WireHolder{std::move(w)}, MpsseSim(*wire) {}
};

}  // namespace

std::unique_ptr<FtdiPort> SimChipOnWire::open_port(const std::string& device) {
  auto port = std::make_unique<WirePort>(m_bench.shared<I2cBusSim>(wire_key(device)));
  const auto params = read_sim_block<Ft232hSimParams>(m_bench.block());
  if (params.usb_unplug_at_s >= 0) {
    double from = m_bench.load().started_s() + params.usb_unplug_at_s;
    port->unplug_between(from, from + params.usb_unplug_for_s, &steady_now_s);
  }
  return port;
}

void SimChipOnWire::attach(const std::string& device) {
  m_wire = m_bench.shared<I2cBusSim>(wire_key(device));
  m_model = m_make_model();
  m_wire->attach(m_model.get());
}

void SimChipOnWire::detach() {
  if (m_wire && m_model) m_wire->detach(m_model.get());
  m_model.reset();
  m_wire.reset();
}

}  // namespace wb::sim
