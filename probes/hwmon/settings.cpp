// YAML -> HwmonSettings.
#include "probes/hwmon/settings.hpp"

#include "harness/config/node.hpp"

namespace wb {

std::shared_ptr<const ProbeSettings> parse_hwmon_settings(const ConfigNode& n, ProbeConfig&) {
  n.allow_only({"name", "kind", "meter", "rail", "scope", "rate_hz", "root", "chip", "path", "channel", "label",
                "accuracy_pct"});
  auto s = std::make_shared<HwmonSettings>();
  auto& h = s->select;
  if (auto r = n.string("root")) h.root = *r;
  h.chip = n.string("chip").value_or("");
  h.path = n.string("path").value_or("");
  h.label = n.string("label").value_or("");
  if (auto c = n.integer("channel")) {
    if (*c < 0 || *c > 64) n.fail("channel", "expected a channel index 0..64");
    h.channel = static_cast<int>(*c);
  }
  return s;
}

}  // namespace wb
