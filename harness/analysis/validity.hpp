// The rules a run must pass to give figures, as functions of plain inputs: each returns the
// reason (empty = passes) or the warnings, so a run below them is invalid with the reason,
// never dropped and never a headline.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "harness/analysis/energy.hpp"
#include "harness/plugin/tool_kind.hpp"

namespace wb {

// Figures no tool can have measured (inf, NaN, negative, absurd).
inline constexpr double kMaxFps = 1e7;  // far beyond any accelerator on any model
std::string implausible(const ToolResult& t);

// Accumulator vs trapezoid of one probe's window: `invalid` beyond kEnergyInvalidFactor × their
// stated uncertainty, `warning` beyond it.
struct EnergyCheck {
  std::string invalid, warning;
};
EnergyCheck check_energy_agreement(const std::string& probe, const WindowEnergy& we);

// The primary probe's share of the window without valid samples, against validity.max_gap_pct.
std::string gap_problem(const std::string& probe, double gap_s, double window_s, double max_gap_pct);

// validity.min_window_s and validity.min_samples.
std::string size_problem(double window_s, double min_window_s, std::size_t samples, std::size_t min_samples);

// The power-step check: the window's first and last tenths should draw what the window does
// on average; a big difference means the window caught a load, warmup or teardown ramp.
std::vector<std::string> power_step_warnings(std::optional<double> head_w, std::optional<double> tail_w,
                                             std::optional<double> mean_w, double edge_step_pct);

// A sustained run (`sustained:` given): its window against sustained.min_duration_s. A tool
// asked for exactly that long reports a window a few ms short, so the rule allows the window's
// own uncertainty, and at least 0.1 %.
std::string sustained_duration_problem(double window_s, double min_duration_s, double window_uncertainty_s);

// A paced run (benchmark.target_fps): the achieved rate against the target, within
// validity.rate_tolerance_pct. Above it the tool ignored its cap; below it the card (or the
// host feeding it) could not keep up.
std::string rate_problem(double achieved_fps, double target_fps, double tolerance_pct);

// The rate a paced run achieved: frames over the measured window where the tool counted them
// and that differs from its own figure by more than the window's uncertainty allows (a tool
// that times each inference alone reports the back-to-back rate, not the paced one); else nullopt.
std::optional<double> achieved_rate(std::optional<double> tool_fps, std::optional<double> frames, double window_s,
                                    double window_uncertainty_s);

}  // namespace wb
