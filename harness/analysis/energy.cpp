// Window integration: the INA228's ENERGY accumulator read at both edges (linear
// interpolation between the samples around each edge), else trapezoids over power.
#include "harness/analysis/energy.hpp"

#include <algorithm>
#include <cmath>

namespace wb {

namespace {
bool usable(const Sample& s, int ch) {
  return ch >= 0 && static_cast<std::size_t>(ch) < s.values.size() && is_present(s.values[static_cast<std::size_t>(ch)]) &&
         !(s.flags & (kFlagReadError | kFlagOverflow));
}
}  // namespace

std::optional<double> interpolate_at(const std::vector<Sample>& samples, int ch, double t) {
  auto it = std::lower_bound(samples.begin(), samples.end(), t, [](const Sample& s, double v) { return s.t_s < v; });
  // Nearest usable sample at or after t, and before t.
  auto after = it;
  while (after != samples.end() && !usable(*after, ch)) ++after;
  auto before = it;
  bool have_before = false;
  while (before != samples.begin()) {
    --before;
    if (usable(*before, ch)) {
      have_before = true;
      break;
    }
  }
  if (after == samples.end() || !have_before) {
    if (after != samples.end() && after->t_s == t) return after->values[static_cast<std::size_t>(ch)];
    return std::nullopt;  // t is outside the trace: no extrapolation
  }
  double t0 = before->t_s, t1 = after->t_s;
  double v0 = before->values[static_cast<std::size_t>(ch)], v1 = after->values[static_cast<std::size_t>(ch)];
  if (t1 <= t0) return v1;
  return v0 + (v1 - v0) * (t - t0) / (t1 - t0);
}

WindowEnergy window_energy(const std::vector<Sample>& samples, const ProbeInfo& info, const Window& w) {
  WindowEnergy r;
  if (!(w.end_s > w.start_s)) {
    r.problem = "empty window";
    return r;
  }
  double prev_t = w.start_s, max_gap = 0;
  // A gap is a stretch well beyond scheduling jitter: 10 sample periods, at least 20 ms.
  const double gap_threshold = std::max(0.02, info.rate_hz > 0 ? 10.0 / info.rate_hz : 0.0);
  double first_t = -1, last_t = -1;
  std::size_t n_time = 0, fresh = 0;
  for (const auto& s : samples) {
    if (s.t_s < w.start_s || s.t_s > w.end_s) continue;
    ++r.samples;
    if (s.flags & (kFlagReadError | kFlagOverflow)) {
      ++r.invalid_samples;
      continue;  // a failed read is part of a gap, not coverage
    }
    max_gap = std::max(max_gap, s.t_s - prev_t);
    if (s.t_s - prev_t > gap_threshold) r.gap_s += s.t_s - prev_t;
    prev_t = s.t_s;
    if (first_t < 0) first_t = s.t_s;
    last_t = s.t_s;
    ++n_time;
    if (!(s.flags & kFlagStale)) ++fresh;
  }
  max_gap = std::max(max_gap, w.end_s - prev_t);
  if (w.end_s - prev_t > gap_threshold) r.gap_s += w.end_s - prev_t;
  r.max_gap_s = max_gap;
  if (n_time >= 2 && last_t > first_t) r.sample_rate_hz = static_cast<double>(n_time - 1) / (last_t - first_t);
  r.fresh_rate_hz = static_cast<double>(fresh) / w.length();

  // Trapezoids over the power channel, with the edges interpolated.
  if (info.power_channel >= 0) {
    int ch = info.power_channel;
    auto p0 = interpolate_at(samples, ch, w.start_s), p1 = interpolate_at(samples, ch, w.end_s);
    if (p0 && p1) {
      double e = 0, t_prev = w.start_s, p_prev = *p0;
      for (const auto& s : samples) {
        if (s.t_s <= w.start_s || s.t_s >= w.end_s || !usable(s, ch)) continue;
        double p = s.values[static_cast<std::size_t>(ch)];
        e += 0.5 * (p + p_prev) * (s.t_s - t_prev);
        t_prev = s.t_s;
        p_prev = p;
      }
      e += 0.5 * (*p1 + p_prev) * (w.end_s - t_prev);
      r.trapezoid_energy_j = e;
    }
  }
  bool restarted = false;
  for (const auto& s : samples)
    if (s.t_s > w.start_s && s.t_s <= w.end_s && (s.flags & kFlagRestart)) restarted = true;
  if (restarted) r.problem = "the energy accumulator restarted inside the window (device reconnected)";
  if (info.energy_channel >= 0 && !restarted) {
    auto e0 = interpolate_at(samples, info.energy_channel, w.start_s);
    auto e1 = interpolate_at(samples, info.energy_channel, w.end_s);
    if (e0 && e1) {
      r.energy_j = *e1 - *e0;
      r.method = "accumulator";
    }
  }
  if (!r.energy_j && r.trapezoid_energy_j) {
    r.energy_j = r.trapezoid_energy_j;
    r.method = "trapezoid";
  }
  if (r.energy_j) r.problem.clear();
  if (!r.energy_j) {
    r.problem = "no valid power or energy samples bracket the window";
    return r;
  }
  r.mean_power_w = *r.energy_j / w.length();
  return r;
}

TemperatureSpan temperature_span(const std::vector<Sample>& samples, int ch, const Window& w) {
  TemperatureSpan t;
  for (const auto& s : samples) {
    if (s.t_s < w.start_s || s.t_s > w.end_s || !usable(s, ch)) continue;
    double v = s.values[static_cast<std::size_t>(ch)];
    if (!t.start_c) t.start_c = v;
    t.end_c = v;
    t.max_c = t.max_c ? std::max(*t.max_c, v) : v;
  }
  return t;
}

}  // namespace wb
