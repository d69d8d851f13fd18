// i2c-dev must not reconfigure a chip the kernel's driver owns: I2C_RDWR skips the busy check
// that I2C_SLAVE makes (hardware.md, Corrections), so wattbench checks sysfs itself.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>

#include "probes/i2c/i2c_dev.hpp"

using namespace wb;
namespace fs = std::filesystem;

TEST_CASE("i2c-dev refuses a chip bound to a kernel driver, naming the driver and the way out") {
  fs::path sys = fs::temp_directory_path() / ("wb-sysfs-" + std::to_string(::getpid()));
  fs::remove_all(sys);
  fs::create_directories(sys / "bus/i2c/drivers/ina238");
  fs::create_directories(sys / "bus/i2c/devices/3-0040");
  fs::create_symlink(sys / "bus/i2c/drivers/ina238", sys / "bus/i2c/devices/3-0040/driver");
  fs::create_directories(sys / "bus/i2c/devices/3-0041");  // present but unbound
  auto devices = (sys / "bus/i2c/devices").string();
  CHECK_THROWS_WITH(refuse_if_kernel_driver_bound("/dev/i2c-3", 0x40, devices), doctest::Contains("'ina238'"));
  CHECK_THROWS_WITH(refuse_if_kernel_driver_bound("/dev/i2c-3", 0x40, devices), doctest::Contains("3-0040"));
  CHECK_THROWS_WITH(refuse_if_kernel_driver_bound("/dev/i2c-3", 0x40, devices), doctest::Contains("transport: hwmon"));
  CHECK_NOTHROW(refuse_if_kernel_driver_bound("/dev/i2c-3", 0x41, devices));
  CHECK_NOTHROW(refuse_if_kernel_driver_bound("/dev/i2c-4", 0x40, devices));
  fs::remove_all(sys);
}
