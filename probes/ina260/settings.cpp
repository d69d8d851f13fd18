// YAML -> Ina260Settings.
#include "probes/ina260/settings.hpp"

#include "harness/config/node.hpp"

namespace wb {

std::shared_ptr<const ProbeSettings> parse_ina260_settings(const ConfigNode& n, ProbeConfig&) {
  n.allow_only({"name", "kind", "meter", "rail", "scope", "rate_hz", "transport", "device", "address", "conversion_us",
                "averaging", "i2c_hz", "trace", "accuracy_pct"});
  auto c = std::make_shared<Ina260Settings>();
  c->i2c = parse_i2c_chip(n, "INA260", {"sim", "ftdi", "i2c-dev"});
  if (auto ct = n.mapping("conversion_us")) {
    ct->allow_only({"vbus", "ishunt"});
    if (auto v = ct->number("vbus")) c->vbus_ct_us = *v;
    if (auto v = ct->number("ishunt")) c->ishunt_ct_us = *v;
  }
  if (auto a = n.integer("averaging")) c->averaging = static_cast<int>(*a);
  return c;
}

}  // namespace wb
