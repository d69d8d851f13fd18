// YAML -> Ina226Settings.
#include "probes/ina226/settings.hpp"

#include "harness/config/node.hpp"

namespace wb {

std::shared_ptr<const ProbeSettings> parse_ina226_settings(const ConfigNode& n, ProbeConfig&) {
  n.allow_only({"name", "kind", "meter", "rail", "scope", "rate_hz", "transport", "device", "address", "shunt_ohm",
                "max_current_a", "conversion_us", "averaging", "i2c_hz", "trace", "accuracy_pct"});
  auto c = std::make_shared<Ina226Settings>();
  c->i2c = parse_i2c_chip(n, "INA226", {"sim", "ftdi", "i2c-dev"});
  if (auto s = n.number("shunt_ohm")) c->shunt_ohm = n.positive("shunt_ohm", *s);
  if (auto m = n.number("max_current_a")) c->max_current_a = n.positive("max_current_a", *m);
  if (auto ct = n.mapping("conversion_us")) {
    ct->allow_only({"vbus", "vshunt"});
    if (auto v = ct->number("vbus")) c->vbus_ct_us = *v;
    if (auto v = ct->number("vshunt")) c->vshunt_ct_us = *v;
  }
  if (auto a = n.integer("averaging")) c->averaging = static_cast<int>(*a);
  return c;
}

}  // namespace wb
