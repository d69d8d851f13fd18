#include "harness/analysis/probe_pass.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "harness/analysis/meter_edges.hpp"
#include "harness/analysis/time_slices.hpp"
#include "harness/analysis/validity.hpp"
#include "harness/util/printable.hpp"

namespace wb {

namespace {
bool channel_present(int ch, const Sample& s) {
  return ch >= 0 && static_cast<std::size_t>(ch) < s.values.size() &&
         is_present(s.values[static_cast<std::size_t>(ch)]);
}
}  // namespace

ProbePass::ProbePass(const ProbeInfo& info, const ProbeWindows& windows, SliceAccumulator* slices,
                     bool feeds_slice_power)
    : m_info(info),
      m_windows(windows),
      m_slices(slices),
      m_feeds_slice_power(feeds_slice_power),
      m_spans(info.temperature_channels.size()),
      m_sentinels(info),
      m_power_key(info.name) {
  const Window& w = windows.run;
  const double tenth = w.length() / 10;
  m_acc = {{info, w},
           {info, windows.idle},
           {info, windows.idle_after},
           {info, {w.start_s, w.start_s + tenth, "head", ""}},
           {info, {w.end_s - tenth, w.end_s, "tail", ""}}};
  for (std::size_t c = 0; c < info.channels.size(); ++c)
    if (info.channels[c].unit == "MHz") m_clock_keys.emplace_back(c, info.name + "." + info.channels[c].name);
  for (int ch : info.temperature_channels)
    m_temp_keys.push_back(info.name + "." + info.channels[static_cast<std::size_t>(ch)].name);
  if (info.power_channel >= 0 && static_cast<std::size_t>(info.power_channel) < info.channels.size())
    m_power_shift = meter_centre_shift_s(info.channels[static_cast<std::size_t>(info.power_channel)].meter);
}

void ProbePass::add(const Sample& raw) {
  const Sample& smp = m_sentinels.screen(raw);  // impossible readings: counted, never averaged
  for (auto& a : m_acc) a.add(smp);
  const Window& w = m_windows.run;
  if ((smp.flags & kFlagRestart) && !smp.error.empty()) {
    const bool inside = smp.t_s >= w.start_s && smp.t_s <= w.end_s;
    m_restarts.push_back(fmt::format("{} (t = {:.3f} s, {})", printable(smp.error), smp.t_s,
                                     inside ? "inside the window: energy across the gap from the trapezoid "
                                              "integral of power"
                                            : "outside the window"));
  }
  if (smp.t_s < w.start_s || smp.t_s > w.end_s || (smp.flags & (kFlagReadError | kFlagOverflow))) return;
  if (channel_present(m_info.power_channel, smp)) {
    const double watts = smp.values[static_cast<std::size_t>(m_info.power_channel)];
    m_folds.add(watts);
    if (m_slices && m_feeds_slice_power) m_slices->add_power(m_power_key, smp.t_s - m_power_shift, watts);
  }
  if (m_slices)
    for (const auto& [c, key] : m_clock_keys)
      if (c < smp.values.size() && is_present(smp.values[c])) m_slices->add_clock(key, smp.t_s, smp.values[c]);
  if (channel_present(m_info.uncertainty_channel, smp)) {
    const double u = smp.values[static_cast<std::size_t>(m_info.uncertainty_channel)];
    m_unc_sum += u;
    ++m_unc_n;
    m_unc_max = std::max(m_unc_max, u);
    if (m_info.uncertainty_limit_pct > 0 && u > m_info.uncertainty_limit_pct) ++m_unc_over;
  }
  for (std::size_t k = 0; k < m_spans.size(); ++k) {
    const int ch = m_info.temperature_channels[k];
    if (!channel_present(ch, smp)) continue;
    const double celsius = smp.values[static_cast<std::size_t>(ch)];
    m_spans[k].add(celsius);
    if (m_slices) m_slices->add_temperature(m_temp_keys[k], smp.t_s, celsius);
  }
}

ProbePassResult ProbePass::finish(const ProbeRules& rules) const {
  ProbePassResult out;
  const ProbeInfo& info = m_info;
  const double window_s = m_windows.run.length();
  auto warn = [&](const std::string& text) { out.warnings.push_back(fmt::format("probe {}: {}", info.name, text)); };
  out.sentinels = m_sentinels.counts();
  for (const auto& c : out.sentinels) warn(sentinel_warning(c));
  const WindowEnergy we = m_acc[0].result();
  out.energy = we;
  // The checks below name the probe themselves.
  auto energy_check = check_energy_agreement(info.name, we);
  if (!energy_check.invalid.empty()) {
    out.invalid = energy_check.invalid;
    return out;
  }
  if (!energy_check.warning.empty()) out.warnings.push_back(energy_check.warning);
  if (rules.primary) {
    out.head_w = m_acc[3].result().mean_power_w;
    out.tail_w = m_acc[4].result().mean_power_w;
  }
  ProbeFigures& pf = out.figures;
  pf.probe = info.name;
  pf.rail = info.rail;
  pf.scope = info.scope;
  pf.method = we.method;
  pf.energy_j = we.energy_j;
  pf.power_w = we.mean_power_w;
  pf.trapezoid_energy_j = we.trapezoid_energy_j;
  pf.samples = we.samples;
  pf.invalid_samples = we.invalid_samples;
  pf.sample_rate_hz = we.sample_rate_hz;
  pf.fresh_rate_hz = we.fresh_rate_hz;
  pf.max_gap_s = we.max_gap_s;
  pf.window_folds = m_folds.values();
  // What one reading of the channel the energy came from is; an averaged one needs a window
  // several of its periods long (harness/analysis/meter_edges.hpp).
  if (int ch = we.method == "accumulator" ? info.energy_channel : info.power_channel;
      ch >= 0 && static_cast<std::size_t>(ch) < info.channels.size() && !we.method.empty()) {
    const auto& c = info.channels[static_cast<std::size_t>(ch)];
    pf.meter_kind = meter_kind_name(c.meter.kind);
    pf.meter_basis = c.meter.basis;
    if (c.meter.kind == MeterKind::averaged) pf.meter_window_s = c.meter.window_s;
    pf.edge_smear_pct = we.edge_smear_pct;
    auto mc = check_meter_window(info.name, c.name, c.meter, window_s, rules.min_averaging_periods,
                                 rules.invalid_averaging_periods);
    // Only a probe whose energy makes the headline can make the run invalid.
    if (!mc.invalid.empty() && rules.headline_scope) {
      out.invalid = mc.invalid;
      return out;
    }
    if (!mc.invalid.empty()) out.warnings.push_back(mc.invalid);
    if (!mc.warning.empty()) out.warnings.push_back(mc.warning);
  }
  if (m_unc_n) {
    pf.instrument_uncertainty_pct = m_unc_sum / static_cast<double>(m_unc_n);
    pf.instrument_uncertainty_max_pct = m_unc_max;
    pf.samples_over_uncertainty_limit = m_unc_over;
    if (m_unc_over)
      warn(
          fmt::format("{} of {} samples in the window have an instrument uncertainty above {:g} % (max {:.2f} %); a "
                      "smaller range would lower it",
                      m_unc_over, m_unc_n, info.uncertainty_limit_pct, m_unc_max));
  }
  for (const auto& warning : info.warnings) warn(warning);
  for (const auto& note : m_restarts) warn(note);
  if (m_windows.has_idle) pf.idle_power_w = m_acc[1].result().mean_power_w;
  if (m_windows.has_idle_after) pf.idle_after_w = m_acc[2].result().mean_power_w;
  if (rules.primary) {
    if (auto why = gap_problem(info.name, we.gap_s, window_s, rules.max_gap_pct); !why.empty()) {
      out.invalid = why;
      return out;
    }
  }
  if (we.gap_s > 0 || we.invalid_samples)
    out.degraded = fmt::format("probe {}: {:.3f} s without valid samples ({:.2f} % of the window), {} failed reads",
                               info.name, we.gap_s, 100.0 * we.gap_s / window_s, we.invalid_samples);
  if (we.invalid_samples)
    warn(fmt::format("{} of {} samples in the window are invalid (read error or overflow)", we.invalid_samples,
                     we.samples));
  for (std::size_t k = 0; k < m_spans.size(); ++k) {
    const auto& span = m_spans[k];
    if (span.start_c) out.temps.push_back({m_temp_keys[k], *span.start_c, *span.end_c, *span.max_c});
  }
  out.complete = true;
  out.measures_power = info.power_channel >= 0 || info.energy_channel >= 0;
  if (out.measures_power && rules.primary && !we.mean_power_w) out.invalid = "no watts: " + we.problem;
  return out;
}

}  // namespace wb
