// The command kind's settings: the telemetry command, its pace and the channel rules.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "harness/plugin/probe_kind.hpp"
#include "probes/command/protocol.hpp"

namespace wb {

class ConfigNode;

struct CommandSettings : ProbeSettings {
  std::vector<std::string> argv;
  double interval_ms = 1000;
  double timeout_s = 5;
  std::vector<command::ChannelRule> channels;
  std::string transport() const override { return "command"; }
};

// A preset fills argv, channels, and rail and scope where the block does not give them.
std::shared_ptr<const ProbeSettings> parse_command_settings(const ConfigNode& n, ProbeConfig& common);

}  // namespace wb
