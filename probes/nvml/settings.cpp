// YAML -> NvmlSettings.
#include "probes/nvml/settings.hpp"

#include <fmt/format.h>

#include "harness/config/node.hpp"

namespace wb {

std::shared_ptr<const ProbeSettings> parse_nvml_settings(const ConfigNode& n, ProbeConfig& p) {
  n.allow_only({"name", "kind", "meter", "rail", "scope", "rate_hz", "accuracy_pct", "device", "library", "transport"});
  auto s = std::make_shared<NvmlSettings>();
  if (auto t = n.string("transport")) {
    if (*t != "nvml" && *t != "sim")
      n.fail("transport", fmt::format("unknown transport '{}'; expected nvml or sim", *t));
    s->transport_name = *t;
  }
  if (auto d = n.string("device")) {
    bool index = !d->empty() && d->find_first_not_of("0123456789") == std::string::npos;
    bool uuid = d->rfind("GPU-", 0) == 0 || d->rfind("MIG-", 0) == 0;
    unsigned a, b, c, f;
    bool pci = std::sscanf(d->c_str(), "%x:%x:%x.%x", &a, &b, &c, &f) == 4;
    if (!index && !uuid && !pci)
      n.fail("device",
             fmt::format(
                 "'{}': expected an index (0), a UUID (GPU-…) or a PCI bus id (0000:01:00.0), as `nvidia-smi -L` shows",
                 *d));
    s->device = *d;
  }
  if (auto l = n.string("library")) s->library = *l;
  // The driver's power value changes about every 20-100 ms and each call costs a driver round trip.
  if (!n.has("rate_hz")) p.rate_hz = 50;
  if (p.rail.empty()) p.rail = "GPU board (NVML)";
  if (p.scope.empty()) p.scope = "board";
  return s;
}

}  // namespace wb
