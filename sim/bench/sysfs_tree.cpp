#include "sim/bench/sysfs_tree.hpp"

#include <chrono>
#include <cstdio>

namespace wb::sim {

namespace fs = std::filesystem;

void write_sysfs_file(const fs::path& p, const std::string& text) {
  fs::path tmp = p;
  tmp += ".new";
  if (std::FILE* f = std::fopen(tmp.c_str(), "w")) {
    std::fputs(text.c_str(), f);
    std::fclose(f);
    fs::rename(tmp, p);
  }
}

void RefreshThread::start(double hz, std::function<void()> refresh) {
  m_thread = std::thread([this, hz, refresh = std::move(refresh)] {
    auto period = std::chrono::duration<double>(1.0 / hz);
    while (m_running) {
      std::this_thread::sleep_for(period);
      refresh();
    }
  });
}

RefreshThread::~RefreshThread() {
  m_running = false;
  if (m_thread.joinable()) m_thread.join();
}

}  // namespace wb::sim
