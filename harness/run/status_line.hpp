// Live progress while a run goes on: a redrawn status line on a terminal, plain log lines
// (on phase changes and every few seconds) otherwise.
#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace wb {

struct LiveReading {
  std::optional<double> watts;
  double rate_hz = 0;
};

// A phase's time for the status line: "3.2/5.0 s, ~2 s left" while within its expected time,
// "5.1/3.0 s, +2.1 s over" past it (a tool outlasting its -t counts up, not "~0 s left"), and
// plain "3.2 s" when nothing is expected.
std::string phase_time_text(double elapsed_s, double expected_s);

class StatusLine {
 public:
  // reading(): polled for live watts and sample rate.
  StatusLine(bool tty, std::function<LiveReading()> reading);
  ~StatusLine();
  void start();
  void stop();
  // prefix: e.g. "run 1/3"; expected_s: planned phase length (0 = unknown).
  void phase(const std::string& prefix, const std::string& name, double expected_s);
  // Prints a line above the status line.
  void log(const std::string& line);

 private:
  void loop();
  std::string render();
  bool m_tty;
  std::function<LiveReading()> m_reading;
  std::thread m_thread;
  std::atomic<bool> m_running{false};
  std::mutex m_mutex;
  std::string m_prefix, m_phase;
  double m_expected_s = 0;
  std::chrono::steady_clock::time_point m_phase_start;
  std::chrono::steady_clock::time_point m_last_plain;
};

}  // namespace wb
