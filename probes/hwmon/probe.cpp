// The hwmon probe: reads one channel (index n, or the channel with a given label) of a hwmon
// chip: in<n> (V), curr<n> (A), power<n> (W, or V×I where the chip has no power file, as on
// the INA3221), energy<n> (J), temp1 (°C). Also the hwmon transport of chip kinds (an INA228
// under the kernel's ina238 driver, or that driver simulated on a fake tree).
#include "probes/hwmon/probe.hpp"

#include <fmt/format.h>

#include "probes/hwmon/protocol.hpp"
#include "probes/hwmon/settings.hpp"
#include "probes/probe.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {

class HwmonProbe : public Probe {
 public:
  HwmonProbe(const ProbeConfig& cfg, const ProbeContext& ctx, HwmonSelect h, HwmonSimulator simulate)
      : m_cfg(cfg), m_ctx(ctx), m_h(std::move(h)), m_simulate(std::move(simulate)) {
    m_info = rail_monitor_info(cfg, m_simulate ? "hwmon-sim" : "hwmon", "temp_c");
  }

  const ProbeInfo& info() const override { return m_info; }

  void open() override {
    fs::path root = m_h.root;
    if (m_simulate) {
      if (!m_ctx.load) throw std::runtime_error(fmt::format("probe {}: hwmon-sim needs the simulated bench", m_cfg.name));
      root = m_ctx.run_dir / "sim-sysfs" / m_cfg.name;
      m_sim = m_simulate(root, *m_ctx.load);
    }
    auto chips = hwmon::discover(root);
    const hwmon::Chip* chip = nullptr;
    std::string seen;
    for (const auto& c : chips) {
      seen += fmt::format("\n  {} name={}{}", c.dir.filename().string(), c.name, c.has_power() ? " (power)" : "");
      bool match = !m_h.path.empty() ? c.dir.filename() == m_h.path : m_h.chip.empty() ? c.has_power() : c.name == m_h.chip;
      if (match && !chip) chip = &c;
    }
    if (!chip)
      throw std::runtime_error(fmt::format("probe {}: no hwmon chip {} under {}{}", m_cfg.name,
                                           !m_h.path.empty() ? "at " + m_h.path : m_h.chip.empty() ? "with power readings" : "named '" + m_h.chip + "'",
                                           root.string(), chips.empty() ? " (no hwmon* folders there)" : "; found:" + seen));
    m_chip = *chip;
    int index = m_h.channel;
    if (!m_h.label.empty()) {
      index = -1;
      for (const auto& a : m_chip.attributes)
        if (a.label == m_h.label) index = a.index;
      if (index < 0) throw std::runtime_error(fmt::format("probe {}: no channel labelled '{}' in {}", m_cfg.name, m_h.label, m_chip.dir.string()));
    }
    m_attr.assign(kRailChannelCount, std::nullopt);
    for (const auto& a : m_chip.attributes) {
      if (a.kind == hwmon::Kind::voltage && a.index == index) m_attr[kRailVoltage] = a;
      if (a.kind == hwmon::Kind::current && a.index == index) m_attr[kRailCurrent] = a;
      if (a.kind == hwmon::Kind::power && a.index == index) m_attr[kRailPower] = a;
      if (a.kind == hwmon::Kind::energy && a.index == index) m_attr[kRailEnergy] = a;
      if (a.kind == hwmon::Kind::temperature && !m_attr[kRailTemp]) m_attr[kRailTemp] = a;
    }
    m_power_from_vi = !m_attr[kRailPower] && m_attr[kRailVoltage] && m_attr[kRailCurrent];
    if (!m_attr[kRailPower] && !m_attr[kRailEnergy] && !m_power_from_vi)
      throw std::runtime_error(fmt::format("probe {}: {} ({}) has no power{}, energy{} or in{}+curr{} files: no watts",
                                           m_cfg.name, m_chip.dir.string(), m_chip.name, index, index, index, index));
    if (!m_attr[kRailEnergy]) m_info.energy_channel = -1;
  }

  void read(Sample& s) override {
    s.values.assign(kRailChannelCount, kMissing);
    bool any = false;
    for (int c = 0; c < kRailChannelCount; ++c) {
      if (!m_attr[static_cast<std::size_t>(c)]) continue;
      auto v = hwmon::read_attribute(m_chip.dir, *m_attr[static_cast<std::size_t>(c)]);
      if (v) s.values[static_cast<std::size_t>(c)] = *v, any = true;
    }
    if (m_power_from_vi && is_present(s.values[kRailVoltage]) && is_present(s.values[kRailCurrent]))
      s.values[kRailPower] = s.values[kRailVoltage] * s.values[kRailCurrent];
    if (!any) throw std::runtime_error(fmt::format("{}: no readable value (device gone?)", m_chip.dir.string()));
  }

  void close() override { m_sim.reset(); }

  nlohmann::json settings() const override {
    return {{"kind", m_cfg.kind},
            {"transport", m_info.transport},
            {"root", m_simulate ? std::string("<run>/sim-sysfs") : m_h.root},
            {"chip", m_h.chip},
            {"path", m_h.path},
            {"channel", m_h.channel},
            {"label", m_h.label},
            {"rate_hz", m_cfg.rate_hz},
            {"rail", m_cfg.rail},
            {"scope", m_cfg.scope}};
  }

 private:
  ProbeConfig m_cfg;
  ProbeContext m_ctx;
  HwmonSelect m_h;
  HwmonSimulator m_simulate;
  ProbeInfo m_info;
  hwmon::Chip m_chip;
  std::vector<std::optional<hwmon::Attribute>> m_attr;
  bool m_power_from_vi = false;
  std::shared_ptr<void> m_sim;  // the simulated driver, while open
};

}  // namespace

std::unique_ptr<Probe> make_hwmon_rail_probe(const ProbeConfig& cfg, const ProbeContext& ctx, HwmonSelect select,
                                             HwmonSimulator simulate) {
  return std::make_unique<HwmonProbe>(cfg, ctx, std::move(select), std::move(simulate));
}

void scan_hwmon(std::ostream& out, const ScanOptions& opt) {
  auto chips = hwmon::discover(opt.hwmon_root);
  out << "hwmon sensors under " << opt.hwmon_root.string() << ":" << (chips.empty() ? " none\n" : "\n");
  for (const auto& c : chips) {
    std::string attrs;
    for (const auto& a : c.attributes) attrs += " " + a.file + (a.label.empty() ? "" : "(" + a.label + ")");
    out << fmt::format("  {}  name={}{}:{}\n", c.dir.filename().string(), c.name, c.has_power() ? " [power]" : "", attrs);
  }
}

namespace {
std::unique_ptr<Probe> make_hwmon_probe(const ProbeConfig& cfg, const ProbeContext& ctx) {
  return make_hwmon_rail_probe(cfg, ctx, cfg.settings_as<HwmonSettings>().select);
}
}  // namespace

extern const ProbeKind hwmon_probe_kind;
const ProbeKind hwmon_probe_kind{"hwmon", "a Linux hwmon chip's power, energy, current and voltage files", true, true,
                                 &parse_hwmon_settings, &make_hwmon_probe, &scan_hwmon};

}  // namespace wb
