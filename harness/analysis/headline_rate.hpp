// Which rate is the FPS of FPS/W (docs/WINDOWS.md): the one the card delivered over the
// measured window, unless benchmark.fps_source names another rate the tool printed beside it
// (device-only, theoretical). Plain inputs, so each rule is tested without a run folder.
#pragma once
#include <optional>
#include <string>

#include "harness/plugin/tool_kind.hpp"

namespace wb {

struct HeadlineRate {
  std::optional<double> fps;       // the headline
  std::optional<double> tool_fps;  // the delivered rate, where fps_source put another in its place
  std::string method;              // how a counted rate was counted; "" for the tool's own figure
  std::string warning;             // said with the run when the headline is not the delivered rate
  std::string invalid;             // non-empty: no headline, and why
};

// source: benchmark.fps_source; window_s: the measured window's length.
HeadlineRate headline_rate(const std::string& source, const ToolResult& tool, double window_s);

}  // namespace wb
