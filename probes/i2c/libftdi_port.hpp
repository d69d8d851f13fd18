// FtdiPort on a real FT232H through libftdi1.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "probes/i2c/ftdi_port.hpp"
#include "probes/i2c/ftdi_url.hpp"

struct ftdi_context;

namespace wb {

struct FtdiDeviceInfo {
  std::string manufacturer, description, serial;
  std::uint16_t vendor = 0, product = 0;
  std::uint8_t bus = 0, address = 0;  // USB location (changes on replug)
  bool strings_readable = true;       // false: no permission to open it (udev rule missing)
};

// One attached device as a numbered line with the URL to put in a probe's `device` (its
// serial, or :bus:addr when it has none); `position` is its 1-based pyftdi index.
std::string describe_ftdi_device(const FtdiDeviceInfo& d, std::size_t position);

// FTDI devices attached now matching vendor/product (0: libftdi's default FTDI IDs), in
// (bus, address) order; empty when libusb sees none.
std::vector<FtdiDeviceInfo> list_ftdi_devices(std::uint16_t vendor = 0, std::uint16_t product = 0);

// The one attached device a URL names, by pyftdi's rules (ftdi_url.hpp): a serial, a 1-based
// index, or :bus:addr; with none of them, exactly one device must match. Throws
// I2cTransportError naming the URL, why, and the devices attached.
FtdiDeviceInfo select_ftdi_device(const FtdiUrl& url, const std::string& url_text,
                                  const std::vector<FtdiDeviceInfo>& attached);

// Turns a failed ftdi_usb_open_dev() (libftdi1 src/ftdi.c) into a message that says what to do.
// `libusb_open_error` is what libusb_open() itself said (0: it succeeded or was not tried).
std::string explain_ftdi_open_error(const std::string& target, int code, const std::string& libftdi_text,
                                    int libusb_open_error);

class LibFtdiPort : public FtdiPort {
 public:
  explicit LibFtdiPort(const std::string& url);  // finds and opens; throws with a fix-it message
  LibFtdiPort(const FtdiDeviceInfo& device, const std::string& url_text, unsigned interface);
  ~LibFtdiPort() override;
  void write(std::span<const std::uint8_t> bytes) override;
  void read(std::span<std::uint8_t> out) override;
  void enter_mpsse() override;
  std::string describe() const override;

 private:
  void open(const FtdiDeviceInfo& device, unsigned interface);
  [[noreturn]] void fail(const std::string& what, int code) const;
  std::string m_url_text;
  ftdi_context* m_ctx = nullptr;
};

}  // namespace wb
