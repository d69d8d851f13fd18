// The command probe's pure part: channel rules (regex with one capture group, scale, unit)
// and the ready presets for vendor telemetry commands.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "harness/trace/sample.hpp"

namespace wb::command {

struct ChannelRule {
  std::string name;   // channel name, e.g. "npu0_temp_c"
  std::string regex;  // ECMAScript; group 1 is the number
  std::string unit;   // "W", "V", "degC", "MHz", ...
  Quantity quantity = Quantity::other;
  double scale = 1.0;  // captured number × scale = value in `unit`
};

struct Preset {
  std::string name;
  std::vector<std::string> argv;
  std::vector<ChannelRule> channels;
  std::string scope;  // of its power channel, if any
  std::string rail;
  std::string source;  // where the format comes from
};

const std::vector<Preset>& presets();
const Preset* find_preset(const std::string& name);
std::optional<Quantity> quantity_from_name(const std::string& name);

// First match of each rule in `output`; kMissing where a rule does not match.
// Throws std::invalid_argument for a rule whose regex does not compile or has no group.
std::vector<double> extract(const std::string& output, const std::vector<ChannelRule>& rules);
void check_rule(const ChannelRule& rule);

}  // namespace wb::command
