// FtdiPort on a real FT232H through libftdi1.
#pragma once
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
};

// FTDI devices attached now (FT232H and other MPSSE parts); empty when libusb sees none.
std::vector<FtdiDeviceInfo> list_ftdi_devices();

// Turns a libftdi open failure into a message that says what to do.
std::string explain_ftdi_open_error(const FtdiUrl& url, int code, const std::string& libftdi_text,
                                    const std::vector<FtdiDeviceInfo>& attached);

class LibFtdiPort : public FtdiPort {
 public:
  explicit LibFtdiPort(const std::string& url);  // opens; throws with a fix-it message
  ~LibFtdiPort() override;
  void write(std::span<const std::uint8_t> bytes) override;
  void read(std::span<std::uint8_t> out) override;
  void enter_mpsse() override;
  std::string describe() const override;

 private:
  [[noreturn]] void fail(const std::string& what, int code) const;
  FtdiUrl m_url;
  std::string m_url_text;
  ftdi_context* m_ctx = nullptr;
};

}  // namespace wb
