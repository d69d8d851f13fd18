// Validity rules.
#include "harness/analysis/validity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "harness/config/node.hpp"

namespace wb {

std::string implausible(const ToolResult& t) {
  auto bad = [](const std::optional<double>& v, double max) { return v && (!std::isfinite(*v) || *v < 0 || *v > max); };
  if (bad(t.fps, kMaxFps))
    return fmt::format("the tool reported {:g} FPS: not a physical throughput (expected 0..{:g})", *t.fps, kMaxFps);
  if (bad(t.frames, kMaxFps * kMaxDurationS))
    return fmt::format("the tool reported {:g} frames: not a physical count", *t.frames);
  if (t.measured_s && (!std::isfinite(*t.measured_s) || *t.measured_s <= 0 || *t.measured_s > kMaxDurationS))
    return fmt::format("the tool reported a measured duration of {:g} s: not a physical duration", *t.measured_s);
  if (bad(t.latency_mean_ms, 1e3 * kMaxDurationS))
    return fmt::format("the tool reported a mean latency of {:g} ms: not physical", *t.latency_mean_ms);
  for (const auto& v : {t.steady_start_s, t.steady_end_s})
    if (v && !std::isfinite(*v)) return "the tool's own timestamps are not finite";
  return "";
}

EnergyCheck check_energy_agreement(const std::string& probe, const WindowEnergy& we) {
  EnergyCheck c;
  if (!we.disagreement_pct) return c;
  double d = std::abs(*we.disagreement_pct), u = we.agreement_bound_pct, invalid_at = energy_invalid_bound_pct(u);
  std::string what = fmt::format(
      "probe {}: the ENERGY accumulator ({:.6g} J) and the trapezoid of the power samples ({:.6g} J) "
      "disagree by {:+.2f} %",
      probe, we.energy_j.value_or(NAN), we.trapezoid_energy_j.value_or(NAN), *we.disagreement_pct);
  if (d > invalid_at)
    c.invalid = fmt::format(
        "{}, beyond {:.2f} % ({:g} × their stated uncertainty {:.3f} %: {}): a misread register or a broken trace",
        what, invalid_at, kEnergyInvalidFactor, u, we.agreement_detail);
  else if (d > u)
    c.warning = fmt::format("{}, beyond their stated uncertainty {:.3f} % ({})", what, u, we.agreement_detail);
  return c;
}

std::string gap_problem(const std::string& probe, double gap_s, double window_s, double max_gap_pct) {
  if (!(gap_s / window_s * 100 > max_gap_pct)) return "";
  return fmt::format("probe {}: {:.1f} % of the window has no valid samples (validity.max_gap_pct {:g} %)", probe,
                     gap_s / window_s * 100, max_gap_pct);
}

std::string size_problem(double window_s, double min_window_s, std::size_t samples, std::size_t min_samples) {
  if (window_s < min_window_s)
    return fmt::format("measured window {:.3f} s is shorter than validity.min_window_s {:g} s", window_s, min_window_s);
  if (samples < min_samples)
    return fmt::format("{} samples in the window, fewer than validity.min_samples {}", samples, min_samples);
  return "";
}

std::vector<std::string> power_step_warnings(std::optional<double> head_w, std::optional<double> tail_w,
                                             std::optional<double> mean_w, double edge_step_pct) {
  std::vector<std::string> out;
  for (auto [edge, p] : {std::pair<const char*, std::optional<double>>{"start", head_w}, {"end", tail_w}})
    if (p && mean_w && *mean_w > 0 && std::abs(*p / *mean_w - 1) * 100 > edge_step_pct)
      out.push_back(
          fmt::format("power-step check: the window's {} draws {:+.1f} % against its mean (limit {:g} %): "
                      "the window may include a ramp",
                      edge, (*p / *mean_w - 1) * 100, edge_step_pct));
  return out;
}

std::string sustained_duration_problem(double window_s, double min_duration_s, double window_uncertainty_s) {
  if (window_s + std::max(window_uncertainty_s, 0.001 * min_duration_s) >= min_duration_s) return "";
  return fmt::format(
      "a sustained run needs a window of {:g} s or more (sustained.min_duration_s); this one is {:.1f} s",
      min_duration_s, window_s);
}

std::string rate_problem(double achieved_fps, double target_fps, double tolerance_pct) {
  double off_pct = (achieved_fps / target_fps - 1) * 100;
  if (std::abs(off_pct) <= tolerance_pct) return "";
  if (off_pct > 0)
    return fmt::format(
        "the tool ignored the rate cap: it ran at {:.4g} FPS against a target of {:g} ({:+.1f} %, "
        "validity.rate_tolerance_pct "
        "{:g} %)",
        achieved_fps, target_fps, off_pct, tolerance_pct);
  return fmt::format(
      "the run missed its target rate: {:.4g} FPS against {:g} ({:+.1f} %, validity.rate_tolerance_pct {:g} %): the "
      "card "
      "or the host feeding it cannot keep up",
      achieved_fps, target_fps, off_pct, tolerance_pct);
}

std::optional<double> achieved_rate(std::optional<double> tool_fps, std::optional<double> frames, double window_s,
                                    double window_uncertainty_s) {
  if (!frames || !(window_s > 0)) return std::nullopt;
  double counted = *frames / window_s;
  if (!tool_fps) return counted;
  // Both edges may be off by the uncertainty; 1 % covers the tools' own rounding.
  double allowed = std::max(0.01, 2 * window_uncertainty_s / window_s);
  if (std::abs(counted / *tool_fps - 1) <= allowed) return std::nullopt;
  return counted;
}

}  // namespace wb
