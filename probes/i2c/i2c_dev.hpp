// I2cBus on Linux i2c-dev (/dev/i2c-N): each transfer is one I2C_RDWR ioctl (pointer write,
// repeated START, read; one STOP at the end).
#pragma once
#include <linux/i2c-dev.h>
#include <linux/i2c.h>

#include <functional>
#include <string>
#include <vector>

#include "probes/i2c/i2c_bus.hpp"

namespace wb {

// The kernel's message array for one transfer; data pointers refer into `transfer`.
std::vector<i2c_msg> build_i2c_msgs(I2cTransfer& transfer);
// errno from I2C_RDWR -> true when it means "no ACK" (a NACK, not a broken bus).
bool errno_is_nack(int err);
std::string explain_i2c_dev_open_error(const std::string& device, int err);
// I2C_RDWR skips the busy check that I2C_SLAVE makes (Linux i2c-dev): writing CONFIG or
// SHUNT_CAL under a bound kernel driver (ina238, ina2xx) leaves its figures wrong. Throws,
// naming the driver and both ways out, when /sys/bus/i2c/devices/<bus>-00<addr>/driver exists.
void refuse_if_kernel_driver_bound(const std::string& device, unsigned address,
                                   const std::string& sysfs_devices = "/sys/bus/i2c/devices");

class I2cDevBus : public I2cBus {
 public:
  using Ioctl = std::function<int(int fd, unsigned long request, void* arg)>;
  // Opens the device; `ioctl_fn` replaces ::ioctl in tests (fd is then -1 and nothing is opened).
  explicit I2cDevBus(const std::string& device, Ioctl ioctl_fn = nullptr);
  ~I2cDevBus() override;
  void run(std::vector<I2cTransfer>& batch) override;
  std::string describe() const override { return m_device; }

 private:
  std::string m_device;
  int m_fd = -1;
  Ioctl m_ioctl;
};

}  // namespace wb
