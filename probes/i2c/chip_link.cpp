// Opening an I2C chip's transport; one shared port per FT232H.
#include "probes/i2c/chip_link.hpp"

#include <fmt/format.h>

#include <map>
#include <mutex>

#include "harness/plugin/probe.hpp"
#include "probes/i2c/i2c_dev.hpp"
#include "probes/i2c/libftdi_port.hpp"
#include "probes/i2c/mpsse_i2c.hpp"
#include "probes/i2c/shared_bus.hpp"
#include "probes/i2c/tracing_port.hpp"

namespace wb {

// One FT232H as the probes on it see it: the shared master and which probe holds which chip
// address.
struct SharedDevice {
  std::shared_ptr<SharedI2cBus> bus;
  std::map<unsigned, std::string> addresses;  // chip address -> probe name
  unsigned i2c_hz = 0;
};

namespace {

std::mutex g_devices_mutex;
std::map<std::string, std::weak_ptr<SharedDevice>> g_devices;

std::unique_ptr<FtdiPort> traced(std::unique_ptr<FtdiPort> port, const I2cChipSettings& s, const ProbeContext& ctx) {
  if (s.trace.empty()) return port;
  return std::make_unique<TracingPort>(std::move(port), ctx.run_dir / s.trace);
}

std::shared_ptr<SharedI2cBus> mpsse_bus(const std::string& key, std::unique_ptr<FtdiPort> port, unsigned hz) {
  auto i2c = std::make_unique<MpsseI2c>(std::move(port), hz);
  i2c->configure();
  return std::make_shared<SharedI2cBus>(key, std::move(i2c));
}

}  // namespace

I2cChipLink::I2cChipLink(const I2cChipSettings& s, const ProbeContext& ctx, const std::string& probe_name,
                         double rate_hz, SimulatedChip* sim)
    : m_address(s.address) {
  if (s.transport != "sim" && s.transport != "ftdi") {  // i2c-dev: the kernel's adapter does the bus
    refuse_if_kernel_driver_bound(s.device, s.address);
    m_bus = std::make_unique<I2cDevBus>(s.device);
    return;
  }
  if (s.transport == "sim" && !sim)
    throw std::runtime_error(fmt::format("probe {}: transport sim needs the simulated bench", probe_name));

  // Which FT232H: the one the URL selects now (two URLs naming one device share it), or the
  // simulated one named by `device`.
  std::string key;
  std::optional<FtdiDeviceInfo> usb;
  const std::string url = s.device.empty() ? "ftdi://ftdi:232h/1" : s.device;
  FtdiUrl parsed;
  if (sim) {
    key = "sim:" + ctx.run_dir.string() + ":" + s.device;  // one simulated bench's FT232H
  } else {
    parsed = parse_ftdi_url(url);
    usb = select_ftdi_device(parsed, url, list_ftdi_devices(parsed.vendor, parsed.product));
    key = fmt::format("usb:{}:{}:{}", usb->bus, usb->address, parsed.interface);
  }

  std::lock_guard lock(g_devices_mutex);
  auto& slot = g_devices[key];
  m_device = slot.lock();
  if (m_device && m_device->bus->broken()) m_device.reset();  // unplugged: the survivors reopen too
  if (!m_device) {
    auto dev = std::make_shared<SharedDevice>();
    dev->i2c_hz = s.i2c_hz;
    if (sim) {
      dev->bus = mpsse_bus(key, traced(sim->open_port(s.device), s, ctx), s.i2c_hz);
    } else {
      dev->bus = mpsse_bus(url, traced(std::make_unique<LibFtdiPort>(*usb, url, parsed.interface), s, ctx), s.i2c_hz);
    }
    m_device = dev;
    slot = dev;
  } else if (m_device->i2c_hz != s.i2c_hz) {
    throw std::runtime_error(
        fmt::format("probe {}: i2c_hz {} differs from {} set by another probe on {}; probes on one "
                    "FT232H share its clock",
                    probe_name, s.i2c_hz, m_device->i2c_hz, url));
  }
  if (auto it = m_device->addresses.find(s.address); it != m_device->addresses.end())
    throw std::runtime_error(
        fmt::format("probe {}: address 0x{:02X} on {} is already probe {}'s; chips on one bus need "
                    "different addresses (INA228 A0/A1 straps: 0x40, 0x41, 0x44, 0x45, …)",
                    probe_name, s.address, sim ? "the simulated FT232H" : url, it->second));
  m_device->addresses[s.address] = probe_name;
  if (sim) {
    m_sim = sim;
    m_device->bus->exclusive([&] { m_sim->attach(s.device); });
  }
  // Wait for the other probes' batches up to a quarter of a period (at most 2 ms): their
  // sampler threads tick on one schedule, so one round carries them all.
  double gather_s = rate_hz > 0 ? std::min(0.25 / rate_hz, 0.002) : 0.002;
  m_bus =
      std::make_unique<SharedBusMember>(m_device->bus, std::chrono::microseconds(static_cast<long>(gather_s * 1e6)));
}

I2cChipLink::~I2cChipLink() {
  if (!m_device) return;
  m_bus.reset();  // leaves the shared rounds
  std::lock_guard lock(g_devices_mutex);
  if (m_sim) m_device->bus->exclusive([&] { m_sim->detach(); });
  m_device->addresses.erase(m_address);
}

SharedI2cBus* I2cChipLink::shared() const { return m_device ? m_device->bus.get() : nullptr; }

void scan_ftdi_devices(std::ostream& out, const ScanOptions&) {
  auto ftdi = list_ftdi_devices();
  out << "FTDI devices (for transport ftdi):" << (ftdi.empty() ? " none\n" : "\n");
  for (std::size_t i = 0; i < ftdi.size(); ++i) out << "  " << describe_ftdi_device(ftdi[i], i + 1) << "\n";
}

}  // namespace wb
