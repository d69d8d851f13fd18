// Registry of probe kinds: the one explicit list. A kind is defined in its folder's probe.cpp.
#include <fmt/format.h>

#include <stdexcept>

#include "harness/plugin/bench_double.hpp"
#include "harness/plugin/probe.hpp"
#include "harness/plugin/probe_kind.hpp"

namespace wb {

extern const ProbeKind ina228_probe_kind;
extern const ProbeKind hwmon_probe_kind;
extern const ProbeKind command_probe_kind;
extern const ProbeKind ptd_probe_kind;
extern const ProbeKind ina226_probe_kind;
extern const ProbeKind ina260_probe_kind;
extern const ProbeKind rapl_probe_kind;
extern const ProbeKind nvml_probe_kind;
extern const ProbeKind power_supply_probe_kind;

const std::vector<const ProbeKind*>& probe_kinds() {
  static const std::vector<const ProbeKind*> kinds{
      &ina228_probe_kind, &hwmon_probe_kind, &command_probe_kind, &ptd_probe_kind,          &ina226_probe_kind,
      &ina260_probe_kind, &rapl_probe_kind,  &nvml_probe_kind,    &power_supply_probe_kind,
  };
  return kinds;
}

const ProbeKind* find_probe_kind(const std::string& name) {
  for (const auto* k : probe_kinds())
    if (name == k->name) return k;
  return nullptr;
}

std::string probe_kind_names() {
  std::string names;
  for (const auto* k : probe_kinds()) names += fmt::format("{}{}", names.empty() ? "" : ", ", k->name);
  return names;
}

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

nlohmann::json probe_settings(const ProbeConfig& cfg, const std::string& transport, nlohmann::json own) {
  own["kind"] = cfg.kind;
  own["transport"] = transport;
  own["rate_hz"] = cfg.rate_hz;
  own["rail"] = cfg.rail;
  own["scope"] = cfg.scope;
  return own;
}

std::filesystem::path sysfs_root(const ProbeConfig& cfg, const ProbeContext& ctx, const std::filesystem::path& root,
                                 const SimulatedTree& simulate, const std::string& sim_folder,
                                 std::shared_ptr<void>& sim) {
  if (!cfg.settings || !cfg.settings->simulated()) return root;
  if (!simulate)
    throw std::runtime_error(
        fmt::format("probe {}: transport {} needs the simulated bench", cfg.name, cfg.settings->transport()));
  std::filesystem::path tree = ctx.run_dir / sim_folder / cfg.name;
  sim = simulate(tree);
  return tree;
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

ProbeInfo with_declared_meter(ProbeInfo info, const ProbeConfig& cfg) {
  if (!cfg.meter || info.power_channel < 0 || static_cast<std::size_t>(info.power_channel) >= info.channels.size())
    return info;
  info.channels[static_cast<std::size_t>(info.power_channel)].meter = *cfg.meter;
  return info;
}

MeterInfo ina_power_meter(const std::string& chip, double set_s, int averages) {
  return {MeterKind::averaged, set_s * averages,
          fmt::format("{}: mean of {} conversion set{} of {:.4g} ms", chip, averages, averages == 1 ? "" : "s",
                      set_s * 1e3)};
}

namespace {
const ProbeKind& kind_of(const ProbeConfig& cfg) {
  const ProbeKind* kind = find_probe_kind(cfg.kind);
  if (!kind) throw std::invalid_argument(fmt::format("probe {}: unknown kind '{}'", cfg.name, cfg.kind));
  if (!cfg.settings) throw std::invalid_argument(fmt::format("probe {}: no {} settings", cfg.name, cfg.kind));
  return *kind;
}
}  // namespace

std::unique_ptr<Probe> make_unopened_probe(const ProbeConfig& cfg) { return kind_of(cfg).make(cfg, ProbeContext{}); }

std::unique_ptr<Probe> make_probe(const ProbeConfig& cfg, const ProbeContext& ctx) {
  const ProbeKind& kind = kind_of(cfg);
  if (!cfg.settings->simulated()) return kind.make(cfg, ctx);
  if (!ctx.bench)
    throw std::runtime_error(
        fmt::format("probe {}: transport {} needs the simulated bench", cfg.name, cfg.settings->transport()));
  return ctx.bench->make_probe(cfg, ctx);
}

}  // namespace wb
