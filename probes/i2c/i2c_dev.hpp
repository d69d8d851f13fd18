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
