// The hwmon probe: reads one channel (index n, or the channel with a given label) of a hwmon
// chip: in<n> (V), curr<n> (A), power<n> (W, or V×I where the chip has no power file, as on
// the INA3221), energy<n> (J), temp1 (°C). Also the hwmon transport of chip kinds (an INA228
// under the kernel's ina238 driver, or that driver simulated on a fake tree).
#include "probes/hwmon/probe.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "harness/plugin/probe.hpp"
#include "harness/util/read_text.hpp"
#include "probes/hwmon/protocol.hpp"
#include "probes/hwmon/settings.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {

// The I2C client a hwmon folder belongs to ("1-0040"), from its `device` link; empty if none.
std::string i2c_client_of(const fs::path& chip_dir) {
  std::error_code ec;
  auto target = fs::read_symlink(chip_dir / "device", ec);
  return ec ? std::string() : target.filename().string();
}

bool client_has_address(const std::string& client, unsigned address) {
  auto dash = client.rfind('-');
  return dash != std::string::npos && client.substr(dash + 1) == fmt::format("{:04x}", address);
}

class HwmonProbe : public Probe {
 public:
  HwmonProbe(const ProbeConfig& cfg, const ProbeContext& ctx, HwmonSelect h, SimulatedTree simulate)
      : m_cfg(cfg), m_ctx(ctx), m_h(std::move(h)), m_simulate(std::move(simulate)) {
    m_info = rail_monitor_info(cfg, simulated() ? "hwmon-sim" : "hwmon", "temp_c");
  }

  const ProbeInfo& info() const override { return m_info; }

