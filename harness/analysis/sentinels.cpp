// Masking and counting sentinel readings (the rule itself: harness/trace/sentinel.hpp).
#include "harness/analysis/sentinels.hpp"

#include <fmt/format.h>

#include "harness/trace/sentinel.hpp"

namespace wb {

SentinelScreen::SentinelScreen(const ProbeInfo& info) : m_info(info), m_counts(info.channels.size()) {
  for (std::size_t i = 0; i < m_counts.size(); ++i) m_counts[i].channel = info.name + "." + info.channels[i].name;
}

const Sample& SentinelScreen::screen(const Sample& s) {
  // Traces written before the flag existed are screened too: the rule, not the flag, decides.
  bool copied = false;
  for (std::size_t i = 0; i < s.values.size() && i < m_counts.size(); ++i) {
    const char* why = sentinel_reason(m_info.channels[i], s.values[i]);
    if (!why) continue;
    auto& c = m_counts[i];
    if (c.count++ == 0) {
      c.why = why;
      c.first_t_s = s.t_s;
      c.first_value = s.values[i];
    }
    if (!copied) {
      m_masked = s;
      copied = true;
    }
    m_masked.values[i] = kMissing;
  }
  return copied ? m_masked : s;
}

std::vector<SentinelCount> SentinelScreen::counts() const {
  std::vector<SentinelCount> out;
  for (const auto& c : m_counts)
    if (c.count) out.push_back(c);
  return out;
}

std::string sentinel_warning(const SentinelCount& c) {
  return fmt::format("{}: {} sentinel reading(s) flagged, not averaged; first at t = {:.3f} s: {:g} ({})", c.channel,
                     c.count, c.first_t_s, c.first_value, c.why);
}

}  // namespace wb
