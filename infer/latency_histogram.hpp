// Latencies in fixed memory: log-spaced buckets 0.1 % wide from 100 ns to 1000 s (about 16 000
// counters, 128 KiB), so a run of any length keeps the same memory; the mean is exact, the
// percentiles within 0.1 % of the true value.
#pragma once
#include <cmath>
#include <cstdint>
#include <vector>

namespace wb::infer {

class LatencyHistogram {
 public:
  LatencyHistogram() : m_counts(kBuckets, 0) {}
  void add(std::int64_t ns) {
    double x = static_cast<double>(ns < kMinNs ? kMinNs : ns);
    auto b = static_cast<std::size_t>(std::log(x / kMinNs) / kLogStep);
    ++m_counts[b < kBuckets ? b : kBuckets - 1];
    ++m_n;
    m_sum_ns += static_cast<double>(ns);
    if (ns > m_max_ns) m_max_ns = ns;
  }
  std::uint64_t count() const { return m_n; }
  double mean_ms() const { return m_n ? m_sum_ns / static_cast<double>(m_n) / 1e6 : NAN; }
  double max_ms() const { return m_n ? static_cast<double>(m_max_ns) / 1e6 : NAN; }
  // The p-th percentile (0..100), nearest rank, at its bucket's geometric centre.
  double percentile_ms(double p) const {
    if (!m_n) return NAN;
    auto rank = static_cast<std::uint64_t>(std::ceil(p / 100.0 * static_cast<double>(m_n)));
    if (rank < 1) rank = 1;
    std::uint64_t seen = 0;
    for (std::size_t b = 0; b < kBuckets; ++b) {
      seen += m_counts[b];
      if (seen >= rank) return kMinNs * std::exp((static_cast<double>(b) + 0.5) * kLogStep) / 1e6;
    }
    return max_ms();
  }

 private:
  static constexpr double kMinNs = 100.0;
  static constexpr double kLogStep = 0.001;       // ln(1.001): 0.1 % per bucket
  static constexpr std::size_t kBuckets = 16119;  // ln(1e12 / 100) / ln(1.001): up to 1000 s
  std::vector<std::uint64_t> m_counts;
  std::uint64_t m_n = 0;
  double m_sum_ns = 0;
  std::int64_t m_max_ns = 0;
};

}  // namespace wb::infer
