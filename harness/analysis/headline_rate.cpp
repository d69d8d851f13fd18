// The headline rate rule.
#include "harness/analysis/headline_rate.hpp"

#include <fmt/format.h>

namespace wb {

HeadlineRate headline_rate(const std::string& source, const ToolResult& tool, double window_s) {
  HeadlineRate h;
  h.fps = tool.fps;
  if (tool.fps_over_window) {
    // The tool's figures time each inference alone (paced runs): its rate is runs over the window.
    if (!tool.frames || !(window_s > 0)) {
      h.invalid = "the tool's figures time each inference alone and it reported no run count: no delivered rate";
      return h;
    }
    h.fps = *tool.frames / window_s;
    h.method = fmt::format("{:g} runs over the {:.3f} s window", *tool.frames, window_s);
  }
  if (source == "delivered") return h;
  auto it = tool.other_fps.find(source);
  if (it == tool.other_fps.end()) {
    std::string names;
    for (const auto& [k, v] : tool.other_fps) names += ", " + k;
    h.invalid = fmt::format("benchmark.fps_source is '{}' but the tool printed no such rate (it printed: delivered{})",
                            source, names);
    return h;
  }
  h.warning = fmt::format(
      "FPS, FPS/W and J/inference use the tool's '{}' rate {:.4g} FPS (benchmark.fps_source), not the "
      "delivered {}",
      source, it->second, h.fps ? fmt::format("{:.4g} FPS", *h.fps) : std::string("rate"));
  h.tool_fps = h.fps;
  h.fps = it->second;
  return h;
}

}  // namespace wb
