// Opening an I2C chip's transport.
#include "probes/i2c/chip_link.hpp"

#include <fmt/format.h>

#include "probes/i2c/i2c_dev.hpp"
#include "probes/i2c/libftdi_port.hpp"
#include "probes/i2c/mpsse_i2c.hpp"
#include "probes/i2c/tracing_port.hpp"
#include "probes/probe.hpp"
#include "probes/sim/load_model.hpp"
#include "probes/sim/mpsse_sim.hpp"
#include "probes/sim/sim_state.hpp"

namespace wb {

I2cChipLink::I2cChipLink(const I2cChipSettings& s, const ProbeContext& ctx, const std::string& probe_name,
                         const ModelFactory& make_model) {
  std::unique_ptr<FtdiPort> port;
  if (s.transport == "sim") {
    if (!ctx.load) throw std::runtime_error(fmt::format("probe {}: transport sim needs the simulated bench", probe_name));
    m_sim_bus = std::make_unique<sim::I2cBusSim>();
    m_model = make_model(*ctx.load);
    m_sim_bus->attach(m_model.get());
    auto sim_port = std::make_unique<sim::MpsseSim>(*m_sim_bus);
    const auto& params = ctx.load->params();
    if (params.usb_unplug_at_s >= 0) {
      double from = ctx.load->started_s() + params.usb_unplug_at_s;
      sim_port->unplug_between(from, from + params.usb_unplug_for_s, &sim::steady_now_s);
    }
    port = std::move(sim_port);
  } else if (s.transport == "ftdi") {
    port = std::make_unique<LibFtdiPort>(s.device.empty() ? "ftdi://ftdi:232h/1" : s.device);
  }
  if (port) {
    if (!s.trace.empty()) port = std::make_unique<TracingPort>(std::move(port), ctx.run_dir / s.trace);
    auto i2c = std::make_unique<MpsseI2c>(std::move(port), s.i2c_hz);
    i2c->configure();
    m_bus = std::move(i2c);
  } else {  // i2c-dev: the kernel's adapter does the bus; no byte trace to take
    m_bus = std::make_unique<I2cDevBus>(s.device);
  }
}

void scan_ftdi_devices(std::ostream& out, const ScanOptions&) {
  auto ftdi = list_ftdi_devices();
  out << "FTDI devices (for transport ftdi):" << (ftdi.empty() ? " none\n" : "\n");
  for (const auto& d : ftdi)
    out << fmt::format("  {} {}  serial {}  ->  device: ftdi://ftdi:232h:{}/1\n", d.manufacturer, d.description,
                       d.serial.empty() ? "?" : d.serial, d.serial.empty() ? "<serial>" : d.serial);
}

}  // namespace wb
