// libftdi1 transport: device selection by pyftdi's URL rules, open, MPSSE mode, exact-length
// reads with a timeout. Open error codes follow ftdi_usb_open_dev() in libftdi1 src/ftdi.c
// (mcuee/libftdi @ de9f01ec): the same number means different things in its other open calls,
// so the device is chosen here and opened with ftdi_usb_open_dev() alone.
#include "probes/i2c/libftdi_port.hpp"

#include <fmt/format.h>
#include <libftdi1/ftdi.h>
#include <libusb.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "probes/i2c/i2c_bus.hpp"

namespace wb {

std::string describe_ftdi_device(const FtdiDeviceInfo& d, std::size_t position) {
  return fmt::format("{}. {} {} serial {} at bus {} address {}  ->  device: ftdi://ftdi:232h:{}/1", position,
                     d.manufacturer, d.description,
                     d.strings_readable ? (d.serial.empty() ? "(none)" : d.serial) : "(unreadable: permission?)", d.bus,
                     d.address, d.serial.empty() ? fmt::format("{:x}:{:x}", d.bus, d.address) : d.serial);
}

namespace {
std::string device_list_text(const std::vector<FtdiDeviceInfo>& attached) {
  std::string out;
  for (std::size_t i = 0; i < attached.size(); ++i) out += "\n  " + describe_ftdi_device(attached[i], i + 1);
  return out;
}
}  // namespace

std::vector<FtdiDeviceInfo> list_ftdi_devices(std::uint16_t vendor, std::uint16_t product) {
  std::vector<FtdiDeviceInfo> out;
  ftdi_context* ctx = ftdi_new();
  if (!ctx) return out;
  ftdi_device_list* list = nullptr;
  if (ftdi_usb_find_all(ctx, &list, vendor, product) > 0) {
    for (auto* d = list; d; d = d->next) {
      FtdiDeviceInfo info;
      libusb_device_descriptor desc{};
      if (libusb_get_device_descriptor(d->dev, &desc) == 0) {
        info.vendor = desc.idVendor;
        info.product = desc.idProduct;
      }
      info.bus = libusb_get_bus_number(d->dev);
      info.address = libusb_get_device_address(d->dev);
      char mfg[128] = {}, descr[128] = {}, serial[128] = {};
      if (ftdi_usb_get_strings(ctx, d->dev, mfg, sizeof mfg, descr, sizeof descr, serial, sizeof serial) == 0) {
        info.manufacturer = mfg;
        info.description = descr;
        info.serial = serial;
      } else {
        info.strings_readable = false;
      }
      out.push_back(info);
    }
    ftdi_list_free(&list);
  }
  ftdi_free(ctx);
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return std::tie(a.bus, a.address) < std::tie(b.bus, b.address); });
  return out;
}

FtdiDeviceInfo select_ftdi_device(const FtdiUrl& url, const std::string& url_text,
                                  const std::vector<FtdiDeviceInfo>& attached) {
  std::vector<FtdiDeviceInfo> candidates;
  bool unreadable = false;
  for (const auto& d : attached) {
    if (d.vendor && (d.vendor != url.vendor || d.product != url.product)) continue;
    if (url.bus_address && (d.bus != url.bus_address->first || d.address != url.bus_address->second)) continue;
    if (url.serial && d.serial != *url.serial) {
      unreadable = unreadable || !d.strings_readable;
      continue;
    }
    candidates.push_back(d);
  }
  auto none = [&](const std::string& why) {
    return I2cTransportError(fmt::format("{}{}", why,
                                         attached.empty()
                                             ? "; no FTDI device is attached (check the USB cable, `lsusb | grep 0403`)"
                                             : "; attached FTDI devices:" + device_list_text(attached) +
                                                   (unreadable ? "\nsome serials are unreadable: install the udev rule "
                                                                 "(configs/udev/99-wattbench-ftdi.rules) and replug"
                                                               : "")));
  };
  if (url.index) {
    // pyftdi: ftdi://ftdi:232h:1/1 is the first matching device, :2 the second (0 also the first).
    if (*url.index >= candidates.size())
      throw none(fmt::format("{}: device index {} (1-based, as in pyftdi) but {} device(s) match", url_text,
                             *url.index + 1, candidates.size()));
    return candidates[*url.index];
  }
  if (candidates.empty()) throw none("no FTDI device matches " + url_text);
  if (candidates.size() > 1)
    throw none(
        fmt::format("{}: {} devices match; name one by serial, 1-based index or :bus:addr (pyftdi refuses this too)",
                    url_text, candidates.size()));
  return candidates.front();
}

