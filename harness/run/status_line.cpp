// Status line rendering.
#include "harness/run/status_line.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include "harness/util/printable.hpp"

namespace wb {

StatusLine::StatusLine(bool tty, std::function<LiveReading()> reading) : m_tty(tty), m_reading(std::move(reading)) {}

StatusLine::~StatusLine() { stop(); }

void StatusLine::start() {
  m_running = true;
  m_thread = std::thread([this] { loop(); });
}

void StatusLine::stop() {
  if (!m_thread.joinable()) return;
  m_running = false;
  m_thread.join();
  if (m_tty) {
    std::fputs("\r\033[K", stdout);
    std::fflush(stdout);
  }
}

std::string phase_time_text(double elapsed_s, double expected_s) {
  if (!(expected_s > 0)) return fmt::format("{:.1f} s", elapsed_s);
  if (elapsed_s <= expected_s)
    return fmt::format("{:.1f}/{:.1f} s, ~{:.0f} s left", elapsed_s, expected_s, std::ceil(expected_s - elapsed_s));
  return fmt::format("{:.1f}/{:.1f} s, +{:.1f} s over", elapsed_s, expected_s, elapsed_s - expected_s);
}

std::string StatusLine::render() {
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_phase_start).count();
  std::string time = phase_time_text(elapsed, m_expected_s);
  LiveReading r = m_reading ? m_reading() : LiveReading{};
  std::string watts = r.watts ? fmt::format("{:.3f} W", *r.watts) : "— W";
  return fmt::format("[{}] {:<8} {}  ·  {}  ·  {:.0f} Hz", m_prefix, m_phase, time, watts, r.rate_hz);
}

void StatusLine::phase(const std::string& prefix, const std::string& name, double expected_s) {
  std::lock_guard lock(m_mutex);
  m_prefix = printable(prefix);  // variant ids come from the config
  m_phase = name;
  m_expected_s = expected_s;
  m_phase_start = std::chrono::steady_clock::now();
  if (!m_tty) {
    std::printf("[%s] %s%s\n", m_prefix.c_str(), name.c_str(),
                expected_s > 0 ? fmt::format(" (~{:.1f} s)", expected_s).c_str() : "");
    std::fflush(stdout);
    m_last_plain = m_phase_start;
  }
}

void StatusLine::log(const std::string& line) {
  std::lock_guard lock(m_mutex);
  if (m_tty) std::fputs("\r\033[K", stdout);
  std::printf("%s\n", printable(line).c_str());  // a tool's text must not drive the terminal
  std::fflush(stdout);
}

void StatusLine::loop() {
  while (m_running) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::lock_guard lock(m_mutex);
    if (m_phase.empty()) continue;
    if (m_tty) {
      std::printf("\r\033[K%s", render().c_str());
      std::fflush(stdout);
    } else if (std::chrono::steady_clock::now() - m_last_plain > std::chrono::seconds(5)) {
      std::printf("%s\n", render().c_str());
      std::fflush(stdout);
      m_last_plain = std::chrono::steady_clock::now();
    }
  }
}

}  // namespace wb
