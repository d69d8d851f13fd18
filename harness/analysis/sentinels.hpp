// Sentinel readings in a probe trace: masked (missing) before any mean, energy or temperature
// span sees them, counted per channel with the first time and value, and reported.
#pragma once
#include <string>
#include <vector>

#include "harness/trace/sample.hpp"

namespace wb {

struct SentinelCount {
  std::string channel;  // probe.channel
  std::string why;      // harness/trace/sentinel.hpp's reason for the first one
  std::size_t count = 0;
  double first_t_s = 0, first_value = 0;
};

class SentinelScreen {
 public:
  explicit SentinelScreen(const ProbeInfo& info);
  // The sample to analyse: `s` itself when it holds no sentinel, else a copy with those values
  // missing (valid until the next call).
  const Sample& screen(const Sample& s);
  // Channels with at least one sentinel, in channel order.
  std::vector<SentinelCount> counts() const;

 private:
  const ProbeInfo& m_info;
  std::vector<SentinelCount> m_counts;  // one per channel
  Sample m_masked;
};

// "probe m2_3v3: 3 sentinel readings of m2_3v3.die_temp_c (65262, …) flagged, not averaged; first at t = 2.125 s"
std::string sentinel_warning(const SentinelCount& c);

}  // namespace wb
