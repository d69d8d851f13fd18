// YAML -> RaplSettings.
#include "probes/rapl/settings.hpp"

#include <fmt/format.h>

#include "harness/config/node.hpp"

namespace wb {

std::shared_ptr<const ProbeSettings> parse_rapl_settings(const ConfigNode& n, ProbeConfig& p) {
  n.allow_only({"name", "kind", "meter", "rail", "scope", "rate_hz", "accuracy_pct", "root", "zone", "transport"});
  auto s = std::make_shared<RaplSettings>();
  if (auto t = n.string("transport")) {
    if (*t != "powercap" && *t != "sim")
      n.fail("transport", fmt::format("unknown transport '{}'; expected powercap or sim", *t));
    s->transport_name = *t;
  }
  if (auto r = n.string("root")) s->root = *r;
  if (auto z = n.string("zone")) {
    if (z->empty()) n.fail("zone", "expected a zone name (package-0, core, dram, psys) or folder (intel-rapl:0)");
    s->zone = *z;
  }
  // The counter moves about every millisecond in energy units of ~61 µJ: faster reads only
  // repeat it, and at 1 kHz one unit is already 0.06 W of quantisation in a power sample.
  if (!n.has("rate_hz")) p.rate_hz = 100;
  if (p.rail.empty()) p.rail = "RAPL " + s->zone;
  if (p.scope.empty()) p.scope = "host";
  return s;
}

}  // namespace wb
