// Min/max downsampling.
#include "harness/trace/downsample.hpp"

#include <algorithm>

namespace wb {

MinMaxDownsampler::MinMaxDownsampler(double t0, double t1, int columns)
    : m_t0(t0), m_t1(t1 > t0 ? t1 : t0 + 1e-9), m_buckets(static_cast<std::size_t>(std::max(columns, 1))) {}

void MinMaxDownsampler::add(double t, double v) {
  if (!is_present(v) || t < m_t0 || t > m_t1) return;
  auto i = static_cast<std::size_t>((t - m_t0) / (m_t1 - m_t0) * static_cast<double>(m_buckets.size()));
  auto& b = m_buckets[std::min(i, m_buckets.size() - 1)];
  if (!b.used) {
    b = {true, t, v, t, v};
    return;
  }
  if (v < b.v_min) {
    b.v_min = v;
    b.t_min = t;
  }
  if (v > b.v_max) {
    b.v_max = v;
    b.t_max = t;
  }
}

std::vector<PlotPoint> MinMaxDownsampler::points() const {
  std::vector<PlotPoint> out;
  out.reserve(m_buckets.size() * 2);
  for (const auto& b : m_buckets) {
    if (!b.used) continue;
    if (b.t_min <= b.t_max) {
      out.push_back({b.t_min, b.v_min});
      if (b.t_max != b.t_min) out.push_back({b.t_max, b.v_max});
    } else {
      out.push_back({b.t_max, b.v_max});
      out.push_back({b.t_min, b.v_min});
    }
  }
  return out;
}

TracePlotData::TracePlotData(double t0, double t1, std::size_t samples) {
  if (samples > kFullResolutionMax)
    m_columns.emplace(t0, t1, kZoomColumns);
  else
    m_all.reserve(samples);
}

void TracePlotData::add(double t, double v) {
  if (m_columns)
    m_columns->add(t, v);
  else if (is_present(v))
    m_all.push_back({t, v});
}

std::vector<PlotPoint> TracePlotData::points() const { return m_columns ? m_columns->points() : m_all; }

std::vector<PlotPoint> downsample(const std::vector<Sample>& samples, int channel, int columns) {
  if (samples.empty() || channel < 0) return {};
  MinMaxDownsampler d(samples.front().t_s, samples.back().t_s, columns);
  for (const auto& s : samples)
    if (!(s.flags & (kFlagReadError | kFlagOverflow | kFlagSentinel)) &&
        static_cast<std::size_t>(channel) < s.values.size())
      d.add(s.t_s, s.values[static_cast<std::size_t>(channel)]);
  return d.points();
}

}  // namespace wb
