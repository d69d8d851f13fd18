// FPS, power, temperatures and clocks over time slices of the window; cold (the window's
// first seconds) vs sustained (its last seconds) figures with confidence intervals; and the
// throttling finding when FPS or a clock falls while the temperature rises.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/analysis/energy.hpp"

namespace wb {

struct SustainedConfig;
struct ProgressPoint;

struct SliceFigures {
  double start_s = 0, end_s = 0;  // run clock
  std::optional<double> fps, power_w, energy_j, fps_per_w;
  std::map<std::string, double> temps_c;     // "<probe>.<channel>" -> mean over the slice
  std::map<std::string, double> clocks_mhz;  // the same for clock channels
};

struct SpanFigures {
  double start_s = 0, end_s = 0;
  std::optional<double> fps, power_w, fps_per_w;
  // Half-width of the 95 % confidence interval in percent, from the spread of 1 s bins.
  std::optional<double> fps_ci_pct, power_ci_pct, fps_per_w_ci_pct;
  std::optional<double> temp_c;  // the hottest channel's mean over the span
};

struct ThrottleFinding {
  bool thermal = false;  // the temperature rose before the fall
  double start_s = 0;    // run clock: the first 1 s bin clearly below cold
  double start_into_window_s = 0;
  std::optional<double> fps_drop_pct, clock_drop_pct;
  std::optional<double> temp_rise_c;  // hottest channel, cold span to the onset
  std::string clock_channel, temp_channel;
  std::string text;  // one line for the reports
};

struct TimeSlices {
  double slice_s = 0;
  std::vector<SliceFigures> slices;
  std::optional<SpanFigures> cold, sustained;
  std::optional<ThrottleFinding> throttling;
  std::string fps_source;  // how FPS per slice was found, or why it is missing
};

// Collects samples into 1 s bins over the window; finish() builds slices, spans and the finding.
class SliceAccumulator {
 public:
  SliceAccumulator(const Window& w, const SustainedConfig& cfg);
  // `rail`: a power channel counted in the headline power (several rails are summed).
  void add_power(const std::string& rail, double t_s, double watts);
  void add_temperature(const std::string& channel, double t_s, double celsius);
  void add_clock(const std::string& channel, double t_s, double mhz);
  // progress: the tool's cumulative frames (empty: no FPS per slice); total_frames: the tool's
  // count over the whole window, which pins its end.
  TimeSlices finish(const std::vector<ProgressPoint>& progress, std::optional<double> total_frames,
                    const std::string& progress_tool) const;

 private:
  struct Bin {
    double sum = 0;
    std::size_t n = 0;
  };
  using Bins = std::vector<Bin>;
  std::optional<std::size_t> bin_of(double t_s) const;
  static void add(std::map<std::string, Bins>& to, std::size_t bins, const std::string& key, std::size_t i, double v);

  Window m_window;
  double m_slice_s, m_cold_s, m_sustained_s, m_throttle_pct;
  double m_bin_s;
  std::size_t m_bins;
  std::map<std::string, Bins> m_power, m_temp, m_clock;
};

}  // namespace wb
