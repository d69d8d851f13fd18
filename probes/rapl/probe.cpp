// The rapl probe: a powercap zone's energy counter (Intel RAPL, AMD RAPL through the same
// intel-rapl zones) as the window's energy source, with power from its differences.
#include "probes/rapl/probe.hpp"

#include <fmt/format.h>

#include <ostream>

#include "harness/plugin/probe.hpp"
#include "probes/rapl/powercap.hpp"
#include "probes/rapl/settings.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {

enum RaplChannel { kPower, kEnergy, kChannelCount };

class RaplProbe : public Probe {
 public:
  RaplProbe(const ProbeConfig& cfg, const ProbeContext& ctx, SimulatedTree simulate)
      : m_cfg(cfg), m_ctx(ctx), m_s(cfg.settings_as<RaplSettings>()), m_simulate(std::move(simulate)) {
    m_info = probe_info_base(cfg, m_s.transport_name == "sim" ? "powercap-sim" : "powercap", cfg.rate_hz);
    m_info.channels = {{"power_w", "W", Quantity::power}, {"energy_j", "J", Quantity::energy}};
    m_info.power_channel = kPower;
    m_info.energy_channel = kEnergy;
    m_info.channels[kPower].meter = {MeterKind::averaged, cfg.rate_hz > 0 ? 1 / cfg.rate_hz : 0,
                                     "energy_uj difference over one read period"};
    m_info.channels[kEnergy].meter = {MeterKind::accumulator, 0, "powercap energy_uj"};
  }

  const ProbeInfo& info() const override { return m_info; }

  void open() override {
    fs::path root = sysfs_root(m_cfg, m_ctx, m_s.root, m_simulate, "sim-powercap", m_sim);
    auto zones = powercap::discover(root);
    std::string seen;
    for (const auto& z : zones) {
      seen += fmt::format("\n  {} ({})", z.id, z.name);
      if (z.name == m_s.zone || z.id == m_s.zone) m_zone = z;
    }
    if (m_zone.id.empty())
      throw std::runtime_error(
          fmt::format("probe {}: no powercap zone '{}' under {}{}", m_cfg.name, m_s.zone, root.string(),
                      zones.empty() ? " (no zones there: is the intel_rapl_msr module loaded?)" : "; found:" + seen));
    if (!m_zone.max_energy_range_uj)
      m_info.warnings.push_back(
          fmt::format("{}: no max_energy_range_uj; a counter wrap would stop the run", m_zone.dir.string()));
    m_unwrap = powercap::EnergyUnwrapper(m_zone.max_energy_range_uj);
    m_unwrap.add(powercap::read_energy_uj(m_zone));
    m_last_t = -1;
  }

  void read(Sample& s) override {
    s.values.assign(kChannelCount, kMissing);
    double joules = m_unwrap.add(powercap::read_energy_uj(m_zone));
    s.values[kEnergy] = joules;
    // The counter moves in whole units about every millisecond: power over one read period.
    if (m_last_t >= 0 && s.t_s > m_last_t) s.values[kPower] = (joules - m_last_j) / (s.t_s - m_last_t);
    if (joules == m_last_j && m_last_t >= 0) s.flags |= kFlagStale;
    m_last_t = s.t_s;
    m_last_j = joules;
  }

  void close() override {
    if (m_unwrap.wraps() > 0)
      m_info.warnings.push_back(fmt::format("{}: the energy counter wrapped {} time(s) and was unwrapped",
                                            m_zone.dir.string(), m_unwrap.wraps()));
    m_sim.reset();
  }

  nlohmann::json settings() const override {
    return probe_settings(m_cfg, m_info.transport,
                          {{"root", m_s.simulated() ? std::string("<run>/sim-powercap") : m_s.root},
                           {"zone", m_s.zone},
                           {"zone_dir", m_zone.dir.string()}});
  }

 private:
  ProbeConfig m_cfg;
  ProbeContext m_ctx;
  const RaplSettings& m_s;
  ProbeInfo m_info;
  powercap::Zone m_zone;
  powercap::EnergyUnwrapper m_unwrap{std::nullopt};
  double m_last_t = -1, m_last_j = 0;
  SimulatedTree m_simulate;
  std::shared_ptr<void> m_sim;  // the simulated powercap driver, while open
};

std::unique_ptr<Probe> make_real_rapl_probe(const ProbeConfig& cfg, const ProbeContext& ctx) {
  return std::make_unique<RaplProbe>(cfg, ctx, nullptr);
}

void scan_powercap(std::ostream& out, const ScanOptions& opt) {
  auto zones = powercap::discover(opt.powercap_root);
  out << "powercap (RAPL) zones under " << opt.powercap_root.string() << ":" << (zones.empty() ? " none\n" : "\n");
  for (const auto& z : zones) {
    std::string readable;
    try {
      powercap::read_energy_uj(z);
    } catch (const std::exception&) {
      readable = "  (energy_uj not readable: root only since Linux 5.10)";
    }
    out << fmt::format("  {}  name={}{}\n", z.id, z.name, readable);
  }
}

}  // namespace

std::unique_ptr<Probe> make_rapl_probe(const ProbeConfig& cfg, const ProbeContext& ctx, SimulatedTree simulate) {
  return std::make_unique<RaplProbe>(cfg, ctx, std::move(simulate));
}

extern const ProbeKind rapl_probe_kind;
const ProbeKind rapl_probe_kind{"rapl",
                                "the host's CPU package energy from Linux powercap (Intel and AMD RAPL)",
                                false,
                                true,
                                &parse_rapl_settings,
                                &make_real_rapl_probe,
                                &scan_powercap};

}  // namespace wb
