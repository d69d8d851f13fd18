// YAML -> CommandSettings.
#include "probes/command/settings.hpp"

#include <fmt/format.h>

#include <cctype>
#include <stdexcept>

#include "harness/config/node.hpp"

namespace wb {

std::shared_ptr<const ProbeSettings> parse_command_settings(const ConfigNode& n, ProbeConfig& p) {
  n.allow_only({"name", "kind", "meter", "rail", "scope", "preset", "argv", "interval_ms", "timeout_s", "channels",
                "accuracy_pct"});
  auto s = std::make_shared<CommandSettings>();
  auto& c = *s;
  const command::Preset* preset = nullptr;
  if (auto name = n.string("preset")) {
    preset = command::find_preset(*name);
    if (!preset) {
      std::string names;
      for (const auto& pr : command::presets()) names += (names.empty() ? "" : ", ") + pr.name;
      n.fail("preset", fmt::format("unknown preset '{}'; expected one of: {}", *name, names));
    }
    c.argv = preset->argv;
    c.channels = preset->channels;
    if (p.rail.empty()) p.rail = preset->rail;
    if (p.scope.empty()) p.scope = preset->scope;
  }
  if (auto argv = n.string_list("argv")) c.argv = *argv;
  if (c.argv.empty()) n.fail_here("a command probe needs argv (a list: program and arguments) or a preset");
  if (auto v = n.number("interval_ms")) c.interval_ms = 1000 * n.seconds("interval_ms", *v / 1000, false);
  if (auto v = n.number("timeout_s")) c.timeout_s = n.seconds("timeout_s", *v, false);
  if (n.has("channels")) {
    c.channels.clear();
    for (const auto& ch : n.mapping_list("channels")) {
      ch.allow_only({"name", "regex", "unit", "quantity", "scale"});
      command::ChannelRule r;
      r.name = ch.require_string("name");
      // The name is a column of power-<probe>.csv: a comma or quote there would shift every column.
      for (char k : r.name)
        if (!std::isalnum(static_cast<unsigned char>(k)) && k != '_' && k != '-' && k != '.')
          ch.fail("name", fmt::format("'{}': use letters, digits, '.', '_' or '-' (it names a CSV column)", r.name));
      if (r.name.empty() || r.name.size() > kMaxProbeName)
        ch.fail("name",
                fmt::format("{} characters: expected 1 to {} (it names a CSV column)", r.name.size(), kMaxProbeName));
      for (const auto& other : c.channels)
        if (other.name == r.name) ch.fail("name", fmt::format("channel name '{}' is used twice", r.name));
      r.regex = ch.require_string("regex");
      r.unit = ch.string("unit").value_or("");
      r.scale = ch.number("scale").value_or(1.0);
      auto q = ch.string("quantity").value_or("other");
      auto qq = command::quantity_from_name(q);
      if (!qq)
        ch.fail("quantity",
                fmt::format("'{}': expected power, energy, voltage, current, charge, temperature or other", q));
      r.quantity = *qq;
      try {
        command::check_rule(r);
      } catch (const std::invalid_argument& e) {
        ch.fail("regex", e.what());
      }
      c.channels.push_back(r);
    }
  }
  if (c.channels.empty()) n.fail_here("a command probe needs channels (name, regex with one group) or a preset");
  bool has_power = false;
  for (const auto& r : c.channels) has_power |= r.quantity == Quantity::power || r.quantity == Quantity::energy;
  if (has_power && p.scope.empty()) n.fail_here("a probe with a power channel needs 'scope'");
  return s;
}

}  // namespace wb
