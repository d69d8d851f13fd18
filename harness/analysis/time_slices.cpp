// Time slices, cold vs sustained spans and the throttling finding.
#include "harness/analysis/time_slices.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "harness/analysis/stats.hpp"
#include "harness/config/config.hpp"
#include "harness/plugin/tool_kind.hpp"

namespace wb {

namespace {
// Cumulative frames over the window, piecewise linear between the tool's progress points.
class FrameCurve {
 public:
  FrameCurve(const Window& w, const std::vector<ProgressPoint>& progress, std::optional<double> total) {
    for (const auto& p : progress)
      if (p.t_s > w.start_s && p.t_s < w.end_s && p.frames >= 0) m_points.push_back(p);
    if (m_points.empty()) return;
    std::sort(m_points.begin(), m_points.end(), [](const auto& a, const auto& b) { return a.t_s < b.t_s; });
    // The count starts with the timed phase, which the window's start marks.
    m_points.insert(m_points.begin(), ProgressPoint{w.start_s, 0});
    if (total && *total >= m_points.back().frames) m_points.push_back({w.end_s, *total});
    // A tool that counts as it goes (three points or more) and then falls silent, or whose lines
    // in the middle were not kept, leaves a gap: a rate that starts or ends inside it would come
    // from a straight line, not from counts. A gap: twenty of its usual spacings, and at least 5 s.
    if (m_points.size() >= 4) {
      std::vector<double> spacing;
      for (std::size_t i = 2; i + 1 < m_points.size(); ++i) spacing.push_back(m_points[i].t_s - m_points[i - 1].t_s);
      std::nth_element(spacing.begin(), spacing.begin() + static_cast<std::ptrdiff_t>(spacing.size() / 2),
                       spacing.end());
      m_gap_s = std::max(5.0, 20 * spacing[spacing.size() / 2]);
    }
  }
  bool empty() const { return m_points.size() < 2; }
  // Frames per second over [a, b], over the part the points cover (at least 80 % of it: the
  // last count may come up to a tick before the window ends when the tool's total is unknown).
  std::optional<double> fps(double a, double b) const {
    if (empty() || b <= a) return std::nullopt;
    double lo = std::max(a, m_points.front().t_s), hi = std::min(b, m_points.back().t_s);
    if (hi - lo < 0.8 * (b - a) - 1e-9) return std::nullopt;
    if (m_gap_s && (in_gap(lo) || in_gap(hi))) return std::nullopt;
    return (at(hi) - at(lo)) / (hi - lo);
  }