std::string explain_ftdi_open_error(const std::string& target, int code, const std::string& text,
                                    int libusb_open_error) {
  const std::string udev =
      "install the udev rule: sudo cp configs/udev/99-wattbench-ftdi.rules /etc/udev/rules.d/ && sudo udevadm control "
      "--reload && sudo udevadm trigger, then replug the FT232H";
  switch (code) {
    case -4:
      if (libusb_open_error == LIBUSB_ERROR_ACCESS)
        return fmt::format("cannot open {}: permission denied; {}", target, udev);
      if (libusb_open_error == LIBUSB_ERROR_NO_DEVICE)
        return fmt::format("cannot open {}: it was unplugged while opening", target);
      return fmt::format("cannot open {} ({}; libusb: {})", target, text,
                         libusb_open_error ? libusb_error_name(libusb_open_error) : "no detail");
    case -8:
      return fmt::format("cannot open {}: not allowed to detach the kernel's ftdi_sio driver from it ({}); {}", target,
                         text, udev);
    case -3:
      return fmt::format(
          "cannot open {}: unable to set its USB configuration ({}); the kernel's ftdi_sio driver or another "
          "program may hold it: `sudo rmmod ftdi_sio` or close that program",
          target, text);
    case -5:
      return fmt::format(
          "cannot open {}: its interface is claimed by another program or another wattbench ({}); "
          "close it (probes of one config on one FT232H share one port)",
          target, text);
    case -6:
    case -7:
      return fmt::format("cannot open {}: the device did not accept its set-up ({}); replug it", target, text);
    case -9:
    case -10:
    case -12:
      return fmt::format("cannot open {}: its USB descriptors could not be read ({}); unplugged while opening?", target,
                         text);
    default:
      return fmt::format("cannot open {}: libftdi error {} ({})", target, code, text);
  }
}

LibFtdiPort::LibFtdiPort(const std::string& url) : m_url_text(url) {
  auto parsed = parse_ftdi_url(url);
  open(select_ftdi_device(parsed, url, list_ftdi_devices(parsed.vendor, parsed.product)), parsed.interface);
}

LibFtdiPort::LibFtdiPort(const FtdiDeviceInfo& device, const std::string& url_text, unsigned interface)
    : m_url_text(url_text) {
  open(device, interface);
}

void LibFtdiPort::open(const FtdiDeviceInfo& device, unsigned interface) {
  m_ctx = ftdi_new();
  if (!m_ctx) throw I2cTransportError("libftdi: out of memory");
  ftdi_set_interface(m_ctx, static_cast<ftdi_interface>(INTERFACE_A + (interface - 1)));
  std::string target = fmt::format("{} (bus {} address {}{})", m_url_text, device.bus, device.address,
                                   device.serial.empty() ? "" : ", serial " + device.serial);
  libusb_device** devs = nullptr;
  libusb_device* dev = nullptr;
  ssize_t n = libusb_get_device_list(m_ctx->usb_ctx, &devs);
  for (ssize_t i = 0; i < n; ++i)
    if (libusb_get_bus_number(devs[i]) == device.bus && libusb_get_device_address(devs[i]) == device.address)
      dev = devs[i];
  int rc = -3;
  std::string text = "device not found";
  int open_error = 0;
  if (dev) {
    // libftdi reports any libusb_open() failure as -4: ask libusb itself what went wrong.
    libusb_device_handle* probe = nullptr;
    open_error = libusb_open(dev, &probe);
    if (probe) libusb_close(probe);
    rc = ftdi_usb_open_dev(m_ctx, dev);
    text = ftdi_get_error_string(m_ctx);
  }
  if (devs) libusb_free_device_list(devs, 1);
  if (rc < 0) {
    ftdi_free(m_ctx);
    m_ctx = nullptr;
    if (!dev) throw I2cTransportError(fmt::format("cannot open {}: it is gone (unplugged?)", target));
    throw I2cTransportError(explain_ftdi_open_error(target, rc, text, open_error));
  }
  m_ctx->usb_read_timeout = 500;
  m_ctx->usb_write_timeout = 500;
}

