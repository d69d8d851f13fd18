// FT232H URL parsing and open-error advice; i2c-dev message building, NACK mapping and the
// INA228 driver over i2c-dev with a fake ioctl backed by the INA228 model.
#include <doctest/doctest.h>

#include <cerrno>

#include "probes/i2c/ftdi_url.hpp"
#include "probes/i2c/i2c_dev.hpp"
#include "probes/i2c/libftdi_port.hpp"
#include "probes/ina228/driver.hpp"
#include "sim/i2c/ina228_model.hpp"

using namespace wb;

namespace {
constexpr int kLibusbErrorAccess = -3;    // LIBUSB_ERROR_ACCESS (libusb.h)
constexpr int kLibusbErrorNoDevice = -4;  // LIBUSB_ERROR_NO_DEVICE
}  // namespace

TEST_CASE("FTDI URLs follow pyftdi: 1-based index, :bus:addr in hex, numbers above 255 are serials") {
  auto u = parse_ftdi_url("ftdi://ftdi:232h:FT9ABC12/1");
  CHECK(u.vendor == 0x0403);
  CHECK(u.product == 0x6014);
  CHECK(*u.serial == "FT9ABC12");
  CHECK(u.interface == 1);
  auto only = parse_ftdi_url("ftdi:///1");
  CHECK_FALSE(only.serial.has_value());
  CHECK_FALSE(only.index.has_value());  // no index: exactly one device must match
  CHECK(only.product == 0x6014);
  auto second = parse_ftdi_url("ftdi://0x403:0x6014:2/1");
  REQUIRE(second.index.has_value());
  CHECK(*second.index == 1);  // pyftdi: idx = devidx - 1
  CHECK(*parse_ftdi_url("ftdi://ftdi:232h:1/1").index == 0);
  CHECK(*parse_ftdi_url("ftdi://ftdi:232h:0/1").index == 0);  // pyftdi keeps 0 as the first
  CHECK(*parse_ftdi_url("ftdi://ftdi:232h:300/1").serial == "300");
  auto located = parse_ftdi_url("ftdi://ftdi:232h:1:1a/1");
  REQUIRE(located.bus_address.has_value());
  CHECK(located.bus_address->first == 1);
  CHECK(located.bus_address->second == 0x1a);
  CHECK_FALSE(located.serial.has_value());
  CHECK(to_string(located) == "ftdi://0x0403:0x6014:1:1a/1");
  CHECK(to_string(second) == "ftdi://0x0403:0x6014:2/1");
  CHECK_THROWS_WITH_AS(parse_ftdi_url("ftdi://ftdi:232h:1:zz/1"), doctest::Contains("USB address 'zz'"),
                       std::invalid_argument);
  CHECK(parse_ftdi_url("ftdi://::FT1/2").interface == 2);
  CHECK(parse_ftdi_url("ftdi://ftdi:2232h/1").product == 0x6010);
  CHECK_THROWS_WITH_AS(parse_ftdi_url("usb://x/1"), doctest::Contains("must start with ftdi://"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_ftdi_url("ftdi://ftdi:232h"), doctest::Contains("missing /interface"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_ftdi_url("ftdi://ftdi:9999x/1"), doctest::Contains("unknown product"),
                       std::invalid_argument);
  CHECK_THROWS_AS(parse_ftdi_url("ftdi:///7"), std::invalid_argument);
}

TEST_CASE(
    "choosing among attached FT232Hs: index 1 is the first, :bus:addr, serial, and no silent pick of one of two") {
  std::vector<FtdiDeviceInfo> two{{"FTDI", "FT232H", "FTAAAA", 0x403, 0x6014, 1, 5, true},
                                  {"FTDI", "FT232H", "FTBBBB", 0x403, 0x6014, 1, 9, true}};
  auto pick = [&](const std::string& url) { return select_ftdi_device(parse_ftdi_url(url), url, two).serial; };
  CHECK(pick("ftdi://ftdi:232h:1/1") == "FTAAAA");
  CHECK(pick("ftdi://ftdi:232h:2/1") == "FTBBBB");  // 0-based here opened nothing (or another card's adapter)
  CHECK(pick("ftdi://ftdi:232h:FTBBBB/1") == "FTBBBB");
  CHECK(pick("ftdi://ftdi:232h:1:9/1") == "FTBBBB");
  CHECK_THROWS_WITH_AS(pick("ftdi://ftdi:232h/1"), doctest::Contains("2 devices match"), I2cTransportError);
  CHECK_THROWS_WITH(pick("ftdi://ftdi:232h:3/1"), doctest::Contains("index 3"));
  auto none = std::string();
  try {
    pick("ftdi://ftdi:232h:FTCCCC/1");
  } catch (const I2cTransportError& e) {
    none = e.what();
  }
  CHECK(none.find("FTAAAA") != std::string::npos);  // lists what is attached, with URLs
  CHECK(none.find("ftdi://ftdi:232h:FTBBBB/1") != std::string::npos);
  CHECK_THROWS_WITH(select_ftdi_device(parse_ftdi_url("ftdi:///1"), "ftdi:///1", {}),
                    doctest::Contains("no FTDI device is attached"));
}

TEST_CASE("FT232H open errors follow ftdi_usb_open_dev's codes: busy is not permission, -3 is not 'not found'") {
  const std::string target = "ftdi://ftdi:232h:FT9ABC12/1";
  auto busy = explain_ftdi_open_error(target, -5, "unable to claim usb device", 0);
  CHECK(busy.find("claimed by another program") != std::string::npos);
  CHECK(busy.find("permission") == std::string::npos);
  auto config = explain_ftdi_open_error(target, -3, "unable to set usb configuration", 0);
  CHECK(config.find("configuration") != std::string::npos);
  CHECK(config.find("not found") == std::string::npos);
  CHECK(config.find("matches") == std::string::npos);
  auto perm = explain_ftdi_open_error(target, -4, "libusb_open() failed", kLibusbErrorAccess);
  CHECK(perm.find("99-wattbench-ftdi.rules") != std::string::npos);
  CHECK(perm.find("permission") != std::string::npos);
  auto gone = explain_ftdi_open_error(target, -4, "libusb_open() failed", kLibusbErrorNoDevice);
  CHECK(gone.find("unplugged") != std::string::npos);
  CHECK(explain_ftdi_open_error(target, -8, "inappropriate permissions on device!", 0).find("udev") !=
        std::string::npos);
  CHECK(explain_ftdi_open_error(target, -9, "libusb_get_device_descriptor() failed", 0).find("permission") ==
        std::string::npos);
}

TEST_CASE("i2c-dev messages: pointer write then read, repeated START, one STOP") {
  I2cTransfer t;
  t.messages.push_back({0x40, false, {0x08}});
  t.messages.push_back({0x40, true, std::vector<std::uint8_t>(3)});
  auto msgs = build_i2c_msgs(t);
  REQUIRE(msgs.size() == 2);
  CHECK(msgs[0].addr == 0x40);
  CHECK(msgs[0].flags == 0);
  CHECK(msgs[0].len == 1);
  CHECK(msgs[0].buf[0] == 0x08);
  CHECK(msgs[1].flags == I2C_M_RD);
  CHECK(msgs[1].len == 3);
  CHECK(errno_is_nack(ENXIO));
  CHECK(errno_is_nack(EREMOTEIO));
  CHECK_FALSE(errno_is_nack(EIO));
  CHECK(explain_i2c_dev_open_error("/dev/i2c-9", ENOENT).find("modprobe i2c-dev") != std::string::npos);
  CHECK(explain_i2c_dev_open_error("/dev/i2c-1", EACCES).find("i2c group") != std::string::npos);
}

TEST_CASE("INA228 driver over i2c-dev with a fake ioctl backed by the model") {
  double now = 10;
  sim::ConstantRail rail(5.0, 0.8, 40.0);
  sim::Ina228Model chip({}, rail, [&] { return now; });
  int calls = 0;
  bool absent = false, broken = false;
  auto fake_ioctl = [&](int, unsigned long req, void* arg) -> int {
    REQUIRE(req == I2C_RDWR);
    ++calls;
    if (broken) {
      errno = EIO;
      return -1;
    }
    auto* data = static_cast<i2c_rdwr_ioctl_data*>(arg);
    if (absent) {
      errno = ENXIO;
      return -1;
    }
    for (__u32 i = 0; i < data->nmsgs; ++i) {
      auto& m = data->msgs[i];
      REQUIRE(m.addr == 0x40);
      bool read = m.flags & I2C_M_RD;
      chip.start(read);
      for (__u16 k = 0; k < m.len; ++k) {
        if (read)
          m.buf[k] = chip.read_byte();
        else
          chip.write_byte(m.buf[k]);
      }
    }
    chip.stop();
    return static_cast<int>(data->nmsgs);
  };
  I2cDevBus bus("/dev/i2c-fake", fake_ioctl);
  ina228::Driver drv(bus, 0x40, ina228::calibrate(0.015, 5.0), {0xF, 150, 150, 150, 1});
  drv.init();
  now += 0.5;
  calls = 0;
  auto r = drv.read();
  CHECK(
      calls ==
      8);  // one ioctl per register (6 readings + SHUNT_CAL/ADC_CONFIG read back): pointer write + repeated-START read
  CHECK(r.vbus_v == doctest::Approx(5.0).epsilon(1e-3));
  CHECK(r.current_a == doctest::Approx(0.8).epsilon(2e-3));
  CHECK(r.energy_j == doctest::Approx(5.0 * 0.8 * 0.5).epsilon(5e-3));
  absent = true;
  CHECK_THROWS_WITH(drv.read(), doctest::Contains("stopped answering"));
  absent = false;
  broken = true;
  CHECK_THROWS_AS(drv.read(), I2cTransportError);
}
