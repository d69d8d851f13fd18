// libftdi1 transport: open, MPSSE mode, exact-length reads with a timeout.
#include "probes/i2c/libftdi_port.hpp"

#include <fmt/format.h>
#include <libftdi1/ftdi.h>

#include <chrono>
#include <thread>

#include "probes/i2c/i2c_bus.hpp"

namespace wb {

std::vector<FtdiDeviceInfo> list_ftdi_devices() {
  std::vector<FtdiDeviceInfo> out;
  ftdi_context* ctx = ftdi_new();
  if (!ctx) return out;
  ftdi_device_list* list = nullptr;
  // vendor/product 0: libftdi's default FTDI IDs (0403:6001/6010/6011/6014/6015).
  if (ftdi_usb_find_all(ctx, &list, 0, 0) > 0) {
    for (auto* d = list; d; d = d->next) {
      char mfg[128] = {}, desc[128] = {}, serial[128] = {};
      FtdiDeviceInfo info;
      if (ftdi_usb_get_strings(ctx, d->dev, mfg, sizeof mfg, desc, sizeof desc, serial, sizeof serial) == 0) {
        info.manufacturer = mfg;
        info.description = desc;
        info.serial = serial;
      } else {
        info.description = "(strings unreadable: permission?)";
      }
      out.push_back(info);
    }
    ftdi_list_free(&list);
  }
  ftdi_free(ctx);
  return out;
}

std::string explain_ftdi_open_error(const FtdiUrl& url, int code, const std::string& text,
                                    const std::vector<FtdiDeviceInfo>& attached) {
  std::string target = to_string(url);
  std::string devices;
  for (const auto& d : attached)
    devices += fmt::format("\n  - {} {} serial {}", d.manufacturer, d.description, d.serial.empty() ? "?" : d.serial);
  if (code == -3 || code == -2) {  // device not found / no USB devices
    return fmt::format("no FTDI device matches {}{}", target,
                       attached.empty() ? "; none is attached (check the USB cable, `lsusb | grep 0403`)"
                                        : "; attached FTDI devices:" + devices + "\nset the probe's device to ftdi://ftdi:232h:<serial>/1");
  }
  if (code == -4 || code == -5 || code == -8 || code == -9 || code == -10) {
    return fmt::format(
        "cannot open {} ({}): permission denied or the device is busy. Install the udev rule: "
        "sudo cp configs/udev/99-wattbench-ftdi.rules /etc/udev/rules.d/ && sudo udevadm control --reload && "
        "sudo udevadm trigger, then replug the FT232H (and make sure no other program holds it)",
        target, text);
  }
  return fmt::format("cannot open {}: libftdi error {} ({})", target, code, text);
}

LibFtdiPort::LibFtdiPort(const std::string& url) : m_url(parse_ftdi_url(url)), m_url_text(url) {
  m_ctx = ftdi_new();
  if (!m_ctx) throw I2cTransportError("libftdi: out of memory");
  ftdi_set_interface(m_ctx, static_cast<ftdi_interface>(INTERFACE_A + (m_url.interface - 1)));
  int rc = ftdi_usb_open_desc_index(m_ctx, m_url.vendor, m_url.product, nullptr,
                                    m_url.serial ? m_url.serial->c_str() : nullptr, m_url.index);
  if (rc < 0) {
    std::string text = ftdi_get_error_string(m_ctx);
    ftdi_free(m_ctx);
    m_ctx = nullptr;
    throw I2cTransportError(explain_ftdi_open_error(m_url, rc, text, list_ftdi_devices()));
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
  throw I2cTransportError(fmt::format("{}: {} failed ({}: {}); unplugged?", m_url_text, what, code,
                                      ftdi_get_error_string(m_ctx)));
}

void LibFtdiPort::enter_mpsse() {
  int rc;
  if ((rc = ftdi_usb_reset(m_ctx)) < 0) fail("USB reset", rc);
  if ((rc = ftdi_set_latency_timer(m_ctx, 1)) < 0) fail("latency timer", rc);  // 1 ms: short replies come back fast
  if ((rc = ftdi_read_data_set_chunksize(m_ctx, 65536)) < 0) fail("read chunk size", rc);
  if ((rc = ftdi_write_data_set_chunksize(m_ctx, 65536)) < 0) fail("write chunk size", rc);
  if ((rc = ftdi_set_bitmode(m_ctx, 0, BITMODE_RESET)) < 0) fail("bitmode reset", rc);
  if ((rc = ftdi_tcioflush(m_ctx)) < 0) fail("purge", rc);
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
      throw I2cTransportError(fmt::format("{}: read timeout: {} of {} bytes after 500 ms (MPSSE out of sync?)", m_url_text,
                                          got, out.size()));
  }
}

std::string LibFtdiPort::describe() const { return m_url_text; }

}  // namespace wb
