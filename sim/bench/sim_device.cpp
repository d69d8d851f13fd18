// The simulated card's wedge state and kernel log.
#include "sim/bench/sim_device.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "sim/bench/sim_state.hpp"

namespace wb::sim {

namespace fs = std::filesystem;

namespace {
fs::path device_dir() {
  const char* d = std::getenv(kDeviceEnv);
  return d && *d ? fs::path(d) : fs::path();
}
long read_count(const fs::path& p) {
  std::ifstream in(p);
  long n = 0;
  in >> n;
  return n;
}
}  // namespace

void log_kernel(const std::string& text, int level) {
  const char* path = std::getenv(kKmsgEnv);
  if (!path || !*path || text.empty()) return;
  std::string rec = std::to_string(level) + ",0," + std::to_string(static_cast<long long>(steady_now_s() * 1e6)) +
                    ",-;" + text + "\n";
  // One write with O_APPEND: a record is never torn by another writer.
  int fd = ::open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  [[maybe_unused]] auto n = ::write(fd, rec.data(), rec.size());
  ::close(fd);
}

void open_device(const SimParams& p) {
  fs::path dir = device_dir();
  if (dir.empty()) return;
  fs::create_directories(dir);
  log_kernel(p.kernel_line, 4);
  long runs = read_count(dir / "runs") + 1;
  std::ofstream(dir / "runs", std::ios::trunc) << runs << "\n";
  bool wedged = fs::exists(dir / "wedged");
  if (!wedged && p.wedge_after_runs >= 0 && runs > static_cast<long>(p.wedge_after_runs)) {
    std::ofstream(dir / "wedged") << (p.wedge_recoverable > 0 ? "recoverable" : "stuck") << "\n";
    log_kernel(p.wedge_kernel_line, 3);
    wedged = true;
  }
  if (!wedged) return;
  if (p.wedge_mode == "hang") {
    std::fprintf(stderr, "waiting for the device…\n");
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  std::fprintf(stderr, "%s\n", p.wedge_error.c_str());
  std::exit(1);
}

bool device_healthy(std::string& why) {
  fs::path dir = device_dir();
  if (!dir.empty() && fs::exists(dir / "wedged")) {
    why = "device 0: not responding (no answer to the firmware status request)";
    return false;
  }
  why = "device 0: ok";
  return true;
}

bool recover_device(std::string& why) {
  fs::path dir = device_dir();
  if (dir.empty() || !fs::exists(dir / "wedged")) {
    why = "device 0: nothing to recover";
    return true;
  }
  std::string kind;
  std::ifstream(dir / "wedged") >> kind;
  if (kind != "recoverable") {
    why = "device 0: reset sent, the device did not come back";
    return false;
  }
  fs::remove(dir / "wedged");
  std::ofstream(dir / "runs", std::ios::trunc) << 0 << "\n";
  why = "device 0: reset, back";
  return true;
}

}  // namespace wb::sim
