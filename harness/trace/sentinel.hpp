// Sentinel readings: values no sensor can have, which drivers and firmware return for an
// unread or invalid register (a temperature of 65262 °C, 0.0 W from an INA overflow, NVML's
// all-ones "not available"). Pure, so the sampler flags them and the analysis masks them by
// one rule, also when it re-reads an old trace.
#pragma once
#include <cmath>

#include "harness/trace/sample.hpp"

namespace wb {

// Plausible ranges, from the field's own practice (shared/reference/field-anchors.md,
// mb-benchmark-gui: "treat temperatures outside -40…150 °C as sentinels"; "0.0 W is an INA228
// overflow signal").
inline constexpr double kMinPlausibleTempC = -40, kMaxPlausibleTempC = 150;
// An edge card draws tens of watts; 100 kW is an all-ones register (NVML's 0xFFFFFFFF mW is 4.29 MW).
inline constexpr double kMaxPlausiblePowerW = 1e5;

// Why `v` on channel `ch` cannot be a reading, or nullptr when it can. A missing value (NaN) is
// no sentinel: it is already missing (an INA228 probe leaves its registers' zeros before the first
// conversion missing). A repeated sentinel (a stale sample) is still one.
inline const char* sentinel_reason(const ChannelInfo& ch, double v) {
  if (!is_present(v)) return nullptr;
  if (!std::isfinite(v)) return "not a finite number";
  if (ch.quantity == Quantity::temperature && (v < kMinPlausibleTempC || v > kMaxPlausibleTempC))
    return "temperature outside -40…150 °C (an unread or invalid sensor register)";
  if (ch.plausible_min && v < *ch.plausible_min)
    return ch.quantity == Quantity::power ? "negative power on a load (not a reading a load can give)"
                                          : "below what the instrument can read on this channel";
  if (ch.plausible_max && v > *ch.plausible_max) return "beyond the instrument's measuring range on this channel";
  if (ch.quantity == Quantity::power) {
    if (v == 0.0) return "exactly 0.0 W (what an INA power monitor reads on an overflow)";
    if (std::abs(v) > kMaxPlausiblePowerW) return "beyond 100 kW (an all-ones register, e.g. NVML's 'not available')";
  }
  return nullptr;
}

// True when any value of `s` is a sentinel for its channel.
inline bool has_sentinel(const ProbeInfo& info, const Sample& s) {
  for (std::size_t i = 0; i < s.values.size() && i < info.channels.size(); ++i)
    if (sentinel_reason(info.channels[i], s.values[i])) return true;
  return false;
}

}  // namespace wb
