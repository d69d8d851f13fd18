// A chip probe's transport on the simulated bench: the simulated FT232H (MpsseSim) on the
// bench's wire for its `device`, and the chip's register model on that wire, for the real
// MPSSE and INA drivers to talk to (probes/i2c/chip_link.hpp).
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "probes/i2c/chip_link.hpp"
#include "sim/bench/sim_bench.hpp"
#include "sim/i2c/i2c_bus_sim.hpp"

namespace wb::sim {

// The simulated FT232H's own keys of the `sim:` block.
struct Ft232hSimParams {
  // Fault injection: the FT232H drops off USB this long after the bench starts, for this long.
  double usb_unplug_at_s = -1;  // < 0: never
  double usb_unplug_for_s = 0;
};
template <class F>
void for_each_field(Ft232hSimParams& p, F&& f) {
  f("usb_unplug_at_s", p.usb_unplug_at_s, true);
  f("usb_unplug_for_s", p.usb_unplug_for_s);
}

class SimChipOnWire : public SimulatedChip {
 public:
  // make_model: a fresh model of the chip (each open: the chip powers up with its defaults).
  SimChipOnWire(SimBench& bench, std::function<std::unique_ptr<I2cSlave>()> make_model)
      : m_bench(bench), m_make_model(std::move(make_model)) {}
  std::unique_ptr<FtdiPort> open_port(const std::string& device) override;
  void attach(const std::string& device) override;
  void detach() override;

 private:
  SimBench& m_bench;
  std::function<std::unique_ptr<I2cSlave>()> m_make_model;
  std::shared_ptr<I2cBusSim> m_wire;
  std::unique_ptr<I2cSlave> m_model;
};

}  // namespace wb::sim
