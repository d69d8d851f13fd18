// Window selection from the tool's evidence.
#include "harness/analysis/window_choice.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace wb {

WindowChoice choose_window(const ToolResult& tool, const WindowEvidence& ev, const ToolSpan& proc,
                           std::optional<double> trim_start_s, std::optional<double> trim_end_s) {
  WindowChoice c;
  Window w;
  std::string note;
  if (tool.steady_start_s && tool.steady_end_s) {
    w = {*tool.steady_start_s - proc.t0_steady_s, *tool.steady_end_s - proc.t0_steady_s, "tool-clock",
         tool.window_note.empty() ? "the tool's own monotonic timestamps" : tool.window_note};
    c.uncertainty_s = tool.window_uncertainty_s;
  } else if (ev.marker_start_s && ev.marker_end_s) {
    w = {*ev.marker_start_s, *ev.marker_end_s, "markers",
         ev.detail.empty() ? "between the tool's start and end markers" : ev.detail};
    c.uncertainty_s = ev.uncertainty_s;
  } else if (ev.marker_start_s && tool.measured_s) {
    w = {*ev.marker_start_s, *ev.marker_start_s + *tool.measured_s, "start-and-duration",
         fmt::format("{} (t={:.3f} s), lasting the {:.3f} s the tool reported", ev.detail, *ev.marker_start_s,
                     *tool.measured_s)};
    c.uncertainty_s = ev.uncertainty_s + tool.window_uncertainty_s;
    note = tool.window_note;
  } else if (tool.measured_s) {
    double end = ev.end_anchor_s.value_or(proc.end_s);
    w = {end - *tool.measured_s, end, "reported-duration",
         fmt::format("{:.3f} s reported by the tool, ending at {}", *tool.measured_s,
                     ev.end_anchor_s ? fmt::format("'{}' (t={:.3f} s)", ev.end_anchor_text, end)
                                     : fmt::format("process exit (t={:.3f} s)", end))};
    if (!ev.detail.empty()) w.detail += "; " + ev.detail;
    c.uncertainty_s = ev.uncertainty_s + tool.window_uncertainty_s;
    note = tool.window_note;
  } else if (trim_start_s || trim_end_s) {
    double a = proc.start_s + trim_start_s.value_or(0), b = proc.end_s - trim_end_s.value_or(0);
    w = {a, b, "lifetime",
         fmt::format("the tool's lifetime {:.3f}..{:.3f} s trimmed by {:g} s at the start and {:g} s at the end",
                     proc.start_s, proc.end_s, trim_start_s.value_or(0), trim_end_s.value_or(0))};
    if (!(b > a)) {
      c.invalid = "the trims leave no window of the tool's lifetime";
      return c;
    }
  } else {
    c.invalid =
        (tool.window_note.empty() ? std::string("the tool reported no measured duration and printed no window markers")
                                  : tool.window_note) +
        " (set benchmark.trim_start_s/trim_end_s to measure its trimmed lifetime)";
    return c;
  }
  if (!note.empty() && w.detail.find(note) == std::string::npos) w.detail += "; " + note;
  c.window = w;
  return c;
}

std::string window_problem(const Window& w, const ToolSpan& proc) {
  if (!(w.end_s > w.start_s)) return fmt::format("the window is empty ({}: {})", w.source, w.detail);
  if (w.start_s < proc.start_s)
    return fmt::format("window starts {:.3f} s before the tool started: the reported duration does not fit",
                       proc.start_s - w.start_s);
  // The tool's clock lets an edge land after exit only if the clocks differ: refuse rather than guess.
  if (w.source == "tool-clock" && w.end_s > proc.end_s + 0.05)
    return fmt::format(
        "the tool's timestamps end {:.3f} s after the tool exited: its clock is not this host's monotonic clock",
        w.end_s - proc.end_s);
  return "";
}

std::string window_uncertainty_warning(const Window& w, double uncertainty_s) {
  // The ± is always shown with the window; a warning only where it could move the figures.
  if (!(uncertainty_s > 0.005 * w.length())) return "";
  return fmt::format(
      "the window is approximate: each edge may be off by up to {:.3f} s ({:.1f} % of the {:.3f} s window) because {}",
      uncertainty_s, 100 * uncertainty_s / std::max(w.length(), 1e-9), w.length(), w.detail);
}

}  // namespace wb
