// Registry of probe kinds: one explicit list.
#include <fmt/format.h>

#include <stdexcept>

#include "harness/config/config.hpp"
#include "probes/probe.hpp"

namespace wb {

std::unique_ptr<Probe> make_ina228_probe(const ProbeConfig& cfg, const ProbeContext& ctx);
std::unique_ptr<Probe> make_hwmon_probe(const ProbeConfig& cfg, const ProbeContext& ctx);
std::unique_ptr<Probe> make_command_probe(const ProbeConfig& cfg, const ProbeContext& ctx);
std::unique_ptr<Probe> make_ptd_probe(const ProbeConfig& cfg, const ProbeContext& ctx);

ProbeInfo probe_info_base(const ProbeConfig& cfg, const std::string& transport, double rate_hz) {
  ProbeInfo info;
  info.name = cfg.name;
  info.kind = cfg.kind;
  info.rail = cfg.rail;
  info.scope = cfg.scope;
  info.transport = transport;
  info.rate_hz = rate_hz;
  info.accuracy_pct = cfg.accuracy_pct;
  return info;
}

ProbeInfo rail_monitor_info(const ProbeConfig& cfg, const std::string& transport, const std::string& temp_name) {
  ProbeInfo info = probe_info_base(cfg, transport, cfg.rate_hz);
  info.channels = {{"vbus_v", "V", Quantity::voltage},
                   {"current_a", "A", Quantity::current},
                   {"power_w", "W", Quantity::power},
                   {"energy_j", "J", Quantity::energy},
                   {temp_name, "degC", Quantity::temperature}};
  info.power_channel = kRailPower;
  info.energy_channel = kRailEnergy;
  info.temperature_channels = {kRailTemp};
  return info;
}

std::unique_ptr<Probe> make_probe(const ProbeConfig& cfg, const ProbeContext& ctx) {
  if (cfg.kind == "hwmon") return make_hwmon_probe(cfg, ctx);
  if (cfg.kind == "command") return make_command_probe(cfg, ctx);
  if (cfg.kind == "ptd") return make_ptd_probe(cfg, ctx);
  if (cfg.kind == "ina228") {
    if (cfg.ina228.transport.rfind("hwmon", 0) == 0) return make_hwmon_probe(cfg, ctx);  // via the kernel driver
    return make_ina228_probe(cfg, ctx);
  }
  throw std::invalid_argument(fmt::format("probe {}: unknown kind '{}'", cfg.name, cfg.kind));
}

}  // namespace wb
