// The benchmark block of a config: what a tool adapter gets. Small on purpose, so plug-ins
// include it and node.hpp, not the whole config.
#pragma once
#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wb {

struct BenchmarkConfig {
  std::string tool;        // adapter name
  std::string executable;  // default: the adapter's tool name
  YAML::Node args;         // adapter-specific, validated by the adapter
  std::vector<std::string> extra_args;
  std::map<std::string, std::string> env;
  double timeout_s = 600;
  // A paced run (benchmark.target_fps): the tool caps its rate at this many frames per second
  // in its own flag (Adapter::pacing); nullopt runs it flat out.
  std::optional<double> target_fps;
  // Window fallback when the tool prints no markers and reports no duration: its lifetime
  // minus these (e.g. model load at the start).
  std::optional<double> trim_start_s, trim_end_s;
  // The headline rate: "delivered" (frames over the measured window, the default) or a rate
  // the tool names beside it (ToolResult::other_fps: "device", "hw_only", ...).
  std::string fps_source = "delivered";
};

}  // namespace wb
