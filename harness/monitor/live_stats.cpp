// Running statistics and sparklines for the live monitor.
#include "harness/monitor/live_stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace wb {

void ChannelStats::add(double v) {
  if (!is_present(v)) return;
  m_last = v;
  m_min = m_min ? std::min(*m_min, v) : v;
  m_max = m_max ? std::max(*m_max, v) : v;
  m_sum += v;
  ++m_n;
  m_tick_sum += v;
  ++m_tick_n;
}

void ChannelStats::close_tick() {
  // A probe slower than the refresh holds its last value in between; gaps only before the first.
  if (m_tick_n)
    m_history.push_back(m_tick_sum / static_cast<double>(m_tick_n));
  else
    m_history.push_back(m_last ? *m_last : std::numeric_limits<double>::quiet_NaN());
  if (m_history.size() > kHistory) m_history.pop_front();
  m_tick_sum = 0;
  m_tick_n = 0;
}

std::optional<double> ChannelStats::mean() const {
  if (m_n == 0) return std::nullopt;
  return m_sum / static_cast<double>(m_n);
}

ProbeStats::ProbeStats(ProbeInfo probe_info) : info(std::move(probe_info)), channels(info.channels.size()) {}

void ProbeStats::add(const Sample& s) {
  ++samples;
  first_t = first_t ? std::min(*first_t, s.t_s) : s.t_s;
  last_t = last_t ? std::max(*last_t, s.t_s) : s.t_s;
  if (s.flags & kFlagReadError) {
    ++errors;
    last_error = s.error.empty() ? "read error" : s.error;
    return;
  }
  last_error.clear();
  for (std::size_t i = 0; i < channels.size() && i < s.values.size(); ++i) channels[i].add(s.values[i]);
}

void ProbeStats::close_tick() {
  for (auto& c : channels) c.close_tick();
}

std::optional<double> ProbeStats::rate_hz() const {
  if (samples < 2 || !first_t || !last_t || *last_t <= *first_t) return std::nullopt;
  return static_cast<double>(samples - 1) / (*last_t - *first_t);
}

std::string sparkline(std::span<const double> values, std::size_t width, bool utf8) {
  static constexpr const char* kBlocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  static constexpr const char kAscii[] = "_.-~=+*#";
  auto shown = values.size() > width ? values.subspan(values.size() - width) : values;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (double v : shown)
    if (is_present(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  std::string out(width - shown.size(), ' ');
  for (double v : shown) {
    int level = 0;
    if (!is_present(v)) {
      out += ' ';
      continue;
    }
    if (hi > lo)
      level = std::clamp(static_cast<int>(std::floor((v - lo) / (hi - lo) * 8)), 0, 7);
    else
      level = 3;  // a flat signal: mid-height, so it reads as "steady", not "zero"
    if (utf8)
      out += kBlocks[level];
    else
      out += kAscii[level];
  }
  return out;
}

std::string sparkline(const std::deque<double>& values, std::size_t width, bool utf8) {
  std::size_t n = std::min(values.size(), width);
  std::vector<double> tail(values.end() - static_cast<std::ptrdiff_t>(n), values.end());
  return sparkline(std::span<const double>(tail), width, utf8);
}

}  // namespace wb
