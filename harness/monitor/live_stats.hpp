// Running per-channel statistics for the live monitor (value, min / mean / max since start,
// achieved rate, a history of per-refresh means) and the sparkline that draws that history.
// Pure: fed samples by the caller, no clocks or threads.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "harness/trace/sample.hpp"

namespace wb {

class ChannelStats {
 public:
  static constexpr std::size_t kHistory = 512;  // wider than any terminal's sparkline column
  void add(double v);                           // absent values (NaN) are skipped: they are not zeros
  // Ends one refresh: the mean of the values added since the last call joins the history
  // (with none: the last value, or NaN before the first).
  void close_tick();
  std::optional<double> last() const { return m_last; }
  std::optional<double> min() const { return m_min; }
  std::optional<double> max() const { return m_max; }
  std::optional<double> mean() const;
  std::uint64_t count() const { return m_n; }
  const std::deque<double>& history() const { return m_history; }

 private:
  std::optional<double> m_last, m_min, m_max;
  double m_sum = 0;
  std::uint64_t m_n = 0;
  double m_tick_sum = 0;
  std::uint64_t m_tick_n = 0;
  std::deque<double> m_history;
};

struct ProbeStats {
  explicit ProbeStats(ProbeInfo probe_info);
  void add(const Sample& s);
  void close_tick();
  // Samples per second since the first sample, from acquisition stamps; empty before two.
  std::optional<double> rate_hz() const;

  ProbeInfo info;
  std::vector<ChannelStats> channels;  // one per info.channels
  std::uint64_t samples = 0, errors = 0;
  std::string last_error;  // set while the latest sample is a read error
  std::optional<double> first_t, last_t;
};

// One character per value (the last `width` of `values`), scaled to their own min..max:
// ▁▂▃▄▅▆▇█ in UTF-8, "_.-~=+*#" otherwise; a missing value is a space, a flat line sits mid-height.
// Right-aligned: fewer values than `width` leave spaces on the left.
std::string sparkline(std::span<const double> values, std::size_t width, bool utf8);
std::string sparkline(const std::deque<double>& values, std::size_t width, bool utf8);

}  // namespace wb
