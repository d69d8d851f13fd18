// The hwmon probe: reads one channel (index n, or the channel with a given label) of a hwmon
// chip: in<n> (V), curr<n> (A), power<n> (W, or V×I where the chip has no power file, as on
// the INA3221), energy<n> (J), temp1 (°C). Also serves `kind: ina228` with transport hwmon
// (the kernel's ina238 driver) and hwmon-sim (that driver simulated on a fake tree).
#include <fmt/format.h>

#include "harness/config/config.hpp"
#include "probes/hwmon/protocol.hpp"
#include "probes/probe.hpp"
#include "probes/sim/hwmon_sim.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {

class HwmonProbe : public Probe {
 public:
  HwmonProbe(const ProbeConfig& cfg, const ProbeContext& ctx, HwmonConfig h, bool simulated, double shunt_ohm)
      : m_cfg(cfg), m_ctx(ctx), m_h(std::move(h)), m_simulated(simulated), m_shunt_ohm(shunt_ohm) {
    m_info = rail_monitor_info(cfg, simulated ? "hwmon-sim" : "hwmon", "temp_c");
  }

  const ProbeInfo& info() const override { return m_info; }

  void open() override {
    fs::path root = m_h.root;
    if (m_simulated) {
      if (!m_ctx.load) throw std::runtime_error(fmt::format("probe {}: hwmon-sim needs the simulated bench", m_cfg.name));
      root = m_ctx.run_dir / "sim-sysfs" / m_cfg.name;
      m_sim = std::make_unique<sim::SimHwmonDriver>(root, *m_ctx.load, m_shunt_ohm);
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
            {"root", m_simulated ? std::string("<run>/sim-sysfs") : m_h.root},
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
  HwmonConfig m_h;
  bool m_simulated;
  double m_shunt_ohm;
  ProbeInfo m_info;
  hwmon::Chip m_chip;
  std::vector<std::optional<hwmon::Attribute>> m_attr;
  bool m_power_from_vi = false;
  std::unique_ptr<sim::SimHwmonDriver> m_sim;
};

}  // namespace

std::unique_ptr<Probe> make_hwmon_probe(const ProbeConfig& cfg, const ProbeContext& ctx) {
  if (cfg.kind == "ina228") {
    // An INA228 bound to the kernel's ina238 driver appears as hwmon chip "ina228".
    HwmonConfig h;
    h.root = cfg.ina228.device.empty() ? "/sys/class/hwmon" : cfg.ina228.device;
    h.chip = "ina228";
    return std::make_unique<HwmonProbe>(cfg, ctx, h, cfg.ina228.transport == "hwmon-sim", cfg.ina228.shunt_ohm);
  }
  return std::make_unique<HwmonProbe>(cfg, ctx, cfg.hwmon, false, 0);
}

}  // namespace wb
