// The live monitor's screen as text rows for a given terminal size: a header, column titles
// and one row per channel (value, min / mean / max since start, achieved rate, sparkline).
// Pure, so the layout on narrow or short terminals is unit-tested without a terminal.
#pragma once
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/monitor/live_stats.hpp"

namespace wb {

struct MonitorScreen {
  std::string title;  // the config's name
  double elapsed_s = 0;
  std::string note;  // e.g. where the CSV goes; shown below the rows when there is room
  bool utf8 = true;  // false: ASCII only (sparkline, units, ellipses)
};

// At most `height` rows, none wider than `width` columns. Columns go, least useful first,
// when the width runs out: the sparkline, then min and max, then the rate, then the mean;
// the channel names are elided last.
std::vector<std::string> layout_screen(const MonitorScreen& screen, std::span<const ProbeStats> probes,
                                       std::size_t width, std::size_t height);

// Columns taken by UTF-8 text (one per code point: the monitor prints no wide characters).
std::size_t display_width(std::string_view s);
// `s` cut to `width` columns (the cut marked with an ellipsis) or padded with spaces to it.
std::string fit(std::string_view s, std::size_t width, bool utf8 = true, bool right_align = false);

}  // namespace wb
