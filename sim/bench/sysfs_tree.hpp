// What every simulated sysfs driver (hwmon, powercap, power-supply) does the same way: write a
// file of its fake tree whole, and refresh its readings on a thread of its own, as the kernel
// driver does when it reads the hardware.
#pragma once
#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

namespace wb::sim {

// Writes text to p through a rename: a real sysfs attribute is read whole (fs/sysfs/file.c,
// sysfs_kf_seq_show: show() fills one page per read, torvalds/linux v6.6), so readers of the
// fake tree never see half a number. Does nothing where the temporary file cannot be opened (the tree is gone).
void write_sysfs_file(const std::filesystem::path& p, const std::string& text);

// Calls refresh() hz times a second on its own thread, from start() until destroyed. Declare it
// as the driver's last member: it stops and joins before the state refresh() touches goes.
class RefreshThread {
 public:
  RefreshThread() = default;
  ~RefreshThread();
  RefreshThread(const RefreshThread&) = delete;
  RefreshThread& operator=(const RefreshThread&) = delete;
  // Called once, after the driver's first refresh: the thread sleeps a period before each call.
  void start(double hz, std::function<void()> refresh);

 private:
  std::atomic<bool> m_running{true};
  std::thread m_thread;
};

}  // namespace wb::sim
