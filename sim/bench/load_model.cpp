// Simulated card power as a deterministic function of time and the tool's phase marks.
#include "sim/bench/load_model.hpp"

#include <cmath>
#include <numbers>

#include "sim/bench/throttle.hpp"

namespace wb::sim {

LoadModel::LoadModel(SimParams params, std::filesystem::path state_file)
    : m_params(params), m_state_file(std::move(state_file)), m_started_s(steady_now_s()) {
  m_ripple_phase1 = 0.7 + 0.37 * params.seed;
  m_ripple_phase2 = 1.9 + 0.53 * params.seed;
}

void LoadModel::refresh_locked(double t) {
  // Re-read at most every millisecond of simulated time; marks carry exact times anyway.
  if (m_last_refresh >= 0 && t - m_last_refresh < 1e-3 && t >= m_last_refresh) return;
  m_state = read_sim_state(m_state_file);
  m_last_refresh = t;
}

double LoadModel::target_w(const std::string& phase, double t, double phase_start) const {
  const auto& p = m_params;
  if (phase == "load") return p.load_w;
  // A paced card idles between frames: its power above idle follows the share of its rate
  // in effect when the phase began.
  double share = p.rate_cap_keeps_power != 0 ? 1.0 : m_state.load_share_at(phase_start);
  if (phase == "warmup") return p.idle_w + (p.warmup_w - p.idle_w) * share;
  if (phase == "measure") {
    double drift = p.drift_pct / 100.0 * (1.0 - std::exp(-(t - phase_start) / p.drift_tau_s));
    double full = p.active_w * (1.0 + drift) * throttle_of(p).factor(t - phase_start, throttle_of(p).power_drop);
    return p.idle_w + (full - p.idle_w) * share;
  }
  if (phase == "teardown") return p.teardown_w;
  if (phase == "report") return p.report_w;
  return p.idle_w;  // before the tool, after "exit", or unknown
}

double LoadModel::power_locked(double t) const {
  // Walk the marks up to t: each step starts from the power reached so far and
  // approaches the new phase's target with time constant ramp_s.
  std::string phase = "idle";
  double start = -1e300, p_start = m_params.idle_w, target_start = m_params.idle_w;
  for (const auto& m : m_state.marks) {
    if (m.t_s > t) break;
    double tau = std::max(m_params.ramp_s, 1e-6);
    double p_at = target_w(phase, m.t_s, start) + (p_start - target_start) * std::exp(-(m.t_s - start) / tau);
    if (start < -1e299) p_at = m_params.idle_w;
    phase = m.phase;
    start = m.t_s;
    p_start = p_at;
    target_start = target_w(phase, start, start);
  }
  double base;
  if (start < -1e299) {
    base = m_params.idle_w;
  } else {
    double tau = std::max(m_params.ramp_s, 1e-6);
    base = target_w(phase, t, start) + (p_start - target_start) * std::exp(-(t - start) / tau);
  }
  constexpr double two_pi = 2 * std::numbers::pi;
  double ripple =
      m_params.ripple_pct / 100.0 *
      (0.6 * std::sin(two_pi * 3.7 * t + m_ripple_phase1) + 0.4 * std::sin(two_pi * 11.3 * t + m_ripple_phase2));
  return base * (1.0 + ripple);
}

double LoadModel::true_power_w(double t) {
  std::lock_guard lock(m_mutex);
  refresh_locked(t);
  return power_locked(t);
}

double LoadModel::voltage_v(double t) {
  // Rail droop: V = Vs - R*I with P = V*I, solved for V.
  double p = true_power_w(t);
  double vs = m_params.rail_v, r = m_params.source_ohm;
  if (r <= 0) return vs;
  return (vs + std::sqrt(std::max(vs * vs - 4 * r * p, 0.0))) / 2;
}

double LoadModel::current_a(double t) {
  double v = voltage_v(t);
  return true_power_w(t) / v;
}

double LoadModel::die_temp_c(double t) {
  double p = true_power_w(t);
  std::lock_guard lock(m_mutex);
  double steady = m_params.ambient_c + m_params.thermal_c_per_w * p;
  if (m_temp_t < 0) {
    m_temp_c = m_params.ambient_c + m_params.thermal_c_per_w * m_params.idle_w;
  } else if (t > m_temp_t) {
    double a = std::exp(-(t - m_temp_t) / std::max(m_params.thermal_tau_s, 1e-3));
    m_temp_c = steady + (m_temp_c - steady) * a;
  }
  m_temp_t = std::max(t, m_temp_t);
  return m_temp_c;
}

double LoadModel::true_energy_j(double t0, double t1) {
  std::lock_guard lock(m_mutex);
  m_last_refresh = -1;
  refresh_locked(t1);
  if (t1 <= t0) return 0;
  std::size_t n = static_cast<std::size_t>(std::ceil((t1 - t0) / 20e-6));
  if (n % 2) ++n;
  n = std::max<std::size_t>(n, 2000);
  double h = (t1 - t0) / static_cast<double>(n);
  double sum = power_locked(t0) + power_locked(t1);
  for (std::size_t i = 1; i < n; ++i) sum += power_locked(t0 + h * static_cast<double>(i)) * (i % 2 ? 4.0 : 2.0);
  return sum * h / 3.0;
}

SimState LoadModel::state() {
  std::lock_guard lock(m_mutex);
  m_last_refresh = -1;
  refresh_locked(0);
  return m_state;
}

}  // namespace wb::sim

namespace wb::sim {

double LoadModel::npu_temp_c(double t) {
  std::lock_guard lock(m_mutex);
  m_last_refresh = -1;
  refresh_locked(t);
  // The NPU heats faster and further than the board sensor: 3× the rise, a third of the lag.
  double tau = std::max(m_params.thermal_tau_s / 3.0, 0.5), k = m_params.thermal_c_per_w * 3.0;
  double temp = m_params.ambient_c + k * m_params.idle_w;
  double from = m_state.marks.empty() ? t : std::min(t, m_state.marks.front().t_s);
  from = std::max(from - tau, t - 20 * tau);
  double step = tau / 50.0;
  for (double x = from; x < t; x += step) {
    double target = m_params.ambient_c + k * power_locked(x);
    temp = target + (temp - target) * std::exp(-std::min(step, t - x) / tau);
  }
  return temp;
}

bool LoadModel::sentinel_at(double t) {
  if (m_params.sensor_sentinel_at_s < 0) return false;
  std::lock_guard lock(m_mutex);
  refresh_locked(t);  // at its own pace: the hwmon driver asks thousands of times a second
  for (const auto& mark : m_state.marks)
    if (mark.phase == "measure") {
      double from = mark.t_s + m_params.sensor_sentinel_at_s;
      return t >= from && t < from + m_params.sensor_sentinel_for_s;
    }
  return false;
}

}  // namespace wb::sim