  void open() override {
    fs::path root = sysfs_root(m_cfg, m_ctx, m_h.root, m_simulate, "sim-sysfs", m_sim);
    auto chips = hwmon::discover(root);
    const hwmon::Chip* chip = nullptr;
    std::string seen;
    std::size_t matches = 0;
    for (const auto& c : chips) {
      auto client = i2c_client_of(c.dir);
      seen += fmt::format("\n  {} name={}{}{}", c.dir.filename().string(), c.name,
                          client.empty() ? "" : " device=" + client, c.has_power() ? " (power)" : "");
      bool match = !m_h.path.empty()  ? c.dir.filename() == m_h.path
                   : m_h.chip.empty() ? c.has_power()
                                      : c.name == m_h.chip;
      if (match && m_h.path.empty() && m_h.i2c_address) match = client_has_address(client, *m_h.i2c_address);
      if (match && !chip) chip = &c;
      matches += match;
    }
    std::string wanted = !m_h.path.empty() ? "at " + m_h.path
                         : m_h.chip.empty()
                             ? "with power readings"
                             : "named '" + m_h.chip + "'" +
                                   (m_h.i2c_address ? fmt::format(" at I2C address 0x{:02x}", *m_h.i2c_address) : "");
    if (!chip)
      throw std::runtime_error(fmt::format("probe {}: no hwmon chip {} under {}{}", m_cfg.name, wanted, root.string(),
                                           chips.empty() ? " (no hwmon* folders there)" : "; found:" + seen));
    if (matches > 1 && m_h.i2c_address)
      throw std::runtime_error(
          fmt::format("probe {}: {} hwmon chips {} (one per I2C bus?); name the folder with `path:`. Found:{}",
                      m_cfg.name, matches, wanted, seen));
    m_chip = *chip;
    int index = m_h.channel;
    if (!m_h.label.empty()) {
      index = -1;
      for (const auto& a : m_chip.attributes)
        if (a.label == m_h.label) index = a.index;
      if (index < 0)
        throw std::runtime_error(
            fmt::format("probe {}: no channel labelled '{}' in {}", m_cfg.name, m_h.label, m_chip.dir.string()));
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
    if (!m_attr[kRailEnergy])
      m_info.energy_channel = -1;
    else
      m_info.channels[kRailEnergy].meter = {MeterKind::accumulator, 0, "hwmon energy*_input: cumulative"};
    auto interval = hwmon::parse_value(read_text_file(m_chip.dir / "update_interval"));
    auto pm = hwmon::power_meter_of(m_chip.name, interval);
    m_info.channels[kRailPower].meter = {pm.averaged ? MeterKind::averaged : MeterKind::instantaneous, pm.window_s,
                                         pm.basis};
    for (const auto& a : m_chip.attributes)
      if (a.kind == hwmon::Kind::voltage && a.index == 0) m_shunt_voltage = a;
    if (m_h.board_shunt_ohm) check_driver_shunt(*m_h.board_shunt_ohm);
  }

  // ina238.c divides in0 (the shunt voltage, which needs no shunt value) by its own shunt to
  // get curr1: their ratio is the driver's shunt. Measured over up to 0.5 s (the driver's data
  // change every ~50 ms); with no current to measure it cannot be checked, and says so.
  void check_driver_shunt(double board_ohm) {
    if (!m_shunt_voltage || !m_attr[kRailCurrent]) return;
    double sum_v = 0, sum_a = 0;
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
    while (std::chrono::steady_clock::now() < until && sum_v < 0.2) {
      auto v = hwmon::read_attribute(m_chip.dir, *m_shunt_voltage),
           a = hwmon::read_attribute(m_chip.dir, *m_attr[kRailCurrent]);
      if (v && a) {
        sum_v += std::abs(*v);
        sum_a += std::abs(*a);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (sum_v <= 0 || sum_a <= 0) {
      m_info.warnings.push_back(
          fmt::format("{}: no current flowed while opening, so the kernel driver's shunt could not be "
                      "checked against shunt_ohm {:g} Ω",
                      m_chip.dir.string(), board_ohm));
      return;
    }
    double driver_ohm = sum_v / sum_a;
    // The shunt voltage is whole millivolts: at idle its rounding alone is several per cent.
    if (std::abs(driver_ohm - board_ohm) <= 0.25 * board_ohm) return;
    constexpr double kDriverDefaultOhm = 0.010;  // INA238_RSHUNT_DEFAULT
    if (std::abs(driver_ohm - kDriverDefaultOhm) <= 0.25 * kDriverDefaultOhm) driver_ohm = kDriverDefaultOhm;
    m_scale = driver_ohm / board_ohm;
    m_info.warnings.push_back(fmt::format(
        "{} ({}): the kernel driver computes current with a {:g} mΩ shunt (in0/curr1{}), the board has {:g} mΩ "
        "(shunt_ohm): its current, power and energy are scaled by {:.4f} here. Fix at the source: set "
        "`shunt-resistor = <{}>;` (µΩ) on the chip's device-tree node; Linux ina238 has no sysfs setting for it",
        m_chip.dir.string(), m_chip.name, driver_ohm * 1e3,
        driver_ohm == kDriverDefaultOhm ? ": the driver's default" : "", board_ohm * 1e3, m_scale,
        std::lround(board_ohm * 1e6)));
  }

  void read(Sample& s) override {
    s.values.assign(kRailChannelCount, kMissing);
    bool any = false;
    for (int c = 0; c < kRailChannelCount; ++c) {
      if (!m_attr[static_cast<std::size_t>(c)]) continue;
      auto v = hwmon::read_attribute(m_chip.dir, *m_attr[static_cast<std::size_t>(c)]);
      if (v) {
        s.values[static_cast<std::size_t>(c)] = *v;
        any = true;
      }
    }
    if (m_power_from_vi && is_present(s.values[kRailVoltage]) && is_present(s.values[kRailCurrent]))
      s.values[kRailPower] = s.values[kRailVoltage] * s.values[kRailCurrent];
    if (!any) throw std::runtime_error(fmt::format("{}: no readable value (device gone?)", m_chip.dir.string()));
    // A driver refreshes its files at its own pace (ina238: averaged values every ~50 ms): a
    // read that repeats volts, amps and watts is no new data, and must not count for the rate
    // or the sampling error. (The chip's ENERGY moves with every conversion, so it is no sign.)
    auto same = [](double a, double b) { return a == b || (!is_present(a) && !is_present(b)); };
    std::vector<double> now{s.values[kRailVoltage], s.values[kRailCurrent], s.values[kRailPower]};
    if (now.size() == m_previous.size() && std::equal(now.begin(), now.end(), m_previous.begin(), same))
      s.flags |= kFlagStale;
    m_previous = std::move(now);
    for (int c : {kRailCurrent, kRailPower, kRailEnergy})
      if (is_present(s.values[static_cast<std::size_t>(c)])) s.values[static_cast<std::size_t>(c)] *= m_scale;
  }

  void close() override { m_sim.reset(); }

  nlohmann::json settings() const override {
    return probe_settings(m_cfg, m_info.transport,
                          {{"root", simulated() ? std::string("<run>/sim-sysfs") : m_h.root},
                           {"chip", m_h.chip},
                           {"path", m_h.path},
                           {"channel", m_h.channel},
                           {"label", m_h.label},
                           {"driver_shunt_scale", m_scale}});
  }

 private:
  // On the simulated bench's fake tree (the config says so; the simulator hands in `simulate`).
  bool simulated() const { return m_cfg.settings && m_cfg.settings->simulated(); }

  ProbeConfig m_cfg;
  ProbeContext m_ctx;
  HwmonSelect m_h;
  SimulatedTree m_simulate;
  ProbeInfo m_info;
  hwmon::Chip m_chip;
  std::vector<std::optional<hwmon::Attribute>> m_attr;
  bool m_power_from_vi = false;
  std::optional<hwmon::Attribute> m_shunt_voltage;  // in0
  double m_scale = 1;                               // board vs driver shunt (check_driver_shunt)
  std::vector<double> m_previous;
  std::shared_ptr<void> m_sim;  // the simulated driver, while open
};

}  // namespace

std::unique_ptr<Probe> make_hwmon_rail_probe(const ProbeConfig& cfg, const ProbeContext& ctx, HwmonSelect select,
                                             SimulatedTree simulate) {
  return std::make_unique<HwmonProbe>(cfg, ctx, std::move(select), std::move(simulate));
}

void scan_hwmon(std::ostream& out, const ScanOptions& opt) {
  auto chips = hwmon::discover(opt.hwmon_root);
  out << "hwmon sensors under " << opt.hwmon_root.string() << ":" << (chips.empty() ? " none\n" : "\n");
  for (const auto& c : chips) {
    std::string attrs;
    for (const auto& a : c.attributes) attrs += " " + a.file + (a.label.empty() ? "" : "(" + a.label + ")");
    out << fmt::format("  {}  name={}{}:{}\n", c.dir.filename().string(), c.name, c.has_power() ? " [power]" : "",
                       attrs);
  }
}

namespace {
std::unique_ptr<Probe> make_hwmon_probe(const ProbeConfig& cfg, const ProbeContext& ctx) {
  return make_hwmon_rail_probe(cfg, ctx, cfg.settings_as<HwmonSettings>().select);
}
}  // namespace

extern const ProbeKind hwmon_probe_kind;
const ProbeKind hwmon_probe_kind{"hwmon",
                                 "a Linux hwmon chip's power, energy, current and voltage files",
                                 true,
                                 true,
                                 &parse_hwmon_settings,
                                 &make_hwmon_probe,
                                 &scan_hwmon};

}  // namespace wb
