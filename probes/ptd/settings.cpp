// YAML -> PtdSettings.
#include "probes/ptd/settings.hpp"

#include <fmt/format.h>

#include <cmath>

#include "harness/config/node.hpp"

namespace wb {

namespace {
std::string parse_range(const ConfigNode& n, const std::string& key, const std::string& unit) {
  auto s = n.string(key);
  if (!s || *s == "Auto" || *s == "auto") return "Auto";
  double v = 0;
  if (!YAML::convert<double>::decode(n.child(key), v) || !(v > 0) || std::isinf(v))
    n.fail(key, fmt::format("'{}': expected Auto or a positive range in {}", *s, unit));
  return *s;  // as written: PTDaemon gets the user's digits
}
}  // namespace

std::shared_ptr<const ProbeSettings> parse_ptd_settings(const ConfigNode& n, ProbeConfig& p) {
  n.allow_only({"name", "kind", "meter", "rail", "scope", "transport", "host", "port", "period_ms", "poll_ms",
                "volts_range", "amps_range", "channel", "timezone", "timeout_s", "max_uncertainty_pct",
                "accuracy_pct"});
  auto s = std::make_shared<PtdSettings>();
  auto& c = *s;
  if (auto t = n.string("transport")) {
    if (*t != "tcp" && *t != "sim") n.fail("transport", fmt::format("unknown transport '{}'; expected tcp or sim", *t));
    c.transport_name = *t;
  }
  if (auto h = n.string("host")) {
    if (h->empty() || h->find_first_of(" \t,") != std::string::npos)
      n.fail("host", fmt::format("'{}': expected a host name or address", *h));
    c.host = *h;
  }
  if (auto port = n.integer("port")) {
    if (*port < 1 || *port > 65535)
      n.fail("port", fmt::format("{}: expected a TCP port 1..65535 (PTDaemon's -p)", *port));
    c.port = static_cast<int>(*port);
  }
  if (auto v = n.integer("period_ms")) {
    if (*v < 10 || *v > 60000)
      n.fail("period_ms", fmt::format("{} ms: expected the analyzer's sample period, 10..60000 ms", *v));
    c.period_ms = static_cast<double>(*v);
  }
  if (auto v = n.number("poll_ms")) {
    if (*v < 10 || *v > 10000) n.fail("poll_ms", fmt::format("{:g} ms: expected 10..10000 ms", *v));
    c.poll_ms = *v;
  }
  c.volts_range = parse_range(n, "volts_range", "V");
  c.amps_range = parse_range(n, "amps_range", "A");
  if (auto ch = n.integer("channel")) {
    if (*ch < 0 || *ch > 8) n.fail("channel", "expected 0 (the sum) or an analyzer channel 1..8");
    c.channel = static_cast<int>(*ch);
  }
  if (auto tz = n.string("timezone")) {
    if (*tz != "local" && *tz != "utc")
      n.fail("timezone", fmt::format("'{}': expected local or utc (PTDaemon's TZ)", *tz));
    c.utc = *tz == "utc";
  }
  if (auto v = n.number("timeout_s")) c.timeout_s = n.seconds("timeout_s", *v, false);
  if (auto v = n.number("max_uncertainty_pct")) c.max_uncertainty_pct = n.positive("max_uncertainty_pct", *v);
  p.rate_hz = 1000 / c.period_ms;
  return s;
}

}  // namespace wb
