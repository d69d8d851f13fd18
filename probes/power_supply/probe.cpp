// The power_supply probe: a Linux power-supply class device (Documentation/ABI/testing/
// sysfs-class-power): a battery's fuel gauge, a USB Power Delivery port (tcpm, ucsi) or a
// charger, the power an edge board draws from it. power_now is in µW, voltage_now in µV and
// current_now in µA; where a driver has no power_now, power is voltage_now × current_now.
// Drivers differ on the sign of a discharging battery's current, so magnitudes are reported.
#include "probes/power_supply/probe.hpp"

#include <fmt/format.h>

#include <cmath>
#include <ostream>

#include "harness/util/read_text.hpp"
#include "probes/power_supply/settings.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {

enum Channel { kVoltage, kCurrent, kPower, kChannelCount };

// One attribute's integer (µ-units), or nullopt when absent or not a number; bounded read.
std::optional<double> read_micro(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return std::nullopt;
  std::string text;
  try {
    text = read_file_capped(file, 64);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (end == text.c_str() || (*end != '\0' && *end != '\n')) return std::nullopt;
  return static_cast<double>(v) / 1e6;
}

class PowerSupplyProbe : public Probe {
 public:
  PowerSupplyProbe(const ProbeConfig& cfg, const ProbeContext& ctx, SimulatedTree simulate)
      : m_cfg(cfg), m_ctx(ctx), m_s(cfg.settings_as<PowerSupplySettings>()), m_simulate(std::move(simulate)) {
    m_info = probe_info_base(cfg, m_s.simulated() ? "sysfs-sim" : "sysfs", cfg.rate_hz);
    m_info.channels = {
        {"vbus_v", "V", Quantity::voltage}, {"current_a", "A", Quantity::current}, {"power_w", "W", Quantity::power}};
    m_info.power_channel = kPower;
    // The driver's own reading at the time of the read (a gauge may average; the ABI does not say).
    m_info.channels[kPower].meter = {MeterKind::instantaneous, 0,
                                     "power_supply power_now (or voltage_now × current_now)"};
  }

  const ProbeInfo& info() const override { return m_info; }

  void open() override {
    fs::path root = sysfs_root(m_cfg, m_ctx, m_s.root, m_simulate, "sim-power-supply", m_sim);
    m_dir = root / m_s.supply;
    std::error_code ec;
    if (!fs::is_directory(m_dir, ec)) {
      std::string seen;
      for (const auto& e : fs::directory_iterator(root, ec)) seen += " " + e.path().filename().string();
      throw std::runtime_error(fmt::format("probe {}: no power supply '{}' under {}{}", m_cfg.name, m_s.supply,
                                           root.string(), seen.empty() ? "" : "; found:" + seen));
    }
    m_has_power = read_micro(m_dir / "power_now").has_value();
    if (!m_has_power && !(read_micro(m_dir / "voltage_now") && read_micro(m_dir / "current_now")))
      throw std::runtime_error(fmt::format("probe {}: {} has neither power_now nor voltage_now and current_now",
                                           m_cfg.name, m_dir.string()));
    if (!m_has_power) m_info.channels[kPower].meter.basis = "power_supply voltage_now × current_now (no power_now)";
  }

  void read(Sample& s) override {
    s.values.assign(kChannelCount, kMissing);
    auto v = read_micro(m_dir / "voltage_now");
    auto i = read_micro(m_dir / "current_now");
    if (v) s.values[kVoltage] = std::abs(*v);
    if (i) s.values[kCurrent] = std::abs(*i);
    if (m_has_power) {
      auto p = read_micro(m_dir / "power_now");
      if (!p) throw std::runtime_error(fmt::format("{}: power_now unreadable", m_dir.string()));
      s.values[kPower] = std::abs(*p);
    } else {
      if (!v || !i) throw std::runtime_error(fmt::format("{}: voltage_now or current_now unreadable", m_dir.string()));
      s.values[kPower] = std::abs(*v * *i);
    }
  }

  void close() override { m_sim.reset(); }

  nlohmann::json settings() const override {
    return probe_settings(m_cfg, m_info.transport,
                          {{"root", m_s.simulated() ? std::string("<run>/sim-power-supply") : m_s.root},
                           {"supply", m_s.supply},
                           {"power", m_has_power ? "power_now" : "voltage_now × current_now"}});
  }

 private:
  ProbeConfig m_cfg;
  ProbeContext m_ctx;
  const PowerSupplySettings& m_s;
  SimulatedTree m_simulate;
  std::shared_ptr<void> m_sim;  // the simulated driver, while open
  ProbeInfo m_info;
  fs::path m_dir;
  bool m_has_power = true;
};

std::unique_ptr<Probe> make_real_power_supply_probe(const ProbeConfig& cfg, const ProbeContext& ctx) {
  return std::make_unique<PowerSupplyProbe>(cfg, ctx, nullptr);
}

// `wattbench probes`: the power-supply devices that report power (or voltage and current).
void scan_power_supplies(std::ostream& out, const ScanOptions&) {
  const fs::path root = "/sys/class/power_supply";
  std::error_code ec;
  std::string found;
  for (const auto& e : fs::directory_iterator(root, ec)) {
    auto dir = e.path();
    bool power = read_micro(dir / "power_now").has_value();
    bool vi = read_micro(dir / "voltage_now") && read_micro(dir / "current_now");
    if (!power && !vi) continue;
    std::string type;
    try {
      type = read_file_capped(dir / "type", 64);
    } catch (const std::exception&) {
    }
    while (!type.empty() && (type.back() == '\n' || type.back() == ' ')) type.pop_back();
    found += fmt::format("  {} ({}{})\n", dir.filename().string(), type.empty() ? "?" : type,
                         power ? ", power_now" : ", V × I");
  }
  out << "power supplies under " << root.string()
      << " (for kind power_supply):" << (found.empty() ? " none\n" : "\n" + found);
}

}  // namespace

std::unique_ptr<Probe> make_power_supply_probe(const ProbeConfig& cfg, const ProbeContext& ctx,
                                               SimulatedTree simulate) {
  return std::make_unique<PowerSupplyProbe>(cfg, ctx, std::move(simulate));
}

extern const ProbeKind power_supply_probe_kind;
const ProbeKind power_supply_probe_kind{
    "power_supply",
    "a Linux power-supply class device: battery gauge, USB-PD port or charger (sysfs)",
    true,
    true,
    &parse_power_supply_settings,
    &make_real_power_supply_probe,
    &scan_power_supplies};

}  // namespace wb
