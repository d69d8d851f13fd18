// Energy and mean power over a time window from a probe's samples. Pure functions.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "harness/trace/sample.hpp"

namespace wb {

struct Window {
  double start_s = 0, end_s = 0;
  std::string source;  // markers | reported-duration | lifetime
  std::string detail;  // how it was derived, for the summary
  double length() const { return end_s - start_s; }
};

struct WindowEnergy {
  std::optional<double> energy_j;      // preferred figure
  std::optional<double> mean_power_w;  // energy / window length
  std::string method;                  // "accumulator" (interpolated at the edges) or "trapezoid"
  std::optional<double> trapezoid_energy_j;  // cross-check from the power channel
  std::size_t samples = 0;                   // samples inside the window
  std::size_t invalid_samples = 0;           // read errors or overflow inside the window
  std::optional<double> sample_rate_hz;      // achieved, inside the window
  std::optional<double> fresh_rate_hz;       // reads that carried a new conversion, per second
  std::optional<double> max_gap_s;
  double gap_s = 0;  // time inside the window in gaps between valid samples longer than max(10 periods, 20 ms)
  std::string problem;  // why there is no figure, when there is none
};

// Linear interpolation of channel `ch` at time t from the nearest valid samples around it.
std::optional<double> interpolate_at(const std::vector<Sample>& samples, int ch, double t);

WindowEnergy window_energy(const std::vector<Sample>& samples, const ProbeInfo& info, const Window& w);

struct TemperatureSpan {
  std::optional<double> start_c, end_c, max_c;
};
TemperatureSpan temperature_span(const std::vector<Sample>& samples, int ch, const Window& w);

}  // namespace wb
