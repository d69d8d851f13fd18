// The kernel log over a run: read on its own thread from /dev/kmsg, else `journalctl -k -f`
// (when dmesg_restrict keeps /dev/kmsg closed), or a file (the simulated bench's fake driver
// log), and written as lines arrive to <run>/kernel.log ("t_s<TAB>level<TAB>text", run clock);
// <run>/kernel-log.json says where it came from, or why there is none. A missing kernel log
// never fails a run.
#pragma once
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "harness/config/health_config.hpp"
#include "harness/report/run_health.hpp"

namespace wb {

class KernelLogCapture {
 public:
  // Starts capturing (nothing for source off).
  KernelLogCapture(const KernelLogConfig& cfg, const std::filesystem::path& results_dir,
                   const std::filesystem::path& run_dir, std::chrono::steady_clock::time_point t0);
  ~KernelLogCapture();
  KernelLogCapture(const KernelLogCapture&) = delete;
  KernelLogCapture& operator=(const KernelLogCapture&) = delete;
  // Stops, takes what is left and writes kernel-log.json again with the line count.
  void stop();

 private:
  void write_record(const KernelRecord& r);
  void write_meta();
  void read_fd_loop(int fd, bool kmsg);
  void journal_loop();

  std::filesystem::path m_run_dir;
  double m_t0_s;
  std::chrono::steady_clock::time_point m_t0;
  KernelCapture m_meta;
  std::mutex m_mutex;
  std::ofstream m_out;
  std::atomic<bool> m_stop{false};
  std::thread m_thread;
  int m_fd = -1;
};

// The file of a `file:` source: a relative path is in the results folder.
std::filesystem::path kernel_log_file(const KernelLogConfig& cfg, const std::filesystem::path& results_dir);

// A run folder's capture with its findings; nullopt when the run has none (source off, or a
// run that never started).
std::optional<KernelCapture> read_kernel_capture(const std::filesystem::path& run_dir,
                                                 const std::vector<KernelPattern>& patterns);

}  // namespace wb
