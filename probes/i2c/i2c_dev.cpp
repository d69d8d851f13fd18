// Linux i2c-dev transport.
#include "probes/i2c/i2c_dev.hpp"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <fmt/format.h>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace wb {

std::vector<i2c_msg> build_i2c_msgs(I2cTransfer& transfer) {
  if (transfer.messages.size() > I2C_RDWR_IOCTL_MAX_MSGS)
    throw std::invalid_argument(fmt::format("an I2C_RDWR transfer holds at most {} messages", I2C_RDWR_IOCTL_MAX_MSGS));
  std::vector<i2c_msg> msgs;
  for (auto& m : transfer.messages) {
    i2c_msg k{};
    k.addr = m.address;
    k.flags = m.read ? I2C_M_RD : 0;
    k.len = static_cast<__u16>(m.data.size());
    k.buf = m.data.data();
    msgs.push_back(k);
  }
  return msgs;
}

bool errno_is_nack(int err) {
  // Adapters report a missing ACK as ENXIO or EREMOTEIO (Documentation/i2c/fault-codes.rst).
  return err == ENXIO || err == EREMOTEIO;
}

std::string explain_i2c_dev_open_error(const std::string& device, int err) {
  if (err == ENOENT)
    return fmt::format(
        "{}: no such I2C adapter; load the driver (sudo modprobe i2c-dev) and list adapters with "
        "`ls /dev/i2c-*` or `i2cdetect -l`",
        device);
  if (err == EACCES || err == EPERM)
    return fmt::format(
        "{}: permission denied; add yourself to the i2c group (sudo usermod -aG i2c \"$USER\", then log in "
        "again) or run as root",
        device);
  return fmt::format("{}: cannot open: {}", device, std::strerror(err));
}

void refuse_if_kernel_driver_bound(const std::string& device, unsigned address, const std::string& sysfs_devices) {
  // /dev/i2c-3 is adapter 3; its clients are /sys/bus/i2c/devices/3-0040 and so on.
  auto dash = device.rfind('-');
  if (dash == std::string::npos || device.find("i2c") == std::string::npos) return;
  std::string bus = device.substr(dash + 1);
  if (bus.empty() || bus.find_first_not_of("0123456789") != std::string::npos) return;
  namespace fs = std::filesystem;
  std::string client = fmt::format("{}-{:04x}", bus, address);
  fs::path link = fs::path(sysfs_devices) / client / "driver";
  std::error_code ec;
  if (!fs::exists(link, ec)) return;
  auto target = fs::read_symlink(link, ec);
  std::string driver = ec ? "a kernel driver" : target.filename().string();
  throw std::runtime_error(
      fmt::format("{}: the chip at 0x{:02X} is bound to the kernel driver '{}' ({}): i2c-dev would reconfigure it "
                  "behind the driver "
                  "and leave its figures wrong. Read it through the driver (transport: hwmon), or unbind it first: "
                  "echo {} | sudo tee /sys/bus/i2c/drivers/{}/unbind",
                  device, address, driver, link.string(), client, driver));
}

I2cDevBus::I2cDevBus(const std::string& device, Ioctl ioctl_fn) : m_device(device), m_ioctl(std::move(ioctl_fn)) {
  if (m_ioctl) return;
  m_fd = ::open(device.c_str(), O_RDWR | O_CLOEXEC);
  if (m_fd < 0) throw I2cTransportError(explain_i2c_dev_open_error(device, errno));
  unsigned long funcs = 0;
  if (::ioctl(m_fd, I2C_FUNCS, &funcs) == 0 && !(funcs & I2C_FUNC_I2C))
    throw I2cTransportError(fmt::format("{}: this adapter cannot do combined transfers (no I2C_FUNC_I2C)", device));
  m_ioctl = [](int fd, unsigned long req, void* arg) { return ::ioctl(fd, req, arg); };
}

I2cDevBus::~I2cDevBus() {
  if (m_fd >= 0) ::close(m_fd);
}

void I2cDevBus::run(std::vector<I2cTransfer>& batch) {
  for (auto& t : batch) {
    t.nacked_message = -1;
    t.nacked_byte = -1;
    auto msgs = build_i2c_msgs(t);
    i2c_rdwr_ioctl_data data{msgs.data(), static_cast<__u32>(msgs.size())};
    if (m_ioctl(m_fd, I2C_RDWR, &data) < 0) {
      int err = errno;
      if (!errno_is_nack(err))
        throw I2cTransportError(fmt::format("{}: I2C_RDWR failed: {}", m_device, std::strerror(err)));
      t.nacked_message = 0;  // the kernel does not say which byte went unanswered
    }
  }
}

}  // namespace wb
