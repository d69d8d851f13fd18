// YAML -> Ina228Settings.
#include "probes/ina228/settings.hpp"

#include <fmt/format.h>

#include "harness/config/node.hpp"

namespace wb {

std::shared_ptr<const ProbeSettings> parse_ina228_settings(const ConfigNode& n, ProbeConfig&) {
  n.allow_only({"name", "kind", "meter", "rail", "scope", "rate_hz", "transport", "device", "address", "shunt_ohm",
                "max_current_a", "adc_range", "conversion_us", "averaging", "i2c_hz", "trace", "accuracy_pct"});
  auto c = std::make_shared<Ina228Settings>();
  c->i2c = parse_i2c_chip(n, "INA228", {"sim", "ftdi", "i2c-dev", "hwmon", "hwmon-sim"});
  if (auto s = n.number("shunt_ohm")) c->shunt_ohm = n.positive("shunt_ohm", *s);
  if (auto m = n.number("max_current_a")) c->max_current_a = n.positive("max_current_a", *m);
  if (auto r = n.string("adc_range")) {
    if (*r == "auto")
      c->adc_range_40mv.reset();
    else if (*r == "163.84mV")
      c->adc_range_40mv = false;
    else if (*r == "40.96mV")
      c->adc_range_40mv = true;
    else
      n.fail("adc_range", fmt::format("'{}': expected auto, 163.84mV or 40.96mV", *r));
  }
  if (auto ct = n.mapping("conversion_us")) {
    ct->allow_only({"vbus", "vshunt", "vtemp"});
    if (auto v = ct->number("vbus")) c->vbus_ct_us = *v;
    if (auto v = ct->number("vshunt")) c->vshunt_ct_us = *v;
    if (auto v = ct->number("vtemp")) c->vtemp_ct_us = *v;
  }
  if (auto a = n.integer("averaging")) c->averaging = static_cast<int>(*a);
  return c;
}

}  // namespace wb