 private:
  double at(double t) const {
    auto hi = std::lower_bound(m_points.begin(), m_points.end(), t,
                               [](const ProgressPoint& p, double x) { return p.t_s < x; });
    if (hi == m_points.begin()) return hi->frames;
    if (hi == m_points.end()) return m_points.back().frames;
    auto lo = hi - 1;
    double f = hi->t_s > lo->t_s ? (t - lo->t_s) / (hi->t_s - lo->t_s) : 1.0;
    return lo->frames + f * (hi->frames - lo->frames);
  }
  // True when t falls inside a gap (strictly between two points further apart than m_gap_s):
  // the count there is a straight line drawn across it. A rate between two points on either
  // side of a gap is still an exact average.
  bool in_gap(double t) const {
    auto hi = std::upper_bound(m_points.begin(), m_points.end(), t,
                               [](double x, const ProgressPoint& p) { return x < p.t_s; });
    if (hi == m_points.begin() || hi == m_points.end()) return false;
    auto lo = hi - 1;
    return t > lo->t_s && hi->t_s - lo->t_s > *m_gap_s;
  }
  std::vector<ProgressPoint> m_points;
  std::optional<double> m_gap_s;
};

// Mean and 95 % CI half-width (percent of the mean) of values.
struct MeanCi {
  std::optional<double> mean, ci_pct;
};
MeanCi mean_ci(const std::vector<double>& v) {
  MeanCi out;
  if (v.empty()) return out;
  double sum = 0;
  for (double x : v) sum += x;
  double m = sum / static_cast<double>(v.size());
  out.mean = m;
  if (v.size() >= 3 && m != 0) {
    double ss = 0;
    for (double x : v) ss += (x - m) * (x - m);
    double sd = std::sqrt(ss / static_cast<double>(v.size() - 1));
    out.ci_pct = 100.0 * student_t95(v.size() - 1) * sd / std::sqrt(static_cast<double>(v.size())) / std::abs(m);
  }
  return out;
}
}  // namespace

SliceAccumulator::SliceAccumulator(const Window& w, const SustainedConfig& cfg)
    : m_window(w),
      m_slice_s(cfg.slice_s),
      m_cold_s(cfg.cold_s),
      m_sustained_s(cfg.sustained_s),
      m_throttle_pct(cfg.throttle_pct) {
  m_bin_s = std::min(1.0, m_slice_s);
  m_bins = w.length() > 0 ? static_cast<std::size_t>(std::ceil(w.length() / m_bin_s - 1e-9)) : 0;
}

std::optional<std::size_t> SliceAccumulator::bin_of(double t_s) const {
  if (t_s < m_window.start_s || t_s > m_window.end_s || !m_bins) return std::nullopt;
  return std::min(static_cast<std::size_t>((t_s - m_window.start_s) / m_bin_s), m_bins - 1);
}

void SliceAccumulator::add(std::map<std::string, Bins>& to, std::size_t bins, const std::string& key, std::size_t i,
                           double v) {
  auto& b = to[key];
  if (b.empty()) b.resize(bins);
  b[i].sum += v;
  ++b[i].n;
}

void SliceAccumulator::add_power(const std::string& rail, double t_s, double watts) {
  if (auto i = bin_of(t_s)) add(m_power, m_bins, rail, *i, watts);
}
void SliceAccumulator::add_temperature(const std::string& channel, double t_s, double celsius) {
  if (auto i = bin_of(t_s)) add(m_temp, m_bins, channel, *i, celsius);
}
void SliceAccumulator::add_clock(const std::string& channel, double t_s, double mhz) {
  if (auto i = bin_of(t_s)) add(m_clock, m_bins, channel, *i, mhz);
}

TimeSlices SliceAccumulator::finish(const std::vector<ProgressPoint>& progress, std::optional<double> total_frames,
                                    const std::string& progress_tool) const {
  TimeSlices out;
  out.slice_s = m_slice_s;
  const Window& w = m_window;
  FrameCurve frames(w, progress, total_frames);
  out.fps_source = frames.empty() ? progress_tool + " prints no running count: FPS per slice unknown"
                                  : "the running frame count " + progress_tool + " prints during its timed phase";
  auto bin_start = [&](std::size_t i) { return w.start_s + static_cast<double>(i) * m_bin_s; };
  auto bin_end = [&](std::size_t i) { return std::min(w.start_s + static_cast<double>(i + 1) * m_bin_s, w.end_s); };
  auto overlap = [&](std::size_t i, double a, double b) {
    return std::max(0.0, std::min(bin_end(i), b) - std::max(bin_start(i), a));
  };
  // Per bin: power summed over the rails (each rail's mean), missing if a rail has no sample.
  std::vector<std::optional<double>> power(m_bins);
  for (std::size_t i = 0; i < m_bins && !m_power.empty(); ++i) {
    double sum = 0;
    bool all = true;
    for (const auto& [rail, bins] : m_power) {
      if (!bins[i].n)
        all = false;
      else
        sum += bins[i].sum / static_cast<double>(bins[i].n);
    }
    if (all) power[i] = sum;
  }
  auto channel_mean = [&](const Bins& bins, double a, double b) -> std::optional<double> {
    double sum = 0;
    std::size_t n = 0;
    for (std::size_t i = 0; i < m_bins; ++i)
      if (overlap(i, a, b) > 0.5 * (bin_end(i) - bin_start(i)) && bins[i].n) {
        sum += bins[i].sum / static_cast<double>(bins[i].n);
        ++n;
      }
    return n ? std::optional<double>(sum / static_cast<double>(n)) : std::nullopt;
  };
  auto power_over = [&](double a, double b, std::vector<double>* values) -> std::optional<double> {
    double energy = 0, covered = 0;
    // Bins count by their overlap with [a, b]: a span set back from the window's end (sustained)
    // need not start on a bin edge, and a sliver of a bin must not drop a whole second.
    for (std::size_t i = 0; i < m_bins; ++i) {
      double len = overlap(i, a, b);
      if (len <= 1e-9 || !power[i]) continue;
      energy += *power[i] * len;
      covered += len;
      if (values && len > 0.5 * m_bin_s) values->push_back(*power[i]);
    }
    if (covered < 0.9 * (b - a)) return std::nullopt;  // rails without samples over much of it
    return energy / covered;
  };

  for (double a = w.start_s; a < w.end_s - 1e-9; a += m_slice_s) {
    SliceFigures s;
    s.start_s = a;
    s.end_s = std::min(a + m_slice_s, w.end_s);
    if (w.end_s - s.end_s < 0.5 * m_slice_s) {  // no sliver of a last slice
      s.end_s = w.end_s;
      a = w.end_s;
    }
    s.fps = frames.fps(s.start_s, s.end_s);
    s.power_w = power_over(s.start_s, s.end_s, nullptr);
    if (s.power_w) s.energy_j = *s.power_w * (s.end_s - s.start_s);
    if (s.fps && s.power_w && *s.power_w > 0) s.fps_per_w = *s.fps / *s.power_w;
    for (const auto& [ch, bins] : m_temp)
      if (auto m = channel_mean(bins, s.start_s, s.end_s)) s.temps_c[ch] = *m;
    for (const auto& [ch, bins] : m_clock)
      if (auto m = channel_mean(bins, s.start_s, s.end_s)) s.clocks_mhz[ch] = *m;
    out.slices.push_back(std::move(s));
  }

  auto span = [&](double a, double b) {
    SpanFigures f;
    f.start_s = a;
    f.end_s = b;
    f.fps = frames.fps(a, b);
    std::vector<double> fps_bins, power_bins;
    for (std::size_t i = 0; i < m_bins; ++i)
      if (bin_start(i) >= a - 1e-9 && bin_end(i) <= b + 1e-9 && bin_end(i) - bin_start(i) > 0.5 * m_bin_s)
        if (auto x = frames.fps(bin_start(i), bin_end(i))) fps_bins.push_back(*x);
    f.power_w = power_over(a, b, &power_bins);
    f.fps_ci_pct = mean_ci(fps_bins).ci_pct;
    f.power_ci_pct = mean_ci(power_bins).ci_pct;
    if (f.fps && f.power_w && *f.power_w > 0) {
      f.fps_per_w = *f.fps / *f.power_w;
      if (f.fps_ci_pct && f.power_ci_pct) f.fps_per_w_ci_pct = std::hypot(*f.fps_ci_pct, *f.power_ci_pct);
    }
    for (const auto& [ch, bins] : m_temp)
      if (auto m = channel_mean(bins, a, b); m && (!f.temp_c || *m > *f.temp_c)) f.temp_c = m;
    return f;
  };
  if (w.length() + 1e-9 < m_cold_s + m_sustained_s) return out;  // too short to tell cold from sustained
  out.cold = span(w.start_s, w.start_s + m_cold_s);
  out.sustained = span(w.end_s - m_sustained_s, w.end_s);

  // Throttling: sustained clearly below cold in FPS or in a clock channel.
  ThrottleFinding f;
  if (out.cold->fps && out.sustained->fps && *out.cold->fps > 0)
    f.fps_drop_pct = 100.0 * (1.0 - *out.sustained->fps / *out.cold->fps);
  std::optional<double> cold_clock;
  for (const auto& [ch, bins] : m_clock) {
    auto c = channel_mean(bins, out.cold->start_s, out.cold->end_s),
         s = channel_mean(bins, out.sustained->start_s, out.sustained->end_s);
    if (!c || !s || *c <= 0) continue;
    double drop = 100.0 * (1.0 - *s / *c);
    if (!f.clock_drop_pct || drop > *f.clock_drop_pct) {
      f.clock_drop_pct = drop;
      f.clock_channel = ch;
      cold_clock = c;
    }
  }
  bool by_fps = f.fps_drop_pct && *f.fps_drop_pct >= m_throttle_pct;
  bool by_clock = f.clock_drop_pct && *f.clock_drop_pct >= m_throttle_pct;
  if (!by_fps && !by_clock) return out;
  // Onset: the first 1 s bin below cold by half the threshold that stays below over the slice
  // it starts: one bin alone is as late or early as the tool's line that bounds it.
  double limit = 1.0 - m_throttle_pct / 200.0;
  std::optional<std::size_t> onset;
  for (std::size_t i = 0; i < m_bins && !onset; ++i) {
    if (bin_end(i) - bin_start(i) < 0.5 * m_bin_s) continue;
    if (by_fps) {
      const double low = *out.cold->fps * limit;
      auto bin = frames.fps(bin_start(i), bin_end(i));
      auto slice = frames.fps(bin_start(i), std::min(bin_start(i) + m_slice_s, w.end_s));
      if (bin && *bin < low && slice && *slice < low) onset = i;
    } else {
      const auto& bins = m_clock.at(f.clock_channel);
      if (bins[i].n && bins[i].sum / static_cast<double>(bins[i].n) < *cold_clock * limit) onset = i;
    }
  }
  if (!onset) return out;
  f.start_s = bin_start(*onset);
  f.start_into_window_s = f.start_s - w.start_s;
  // Heat before the fall: the hottest rise from the window's first slice to the slice before the onset.
  for (const auto& [ch, bins] : m_temp) {
    auto first = channel_mean(bins, w.start_s, w.start_s + m_slice_s);
    auto before = channel_mean(bins, std::max(w.start_s, f.start_s - m_slice_s), f.start_s + m_bin_s);
    if (!first || !before) continue;
    if (!f.temp_rise_c || *before - *first > *f.temp_rise_c) {
      f.temp_rise_c = *before - *first;
      f.temp_channel = ch;
    }
  }
  f.thermal = f.temp_rise_c && *f.temp_rise_c >= 1.0;
  std::string what = by_fps ? fmt::format("FPS {:.1f} % lower sustained than cold", *f.fps_drop_pct)
                            : fmt::format("{} {:.1f} % lower sustained than cold", f.clock_channel, *f.clock_drop_pct);
  if (by_fps && f.clock_drop_pct && std::abs(*f.clock_drop_pct) >= 1.0)
    what += fmt::format(", clock {} {:+.1f} %", f.clock_channel, -*f.clock_drop_pct);
  std::string when = fmt::format("from t = {:.1f} s ({:.0f} s into the window)", f.start_s, f.start_into_window_s);
  if (f.thermal)
    f.text = fmt::format("throttling {}: {}, after the temperature rose {:.1f} °C ({})", when, what, *f.temp_rise_c,
                         f.temp_channel);
  else if (f.temp_rise_c)
    f.text = fmt::format(
        "slowdown {}: {}, without a temperature rise ({:+.1f} °C, {}): not thermal; check the host, the tool or a rate "
        "cap",
        when, what, *f.temp_rise_c, f.temp_channel);
  else
    f.text = fmt::format("slowdown {}: {}; no temperature channel tells whether it is thermal throttling", when, what);
  out.throttling = f;
  return out;
}

}  // namespace wb
