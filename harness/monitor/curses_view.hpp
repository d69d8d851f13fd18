// The live monitor's full-screen view (ncurses) and the board of running statistics it
// draws, fed from the probes' own sampler threads. curses.h stays inside curses_view.cpp.
#pragma once
#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <vector>

#include "harness/monitor/live_stats.hpp"
#include "harness/monitor/screen_layout.hpp"

namespace wb {

// Thread-safe: samplers add, the view takes a snapshot per refresh.
class LiveBoard {
 public:
  explicit LiveBoard(const std::vector<ProbeInfo>& probes);
  void add(std::size_t probe, const Sample& s);
  // Closes the refresh (each channel's history gains one point) and copies the board.
  std::vector<ProbeStats> tick();

 private:
  std::mutex m_mutex;
  std::vector<ProbeStats> m_probes;
};

struct CursesViewOptions {
  MonitorScreen screen;  // title and note; elapsed and utf8 are filled in by the view
  std::chrono::steady_clock::time_point t0;
  double duration_s = 0;  // 0: until q or stop
  const std::atomic<bool>* stop = nullptr;
};

// Runs until q, Ctrl-C (stop), or the duration; the terminal is restored on every exit,
// exceptions included. Returns false, having drawn nothing, when the terminal cannot be opened.
bool run_curses_view(LiveBoard& board, const CursesViewOptions& opt);

}  // namespace wb
