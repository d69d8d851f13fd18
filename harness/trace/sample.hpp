// Sample records shared by probes, the sampler, the trace files and the analysis.
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace wb {

// A missing or invalid reading is NaN in memory and an empty cell on disk, never 0.
inline constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
inline bool is_present(double v) { return !std::isnan(v); }

enum class Quantity { power, energy, voltage, current, charge, temperature, other };
const char* quantity_name(Quantity q);

// What one reading of a meter is (issue 17): the value at its instant, the mean over a span
// that ends at its time stamp (an INA's averaging, NVML power on Ampere and later), or a
// running total (INA228 ENERGY, RAPL energy_uj). The analysis centres averaged readings on
// their span and widens the uncertainty by the smear; see harness/analysis/meter_edges.hpp.
enum class MeterKind { instantaneous, averaged, accumulator };
const char* meter_kind_name(MeterKind k);
std::optional<MeterKind> meter_kind_from_name(const std::string& s);

struct MeterInfo {
  MeterKind kind = MeterKind::instantaneous;
  double window_s = 0;   // averaged: the span one reading covers, ending at its time stamp
  std::string basis;     // where that comes from: the chip setting, the vendor's doc, the config
  bool centred = false;  // averaged: the probe already stamps the span's middle (PTD), no shift
};

struct ChannelInfo {
  std::string name;  // e.g. "power_w"; full name is "<probe>.<name>"
  std::string unit;  // "W", "J", "V", "A", "C", "degC"
  Quantity quantity = Quantity::other;
  MeterInfo meter{};
  // What the instrument can read on this channel (e.g. an analyzer's range, no negative power on
  // a load); a value outside is flagged as a sentinel and kept out of figures. Unset: no bound.
  std::optional<double> plausible_min{}, plausible_max{};
};

struct ProbeInfo {
  std::string name;   // config name, e.g. "m2_3v3"
  std::string kind;   // "ina228", ...
  std::string rail;   // e.g. "M.2 3.3 V"
  std::string scope;  // m2-rail | board | npu-silicon | soc | host
  std::string transport;
  double rate_hz = 0;
  std::vector<ChannelInfo> channels;
  // Index of the channel holding a monotonically growing hardware energy count, or -1.
  int energy_channel = -1;
  int power_channel = -1;
  std::vector<int> temperature_channels;
  std::optional<double> accuracy_pct;  // stated accuracy of the power reading, if any
  // Index of a channel holding the instrument's own uncertainty of each power sample (in %),
  // or -1; where present it replaces accuracy_pct in the summary's uncertainty.
  int uncertainty_channel = -1;
  double uncertainty_limit_pct = 0;  // samples above it are counted in a warning (0: none)
  // Batched probes (an analyzer logging at its own period): how often to fetch new samples.
  double poll_hz = 0;
  std::string instrument;  // the instrument's own identification (PTDaemon's Identify), if it gives one
  // What the probe found out while running (e.g. samples the instrument logged but never sent).
  std::vector<std::string> warnings;
};

// Sample flags: why values in a sample may be unusable.
enum SampleFlag : std::uint32_t {
  kFlagReadError = 1u << 0,  // the read failed; values are missing
  kFlagOverflow = 1u << 1,   // math/energy overflow reported by the device
  kFlagStale = 1u << 2,      // the device had no new conversion since the last read
  kFlagRestart = 1u << 3,    // first sample after a reconnect: hardware accumulators restarted
  kFlagSentinel = 1u << 4,  // a value no sensor can read (harness/trace/sentinel.hpp): kept on disk, masked in analysis
};

struct Sample {
  double t_s = 0;  // seconds since the run's t0 on the shared steady clock
  std::vector<double> values;
  std::uint32_t flags = 0;
  std::string error;  // set with kFlagReadError
};

}  // namespace wb
