// FT232H URL parsing and open-error advice; i2c-dev message building, NACK mapping and the
// INA228 driver over i2c-dev with a fake ioctl backed by the INA228 model.
#include <doctest/doctest.h>

#include <cerrno>

#include "probes/i2c/ftdi_url.hpp"
#include "probes/i2c/i2c_dev.hpp"
#include "probes/i2c/libftdi_port.hpp"
#include "probes/ina228/driver.hpp"
#include "probes/sim/ina228_model.hpp"

using namespace wb;

TEST_CASE("FTDI URLs") {
  auto u = parse_ftdi_url("ftdi://ftdi:232h:FT9ABC12/1");
  CHECK(u.vendor == 0x0403);
  CHECK(u.product == 0x6014);
  CHECK(*u.serial == "FT9ABC12");
  CHECK(u.interface == 1);
  auto first = parse_ftdi_url("ftdi:///1");
  CHECK_FALSE(first.serial.has_value());
  CHECK(first.index == 0);
  CHECK(first.product == 0x6014);
  auto idx = parse_ftdi_url("ftdi://0x403:0x6014:2/1");
  CHECK(idx.index == 2);
  CHECK_FALSE(idx.serial.has_value());
  CHECK(parse_ftdi_url("ftdi://::FT1/2").interface == 2);
  CHECK(parse_ftdi_url("ftdi://ftdi:2232h/1").product == 0x6010);
  CHECK_THROWS_WITH_AS(parse_ftdi_url("usb://x/1"), doctest::Contains("must start with ftdi://"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_ftdi_url("ftdi://ftdi:232h"), doctest::Contains("missing /interface"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_ftdi_url("ftdi://ftdi:9999x/1"), doctest::Contains("unknown product"), std::invalid_argument);
  CHECK_THROWS_AS(parse_ftdi_url("ftdi:///7"), std::invalid_argument);
}

TEST_CASE("FT232H open errors read as fixes") {
  auto url = parse_ftdi_url("ftdi://ftdi:232h:FT9ABC12/1");
  auto none = explain_ftdi_open_error(url, -3, "usb device not found", {});
  CHECK(none.find("none is attached") != std::string::npos);
  auto other = explain_ftdi_open_error(url, -3, "usb device not found", {{"FTDI", "C232HM-DDHSL-0", "FT1XYZ", 0x403, 0x6014}});
  CHECK(other.find("FT1XYZ") != std::string::npos);
  CHECK(other.find("ftdi://ftdi:232h:<serial>/1") != std::string::npos);
  auto perm = explain_ftdi_open_error(url, -4, "unable to open device", {});
  CHECK(perm.find("99-wattbench-ftdi.rules") != std::string::npos);
  CHECK(perm.find("permission") != std::string::npos);
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
    if (broken) return errno = EIO, -1;
    auto* data = static_cast<i2c_rdwr_ioctl_data*>(arg);
    if (absent) return errno = ENXIO, -1;
    for (__u32 i = 0; i < data->nmsgs; ++i) {
      auto& m = data->msgs[i];
      REQUIRE(m.addr == 0x40);
      bool read = m.flags & I2C_M_RD;
      chip.start(read);
      for (__u16 k = 0; k < m.len; ++k) {
        if (read) m.buf[k] = chip.read_byte();
        else chip.write_byte(m.buf[k]);
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
  CHECK(calls == 8);  // one ioctl per register (6 readings + SHUNT_CAL/ADC_CONFIG read back): pointer write + repeated-START read
  CHECK(r.vbus_v == doctest::Approx(5.0).epsilon(1e-3));
  CHECK(r.current_a == doctest::Approx(0.8).epsilon(2e-3));
  CHECK(r.energy_j == doctest::Approx(5.0 * 0.8 * 0.5).epsilon(5e-3));
  absent = true;
  CHECK_THROWS_WITH(drv.read(), doctest::Contains("stopped answering"));
  absent = false;
  broken = true;
  CHECK_THROWS_AS(drv.read(), I2cTransportError);
}
