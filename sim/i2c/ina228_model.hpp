// The INA228 as the datasheet describes it (TI SLYS021A): register file, conversions timed
// by the configured conversion times and averaging, CURRENT/POWER from SHUNT_CAL, ENERGY
// and CHARGE accumulated every conversion cycle, CNVRF, overflow flags and IDs.
#pragma once
#include <cstdint>
#include <functional>
#include <random>

#include "sim/bench/rail_source.hpp"
#include "sim/i2c/i2c_bus_sim.hpp"

namespace wb::sim {

struct Ina228ModelOptions {
  std::uint8_t address = 0x40;
  double shunt_ohm = 0.015;  // the physical shunt on the board
  double adc_noise_pct = 0;  // gaussian noise on each conversion, % of reading
  std::uint16_t manufacturer_id = 0x5449;
  std::uint16_t device_id = 0x2281;
  unsigned seed = 1;
};

class Ina228Model : public I2cSlave {
 public:
  // now(): the model's clock in steady seconds (real time on the bench, manual in tests).
  Ina228Model(Ina228ModelOptions opt, RailSource& source, std::function<double()> now);

  std::uint8_t address() const override { return m_opt.address; }
  void start(bool read) override;
  bool write_byte(std::uint8_t b) override;
  std::uint8_t read_byte() override;
  void stop() override;
  bool responds() override;

  // The chip loses power while now() is in [from_s, to_s) (VS dip, cable reseated) while the
  // FT232H stays up: it NACKs, then comes back from a power-on reset (datasheet Tables 7-5..7-7:
  // CONFIG 0, ADC_CONFIG 0xFB68, SHUNT_CAL 0x1000, ENERGY 0).
  void power_loss_between(double from_s, double to_s) {
    m_power_loss_from = from_s;
    m_power_loss_to = to_s;
  }
  // What the chip does when its supply comes back; public for the USB-level emulator.
  void power_on_reset();

  // Runs every conversion completed up to now().
  void advance();
  std::uint64_t register_value(std::uint8_t reg) const;
  // The exact energy the model integrated in its own accumulator (joules), for tests.
  double accumulated_energy_j() const;
  std::uint64_t conversions() const { return m_updates; }

 private:
  void write_register(std::uint8_t reg, std::uint16_t value);
  void restart_conversions();
  void convert_set(double t, double set_s);

  Ina228ModelOptions m_opt;
  RailSource& m_source;
  std::function<double()> m_now;
  std::mt19937 m_rng;

  // Register file
  std::uint16_t m_config = 0, m_adc_config = 0xFB68, m_shunt_cal = 0x1000, m_tempco = 0, m_diag = 0x0001;
  std::uint16_t m_sovl = 0x7FFF, m_suvl = 0x8000, m_bovl = 0x7FFF, m_buvl = 0, m_temp_limit = 0x7FFF,
                m_pwr_limit = 0xFFFF;
  std::int32_t m_vshunt = 0, m_vbus = 0, m_current = 0;
  std::int16_t m_dietemp = 0;
  std::uint32_t m_power = 0;
  double m_energy_acc = 0;  // in ENERGY LSBs (fraction kept, register = floor)
  double m_charge_acc = 0;  // in CHARGE LSBs
  std::uint64_t m_energy_wraps = 0;

  // Conversion engine
  double m_next_set_t = 0;
  int m_sets_in_avg = 0;
  double m_sum_vshunt = 0, m_sum_vbus = 0, m_sum_temp = 0;
  bool m_triggered_done = false;
  std::uint64_t m_updates = 0;

  double m_power_loss_from = -1, m_power_loss_to = -1;
  bool m_unpowered = false;

  // I2C state
  std::uint8_t m_pointer = 0;
  int m_write_index = 0;
  std::uint16_t m_write_value = 0;
  std::uint8_t m_read_buf[5] = {};
  int m_read_len = 0, m_read_index = 0;
};

}  // namespace wb::sim
