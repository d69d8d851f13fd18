// YAML -> PowerSupplySettings.
#include "probes/power_supply/settings.hpp"

#include <fmt/format.h>

#include "harness/config/node.hpp"

namespace wb {

std::shared_ptr<const ProbeSettings> parse_power_supply_settings(const ConfigNode& n, ProbeConfig& p) {
  n.allow_only({"name", "kind", "meter", "rail", "scope", "rate_hz", "accuracy_pct", "root", "supply", "transport"});
  auto s = std::make_shared<PowerSupplySettings>();
  if (auto t = n.string("transport")) {
    if (*t != "sysfs" && *t != "sim")
      n.fail("transport", fmt::format("unknown transport '{}'; expected sysfs or sim", *t));
    s->transport_name = *t;
  }
  if (auto r = n.string("root")) s->root = *r;
  auto supply = n.string("supply");
  if (!supply)
    n.fail("supply", "expected the supply's folder name under /sys/class/power_supply (BAT0, a USB-PD port, ...)");
  // The name becomes a path below the root: one folder name only (real ones carry ':' and '-',
  // "ucsi-source-psy-USBC000:001"), never a way out of the root.
  bool plain = !supply->empty() && supply->size() <= 255 && *supply != "." && *supply != "..";
  for (char c : *supply) plain = plain && c != '/' && static_cast<unsigned char>(c) >= 0x20 && c != 0x7f;
  if (!plain)
    n.fail("supply", "expected one folder name under the root (no '/', not '.' or '..', no control characters)");
  s->supply = *supply;
  // power_supply drivers refresh their readings every few hundred ms at best (a fuel gauge
  // every second or more): faster reads only repeat them.
  if (!n.has("rate_hz")) p.rate_hz = 10;
  return s;
}

}  // namespace wb
