// Window integration: the INA228's ENERGY accumulator read at both edges (linear
// interpolation between the samples around each edge), else trapezoids over power.
#include "harness/analysis/energy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "harness/analysis/meter_edges.hpp"

namespace wb {

namespace {
bool usable(const Sample& s, int ch) {
  return ch >= 0 && static_cast<std::size_t>(ch) < s.values.size() &&
         is_present(s.values[static_cast<std::size_t>(ch)]) && !(s.flags & (kFlagReadError | kFlagOverflow));
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

void WindowAccumulator::Edge::feed(double t, double v, double edge) {
  if (done) return;
  if (t < edge) {
    have_before = true;
    t_before = t;
    v_before = v;
  } else if (t == edge || !have_before) {
    // Exactly on the edge, or no earlier sample (then only an exact hit counts: no extrapolation).
    if (t == edge) {
      value = v;
      done = true;
    } else {
      done = true;
      have_before = false;
      value = NAN;
    }
  } else {
    value = v_before + (v - v_before) * (edge - t_before) / (t - t_before);
    done = true;
  }
}

WindowAccumulator::WindowAccumulator(const ProbeInfo& info, Window w)
    : m_info(info),
      m_w(w),
      m_prev_valid_t(w.start_s),
      // A gap is a stretch well beyond scheduling jitter: 10 sample periods, at least 20 ms; an
      // instrument on its own clock (batched) has no such jitter, so 2.5 of its periods.
      m_gap_threshold(std::max(0.02, info.rate_hz > 0 ? (info.poll_hz > 0 ? 2.5 : 10.0) / info.rate_hz : 0.0)) {
  if (info.power_channel >= 0 && static_cast<std::size_t>(info.power_channel) < info.channels.size())
    m_shift = meter_centre_shift_s(info.channels[static_cast<std::size_t>(info.power_channel)].meter);
}

void WindowAccumulator::add(const Sample& s) {
  bool inside = s.t_s >= m_w.start_s && s.t_s <= m_w.end_s;
  bool bad = s.flags & (kFlagReadError | kFlagOverflow);
  if (inside) {
    ++m_samples;
    if (bad) {
      ++m_invalid;
    } else {
      m_max_gap = std::max(m_max_gap, s.t_s - m_prev_valid_t);
      if (s.t_s - m_prev_valid_t > m_gap_threshold) m_gap += s.t_s - m_prev_valid_t;
      m_prev_valid_t = s.t_s;
      if (m_first_time < 0) m_first_time = s.t_s;
      m_last_time = s.t_s;
      ++m_timed;
      if (!(s.flags & kFlagStale)) ++m_fresh;
    }
    if ((s.flags & kFlagRestart) && s.t_s > m_w.start_s) m_restarted = true;
  }
  if (bad) return;
  auto value = [&](int ch) {
    return ch >= 0 && static_cast<std::size_t>(ch) < s.values.size() ? s.values[static_cast<std::size_t>(ch)]
                                                                     : kMissing;
  };
  double p = value(m_info.power_channel), e = value(m_info.energy_channel);
  if (is_present(p)) {
    // An averaged reading measured the span before its stamp: integrate it at the span's middle.
    const double t = s.t_s - m_shift;
    m_p0.feed(t, p, m_w.start_s);
    m_p1.feed(t, p, m_w.end_s);
    if (t > m_w.start_s && t < m_w.end_s) {
      // Only new data counts for the sampling error: repeats of one value are not samples.
      if (!(s.flags & kFlagStale)) {
        m_sum_p += p;
        m_sum_p2 += p * p;
        ++m_n_p;
      }
      if (m_have_inside)
        m_trapezoid_inside += 0.5 * (p + m_last_p) * (t - m_last_t);
      else {
        m_first_t = t;
        m_first_p = p;
        m_have_inside = true;
      }
      m_last_t = t;
      m_last_p = p;
    }
    if (m_shift > 0) {
      // The readings whose spans reach across an edge: their spread bounds the smear there.
      auto spread = [&](double edge, bool& have, double& lo, double& hi) {
        if (std::abs(t - edge) > m_shift) return;
        lo = have ? std::min(lo, p) : p;
        hi = have ? std::max(hi, p) : p;
        have = true;
      };
      spread(m_w.start_s, m_have0, m_lo0, m_hi0);
      spread(m_w.end_s, m_have1, m_lo1, m_hi1);
    }
  }
  if (is_present(e)) {
    m_e0.feed(s.t_s, e, m_w.start_s);
    m_e1.feed(s.t_s, e, m_w.end_s);
  }
}

WindowEnergy WindowAccumulator::result() const {
  WindowEnergy r;
  if (!(m_w.end_s > m_w.start_s)) {
    r.problem = "empty window";
    return r;
  }
  r.samples = m_samples;
  r.invalid_samples = m_invalid;
  double max_gap = std::max(m_max_gap, m_w.end_s - m_prev_valid_t);
  r.max_gap_s = max_gap;
  r.gap_s = m_gap + (m_w.end_s - m_prev_valid_t > m_gap_threshold ? m_w.end_s - m_prev_valid_t : 0);
  if (m_timed >= 2 && m_last_time > m_first_time)
    r.sample_rate_hz = static_cast<double>(m_timed - 1) / (m_last_time - m_first_time);
  r.fresh_rate_hz = static_cast<double>(m_fresh) / m_w.length();
  auto p0 = m_p0.get(), p1 = m_p1.get();
  if (p0 && p1 && is_present(*p0) && is_present(*p1)) {
    if (m_have_inside)
      r.trapezoid_energy_j = 0.5 * (*p0 + m_first_p) * (m_first_t - m_w.start_s) + m_trapezoid_inside +
                             0.5 * (m_last_p + *p1) * (m_w.end_s - m_last_t);
    else
      r.trapezoid_energy_j = 0.5 * (*p0 + *p1) * m_w.length();
  }
  std::optional<double> smear_j;
  if (m_shift > 0 && r.trapezoid_energy_j)
    smear_j = edge_smear_bound_j(m_info.channels[static_cast<std::size_t>(m_info.power_channel)].meter,
                                 m_have0 ? m_hi0 - m_lo0 : 0, m_have1 ? m_hi1 - m_lo1 : 0);
  if (m_restarted) r.problem = "the energy accumulator restarted inside the window (device reconnected)";
  auto e0 = m_e0.get(), e1 = m_e1.get();
  if (m_info.energy_channel >= 0 && !m_restarted && e0 && e1 && is_present(*e0) && is_present(*e1)) {
    r.energy_j = *e1 - *e0;
    r.method = "accumulator";
  }
  // Sampled power: the mean carries the samples' standard error. (The accumulator integrates
  // every conversion on the chip, so reading rate adds no such error.)
  std::optional<double> se_pct;
  if (m_n_p >= 2) {
    double mean = m_sum_p / static_cast<double>(m_n_p);
    double var = std::max(0.0, (m_sum_p2 - m_n_p * mean * mean) / static_cast<double>(m_n_p - 1));
    if (mean > 0) se_pct = std::sqrt(var / static_cast<double>(m_n_p)) / mean * 100;
  }
  if (r.energy_j && r.trapezoid_energy_j && *r.trapezoid_energy_j > 0) {
    double period = r.sample_rate_hz ? 1 / *r.sample_rate_hz : m_info.rate_hz > 0 ? 1 / m_info.rate_hz : 0;
    double accuracy = m_info.accuracy_pct.value_or(0);
    double edges = (std::abs(*p0) + std::abs(*p1)) * period / *r.trapezoid_energy_j * 100;
    double sampling = 2 * se_pct.value_or(0);
    double smear = smear_j ? *smear_j / *r.trapezoid_energy_j * 100 : 0;
    r.disagreement_pct = (*r.energy_j - *r.trapezoid_energy_j) / *r.trapezoid_energy_j * 100;
    r.agreement_bound_pct = accuracy + edges + sampling + smear;
    r.agreement_detail = fmt::format(
        "{} {:g} % + window edges {:.3f} % (one sample period of power at each) + sampling {:.3f} % (2 SE){}",
        m_info.accuracy_pct ? "accuracy" : "accuracy not stated,", accuracy, edges, sampling,
        smear_j ? fmt::format(" + averaged-meter edge smear {:.3f} %", smear) : "");
  }
  if (!r.energy_j && r.trapezoid_energy_j) {
    r.energy_j = r.trapezoid_energy_j;
    r.method = "trapezoid";
    r.sampling_se_pct = se_pct;
    if (smear_j && *r.energy_j > 0) r.edge_smear_pct = *smear_j / *r.energy_j * 100;
  }
  if (!r.energy_j) {
    if (r.problem.empty()) r.problem = "no valid power or energy samples bracket the window";
    return r;
  }
  r.problem.clear();
  r.mean_power_w = *r.energy_j / m_w.length();
  return r;
}

double energy_invalid_bound_pct(double bound_pct) { return std::max(kEnergyInvalidFactor * bound_pct, bound_pct + 1); }

WindowEnergy window_energy(const std::vector<Sample>& samples, const ProbeInfo& info, const Window& w) {
  WindowAccumulator acc(info, w);
  for (const auto& s : samples) acc.add(s);
  return acc.result();
}

}  // namespace wb