LibFtdiPort::~LibFtdiPort() {
  if (!m_ctx) return;
  ftdi_set_bitmode(m_ctx, 0, BITMODE_RESET);
  ftdi_usb_close(m_ctx);
  ftdi_free(m_ctx);
}

void LibFtdiPort::fail(const std::string& what, int code) const {
  throw I2cTransportError(
      fmt::format("{}: {} failed ({}: {}); unplugged?", m_url_text, what, code, ftdi_get_error_string(m_ctx)));
}

void LibFtdiPort::enter_mpsse() {
  int rc;
  if ((rc = ftdi_usb_reset(m_ctx)) < 0) fail("USB reset", rc);
  if ((rc = ftdi_set_latency_timer(m_ctx, 1)) < 0) fail("latency timer", rc);  // 1 ms: short replies come back fast
  if ((rc = ftdi_read_data_set_chunksize(m_ctx, 65536)) < 0) fail("read chunk size", rc);
  if ((rc = ftdi_write_data_set_chunksize(m_ctx, 65536)) < 0) fail("write chunk size", rc);
  if ((rc = ftdi_set_bitmode(m_ctx, 0, BITMODE_RESET)) < 0) fail("bitmode reset", rc);
#if !defined(WB_HAVE_FTDI_TCIOFLUSH) || WB_HAVE_FTDI_TCIOFLUSH
  if ((rc = ftdi_tcioflush(m_ctx)) < 0) fail("purge", rc);
#else
  // libftdi1 < 1.5 has no ftdi_tcioflush (ChangeLog 1.5); its predecessor does the same here.
  if ((rc = ftdi_usb_purge_buffers(m_ctx)) < 0) fail("purge", rc);
#endif
  if ((rc = ftdi_set_bitmode(m_ctx, 0, BITMODE_MPSSE)) < 0) fail("MPSSE mode", rc);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the MPSSE needs a moment after the mode switch
}

void LibFtdiPort::write(std::span<const std::uint8_t> bytes) {
  int rc = ftdi_write_data(m_ctx, bytes.data(), static_cast<int>(bytes.size()));
  if (rc < 0) fail("USB write", rc);
  if (static_cast<std::size_t>(rc) != bytes.size())
    throw I2cTransportError(fmt::format("{}: short USB write ({} of {} bytes)", m_url_text, rc, bytes.size()));
}

void LibFtdiPort::read(std::span<std::uint8_t> out) {
  // ftdi_read_data returns what has arrived so far (possibly 0): loop until all or timeout.
  std::size_t got = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  while (got < out.size()) {
    int rc = ftdi_read_data(m_ctx, out.data() + got, static_cast<int>(out.size() - got));
    if (rc < 0) fail("USB read", rc);
    got += static_cast<std::size_t>(rc);
    if (got < out.size() && std::chrono::steady_clock::now() > deadline)
      throw I2cTransportError(fmt::format("{}: read timeout: {} of {} bytes after 500 ms (MPSSE out of sync?)",
                                          m_url_text, got, out.size()));
  }
}

std::string LibFtdiPort::describe() const { return m_url_text; }

}  // namespace wb
