// The ina260 probe kind: the family's probe (probes/i2c/ina_family16_probe.hpp) with the
// chip's own 2 mΩ shunt and fixed LSBs.
#include "probes/ina260/probe.hpp"

#include "probes/i2c/ina_family16_probe.hpp"
#include "probes/ina260/driver.hpp"
#include "probes/ina260/settings.hpp"

namespace wb {

namespace {

struct Ina260Chip {
  static constexpr const char* kKind = "ina260";
  static constexpr const ina16::Chip16& kChip = ina260::kChip;
  using Settings = Ina260Settings;
  using Driver = ina260::Driver;

  explicit Ina260Chip(const Settings& c) : m_c(c) {}
  double shunt_ct_us() const { return m_c.ishunt_ct_us; }

  std::unique_ptr<Driver> make_driver(I2cBus& bus, const ina16::AdcConfig& adc) const {
    return std::make_unique<Driver>(bus, static_cast<std::uint8_t>(m_c.i2c.address), adc);
  }
  void add_settings(nlohmann::json& j) const {
    j["shunt_ohm"] = ina260::kShuntOhm;
    j["current_lsb_a"] = ina260::kCurrentLsbA;
  }

  const Settings& m_c;
};

std::unique_ptr<Probe> make_ina260_probe_real(const ProbeConfig& cfg, const ProbeContext& ctx) {
  return std::make_unique<ina16::Ina16Probe<Ina260Chip>>(cfg, ctx);
}

}  // namespace

std::unique_ptr<Probe> make_ina260_probe(const ProbeConfig& cfg, const ProbeContext& ctx,
                                         std::unique_ptr<SimulatedChip> sim) {
  return std::make_unique<ina16::Ina16Probe<Ina260Chip>>(cfg, ctx, std::move(sim));
}

extern const ProbeKind ina260_probe_kind;
const ProbeKind ina260_probe_kind{
    "ina260",
    "TI INA260 16-bit power monitor, integrated 2 mOhm shunt, no energy accumulator (I2C)",
    true,
    true,
    &parse_ina260_settings,
    &make_ina260_probe_real,
    &scan_ftdi_devices};

}  // namespace wb
