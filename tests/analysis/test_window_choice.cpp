// Window selection, table-driven: each rung of the evidence ladder, and what beats what.
#include <doctest/doctest.h>

#include "harness/analysis/window_choice.hpp"

using namespace wb;

namespace {
struct Case {
  const char* name;
  ToolResult tool;
  WindowEvidence ev;
  std::optional<double> trim_start, trim_end;
  const char* source;  // "" = no window
  double start_s, end_s, uncertainty_s;
  const char* invalid_contains;
};

ToolResult tool_with(std::optional<double> measured, std::optional<double> steady_a = {},
                     std::optional<double> steady_b = {}, double unc = 0) {
  ToolResult t;
  t.measured_s = measured;
  t.steady_start_s = steady_a;
  t.steady_end_s = steady_b;
  t.window_uncertainty_s = unc;
  return t;
}
WindowEvidence ev_with(std::optional<double> a, std::optional<double> b, std::optional<double> anchor = {},
                       double unc = 0) {
  WindowEvidence e;
  e.marker_start_s = a;
  e.marker_end_s = b;
  e.end_anchor_s = anchor;
  if (anchor) e.end_anchor_text = "=== summary ===";
  e.uncertainty_s = unc;
  return e;
}
}  // namespace

TEST_CASE("choose_window: tool clock > markers > start-and-duration > reported duration > trims > invalid") {
  const ToolSpan proc{2.0, 10.0, 1000.0};  // tool ran 2..10 s; the run clock starts at monotonic 1000 s
  const Case cases[] = {
      {"tool clock beats markers",
       tool_with(5.0, 1003.0, 1008.0, 0.01),
       ev_with(4.0, 9.0),
       {},
       {},
       "tool-clock",
       3.0,
       8.0,
       0.01,
       ""},
      {"markers beat a duration", tool_with(5.0), ev_with(4.0, 9.5, {}, 0.002), {}, {}, "markers", 4.0, 9.5, 0.002, ""},
      {"start marker plus duration",
       tool_with(3.0, {}, {}, 0.1),
       ev_with(4.0, {}, {}, 0.02),
       {},
       {},
       "start-and-duration",
       4.0,
       7.0,
       0.12,
       ""},
      {"duration ending at the anchor line",
       tool_with(3.0),
       ev_with({}, {}, 8.5),
       {},
       {},
       "reported-duration",
       5.5,
       8.5,
       0,
       ""},
      {"duration ending at exit", tool_with(3.0), ev_with({}, {}), {}, {}, "reported-duration", 7.0, 10.0, 0, ""},
      {"trimmed lifetime", tool_with({}), ev_with({}, {}), 1.0, 0.5, "lifetime", 3.0, 9.5, 0, ""},
      {"trims that leave nothing", tool_with({}), ev_with({}, {}), 5.0, 4.0, "", 0, 0, 0, "trims leave no window"},
      {"no evidence at all",
       tool_with({}),
       ev_with({}, {}),
       {},
       {},
       "",
       0,
       0,
       0,
       "no measured duration and printed no window markers"},
      {"a start marker alone is no window",
       tool_with({}),
       ev_with(4.0, {}),
       {},
       {},
       "",
       0,
       0,
       0,
       "set benchmark.trim_start_s"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    auto got = choose_window(c.tool, c.ev, proc, c.trim_start, c.trim_end);
    if (*c.source) {
      REQUIRE(got.window);
      CHECK(got.invalid.empty());
      CHECK(got.window->source == c.source);
      CHECK(got.window->start_s == doctest::Approx(c.start_s));
      CHECK(got.window->end_s == doctest::Approx(c.end_s));
      CHECK(got.uncertainty_s == doctest::Approx(c.uncertainty_s));
    } else {
      CHECK_FALSE(got.window);
      CHECK(got.invalid.find(c.invalid_contains) != std::string::npos);
    }
  }
}

TEST_CASE("choose_window: the tool's window note is carried into the detail once") {
  auto t = tool_with(3.0);
  t.window_note = "the tool's duration excludes its warm-up";
  auto got = choose_window(t, ev_with({}, {}, 8.5), {2.0, 10.0, 0}, {}, {});
  REQUIRE(got.window);
  CHECK(got.window->detail ==
        "3.000 s reported by the tool, ending at '=== summary ===' (t=8.500 s); "
        "the tool's duration excludes its warm-up");
}

TEST_CASE("window_problem: empty, before the tool, past exit on the tool's clock") {
  const ToolSpan proc{2.0, 10.0, 0};
  struct {
    Window w;
    const char* contains;  // "" = measurable
  } cases[] = {
      {{3.0, 8.0, "markers", ""}, ""},
      {{8.0, 8.0, "markers", "m"}, "the window is empty (markers: m)"},
      {{1.5, 8.0, "reported-duration", ""}, "window starts 0.500 s before the tool started"},
      {{3.0, 10.04, "tool-clock", ""}, ""},  // within the 50 ms the exit may trail
      {{3.0, 10.2, "tool-clock", ""}, "end 0.200 s after the tool exited"},
      {{3.0, 10.2, "markers", ""}, ""},  // a marker after exit cannot be: only the tool's clock is checked
  };
  for (const auto& c : cases) {
    CAPTURE(c.w.source);
    CAPTURE(c.w.end_s);
    auto why = window_problem(c.w, proc);
    if (*c.contains)
      CHECK(why.find(c.contains) != std::string::npos);
    else
      CHECK(why.empty());
  }
}

TEST_CASE("window_uncertainty_warning: only where the ± exceeds half a percent of the window") {
  Window w{0, 10, "markers", "redraw times"};
  CHECK(window_uncertainty_warning(w, 0.05).empty());
  auto warning = window_uncertainty_warning(w, 0.06);
  CHECK(warning.find("up to 0.060 s (0.6 % of the 10.000 s window) because redraw times") != std::string::npos);
}
