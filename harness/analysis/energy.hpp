// Energy and mean power over a time window from a probe's samples. Pure functions.
#pragma once
#include <algorithm>
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
  std::optional<double> energy_j;            // preferred figure
  std::optional<double> mean_power_w;        // energy / window length
  std::string method;                        // "accumulator" (interpolated at the edges) or "trapezoid"
  std::optional<double> trapezoid_energy_j;  // cross-check from the power channel
  std::size_t samples = 0;                   // samples inside the window
  std::size_t invalid_samples = 0;           // read errors or overflow inside the window
  std::optional<double> sample_rate_hz;      // achieved, inside the window
  std::optional<double> fresh_rate_hz;       // reads that carried a new conversion, per second
  std::optional<double> max_gap_s;
  std::optional<double> sampling_se_pct;  // standard error of the mean power from the samples (trapezoid only)
  double gap_s = 0;  // time inside the window in gaps between valid samples longer than max(10 periods, 20 ms)
  // Accumulator vs trapezoid, where both exist (the rule: energy_invalid_bound_pct).
  std::optional<double> disagreement_pct;  // (accumulator − trapezoid) / trapezoid
  double agreement_bound_pct = 0;          // U: what the two may differ by for stated reasons
  std::string agreement_detail;            // U's parts, for the warning or the invalid reason
  std::string problem;                     // why there is no figure, when there is none
  // An averaged power meter: its readings were centred on their span (harness/analysis/meter_edges.hpp)
  // and what the edges may still be off by, as a share of the window's energy (trapezoid or cross-check).
  std::optional<double> edge_smear_pct;
};

// The accumulator and the trapezoid measure the same energy; they may differ by
//   U = the probe's stated accuracy (0 when not stated)
//     + the trapezoid's edge error: one sample period of power at each edge, (|P0|+|P1|)·T / E
//     + twice the sampling standard error of the mean power (about 95 %).
// Beyond U the run gets a warning; beyond kEnergyInvalidFactor·U (and at least U + 1 point)
// it is invalid: a misread ENERGY register or a broken trace, not measurement noise.
inline constexpr double kEnergyInvalidFactor = 3;
double energy_invalid_bound_pct(double bound_pct);

// Linear interpolation of channel `ch` at time t from the nearest valid samples around it.
std::optional<double> interpolate_at(const std::vector<Sample>& samples, int ch, double t);

WindowEnergy window_energy(const std::vector<Sample>& samples, const ProbeInfo& info, const Window& w);

// The same integration over a stream: feed samples in time order, then result(). Memory is
// constant in the trace's length, so several windows can be integrated in one pass over a
// file of any size.
class WindowAccumulator {
 public:
  WindowAccumulator(const ProbeInfo& info, Window w);
  void add(const Sample& s);
  WindowEnergy result() const;

 private:
  struct Edge {  // interpolation of one channel at one window edge
    bool have_before = false, done = false;
    double t_before = 0, v_before = 0, value = 0;
    void feed(double t, double v, double edge);
    std::optional<double> get() const { return done ? std::optional<double>(value) : std::nullopt; }
  };
  ProbeInfo m_info;
  Window m_w;
  Edge m_p0, m_p1, m_e0, m_e1;
  // An averaged power meter: readings are centred (t − shift); their spread around each edge.
  double m_shift = 0;
  double m_lo0 = 0, m_hi0 = 0, m_lo1 = 0, m_hi1 = 0;
  bool m_have0 = false, m_have1 = false;
  // Trapezoid over the power samples strictly inside the window.
  bool m_have_inside = false, m_restarted = false;
  double m_last_t = 0, m_last_p = 0, m_first_t = 0, m_first_p = 0, m_trapezoid_inside = 0;
  double m_sum_p = 0, m_sum_p2 = 0;
  std::size_t m_n_p = 0;
  // Coverage
  std::size_t m_samples = 0, m_invalid = 0, m_fresh = 0, m_timed = 0;
  double m_prev_valid_t, m_first_time = -1, m_last_time = -1, m_max_gap = 0, m_gap = 0, m_gap_threshold;
};

// First, last and highest temperature over a window, fed in time order.
struct TemperatureSpan {
  std::optional<double> start_c, end_c, max_c;
  void add(double c) {
    if (!start_c) start_c = c;
    end_c = c;
    max_c = max_c ? std::max(*max_c, c) : c;
  }
};

}  // namespace wb
