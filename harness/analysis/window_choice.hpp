// Which span of the run clock the figures are measured over, best evidence first: the
// tool's own clock, start/end markers, a start plus the tool's duration, the duration ending
// at the line after the timed phase (or at exit), the trimmed lifetime; else no window.
// Plain inputs only, so every rung is tested without a run folder.
#pragma once
#include <optional>
#include <string>

#include "harness/analysis/energy.hpp"
#include "harness/plugin/tool_kind.hpp"

namespace wb {

// The tool's process as the run clock saw it.
struct ToolSpan {
  double start_s = 0, end_s = 0;  // run-relative
  double t0_steady_s = 0;         // the run clock's origin on CLOCK_MONOTONIC
};

struct WindowChoice {
  std::optional<Window> window;  // nullopt: no evidence; `invalid` says why
  double uncertainty_s = 0;      // how far either edge may be off
  std::string invalid;           // non-empty: the run is invalid for this reason
};

WindowChoice choose_window(const ToolResult& tool, const WindowEvidence& ev, const ToolSpan& proc,
                           std::optional<double> trim_start_s, std::optional<double> trim_end_s);

// Why a chosen window cannot be measured (empty, before the tool, past its exit on the tool's
// clock); empty when it can.
std::string window_problem(const Window& w, const ToolSpan& proc);

// The warning for an approximate window, where the ± could move the figures; empty otherwise.
std::string window_uncertainty_warning(const Window& w, double uncertainty_s);

}  // namespace wb
