// The ina226 probe kind: the family's probe (probes/i2c/ina_family16_probe.hpp) with the
// external shunt, its calibration.
#include "probes/ina226/probe.hpp"

#include "probes/i2c/ina_family16_probe.hpp"
#include "probes/ina226/driver.hpp"
#include "probes/ina226/settings.hpp"

namespace wb {

namespace {

struct Ina226Chip {
  static constexpr const char* kKind = "ina226";
  static constexpr const ina16::Chip16& kChip = ina226::kChip;
  using Settings = Ina226Settings;
  using Driver = ina226::Driver;

  explicit Ina226Chip(const Settings& c) : m_c(c), m_cal(ina226::calibrate(c.shunt_ohm, c.max_current_a)) {}
  double shunt_ct_us() const { return m_c.vshunt_ct_us; }

  std::unique_ptr<Driver> make_driver(I2cBus& bus, const ina16::AdcConfig& adc) const {
    return std::make_unique<Driver>(bus, static_cast<std::uint8_t>(m_c.i2c.address), m_cal, adc);
  }
  void add_settings(nlohmann::json& j) const {
    j["shunt_ohm"] = m_c.shunt_ohm;
    j["max_current_a"] = m_c.max_current_a;
    j["current_lsb_a"] = m_cal.current_lsb_a;
    j["calibration"] = m_cal.cal;
  }

  const Settings& m_c;
  ina226::Calibration m_cal;
};

std::unique_ptr<Probe> make_ina226_probe_real(const ProbeConfig& cfg, const ProbeContext& ctx) {
  return std::make_unique<ina16::Ina16Probe<Ina226Chip>>(cfg, ctx);
}

}  // namespace

std::unique_ptr<Probe> make_ina226_probe(const ProbeConfig& cfg, const ProbeContext& ctx,
                                         std::unique_ptr<SimulatedChip> sim) {
  return std::make_unique<ina16::Ina16Probe<Ina226Chip>>(cfg, ctx, std::move(sim));
}

extern const ProbeKind ina226_probe_kind;
const ProbeKind ina226_probe_kind{"ina226",
                                  "TI INA226 16-bit power monitor, external shunt, no energy accumulator (I2C)",
                                  true,
                                  true,
                                  &parse_ina226_settings,
                                  &make_ina226_probe_real,
                                  &scan_ftdi_devices};

}  // namespace wb
