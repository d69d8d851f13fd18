// The REAL libftdi1 + libusb transport (wb::LibFtdiPort) against an FT232H emulated at the
// usbdevfs level: ctest runs this binary under wattbench-ft232h-emulator with
//   --device FT000001=ina228:0x40 --rail 5.0:0.8
// so the INA228 behind the emulated board senses a constant 5.0 V, 0.8 A rail.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "probes/i2c/i2c_bus.hpp"
#include "probes/i2c/libftdi_port.hpp"
#include "probes/i2c/mpsse_i2c.hpp"
#include "probes/ina228/driver.hpp"

using namespace wb;

namespace {
constexpr double kRailV = 5.0, kRailA = 0.8;  // must match --rail in tests/usb/CMakeLists.txt
}

TEST_CASE("emulated FT232H: real libftdi opens it, MPSSE syncs, INA228 readings match the rail within 1 %") {
  REQUIRE_MESSAGE(std::getenv("UMOCKDEV_DIR") != nullptr, "run under wattbench-ft232h-emulator");
  auto attached = list_ftdi_devices();
  REQUIRE(attached.size() == 1);
  CHECK(attached[0].manufacturer == "FTDI");
  CHECK(attached[0].description == "FT232H");
  CHECK(attached[0].serial == "FT000001");

  auto port = std::make_unique<LibFtdiPort>("ftdi://ftdi:232h:FT000001/1");
  CHECK(port->describe() == "ftdi://ftdi:232h:FT000001/1");
  MpsseI2c i2c(std::move(port), 400000);
  i2c.configure();  // throws unless the bad-command echo FA AA comes back through the bulk IN framing

  ina228::Driver drv(i2c, 0x40, ina228::calibrate(0.015, 2.0), ina228::AdcConfig{});
  drv.init();
  ina228::Reading r;
  int with_data = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (with_data < 5 && std::chrono::steady_clock::now() < deadline) {
    r = drv.read();
    if (r.has_data) {
      ++with_data;
      CHECK(r.vbus_v == doctest::Approx(kRailV).epsilon(0.01));
      CHECK(r.current_a == doctest::Approx(kRailA).epsilon(0.01));
      CHECK(r.power_w == doctest::Approx(kRailV * kRailA).epsilon(0.01));
      CHECK_FALSE(r.overflow);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  CHECK(with_data == 5);
  MESSAGE("last reading: " << r.vbus_v << " V, " << r.current_a << " A, " << r.power_w << " W, " << r.die_temp_c
                           << " °C");
  // A second read after some time: ENERGY accumulates about V*I*dt.
  double e0 = drv.read().energy_j;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  double e1 = drv.read().energy_j;
  CHECK(e1 - e0 > kRailV * kRailA * 0.2);
  CHECK(e1 - e0 < kRailV * kRailA * 0.6);
}

TEST_CASE("emulated FT232H: a wrong serial fails to open, naming the URL and listing the attached board") {
  std::string msg;
  try {
    LibFtdiPort port("ftdi://ftdi:232h:NOSUCH9/1");
  } catch (const I2cTransportError& e) {
    msg = e.what();
  }
  INFO(msg);
  CHECK(msg.find("no FTDI device matches") != std::string::npos);
  CHECK(msg.find("NOSUCH9") != std::string::npos);
  CHECK(msg.find("serial FT000001") != std::string::npos);
}
