// Simulated ina238 kernel driver writing sysfs files.
#include "sim/hwmon/hwmon_sim.hpp"

#include <fmt/format.h>

#include <cstdio>

#include "probes/ina228/protocol.hpp"
#include "sim/bench/sysfs_tree.hpp"

namespace wb::sim {

namespace fs = std::filesystem;

namespace {
void write_atomic(const fs::path& p, long long value) { write_sysfs_file(p, std::to_string(value) + "\n"); }
}  // namespace

SimHwmonDriver::SimHwmonDriver(fs::path root, LoadModel& load, double board_shunt_ohm, double driver_shunt_ohm,
                               const std::string& i2c_client, double update_hz)
    : m_dir(root / "hwmon0"), m_load(load), m_rshunt_uohm(driver_shunt_ohm * 1e6) {
  fs::create_directories(m_dir);
  fs::create_directories(root / "devices" / i2c_client);
  std::error_code ec;
  fs::remove(m_dir / "device", ec);
  fs::create_directory_symlink(fs::path("..") / "devices" / i2c_client, m_dir / "device");
  if (std::FILE* f = std::fopen((m_dir / "name").c_str(), "w")) {
    std::fputs("ina228\n", f);
    std::fclose(f);
  }
  Ina228ModelOptions opt;
  opt.shunt_ohm = board_shunt_ohm;
  opt.adc_noise_pct = load.params().adc_noise_pct;
  m_chip = std::make_unique<Ina228Model>(opt, load, &steady_now_s);
  // ina238.c probe(): CONFIG 0 (ADCRANGE 0, gain 4), ADC_CONFIG 0xFB6A, SHUNT_CAL 16384, DIAG_ALRT SLOWALERT.
  write_reg(0x00, 0x0000);
  write_reg(0x01, 0xFB6A);
  write_reg(0x02, 16384);
  write_reg(0x0B, 0x2000);
  refresh();
  m_refresh.start(update_hz, [this] { refresh(); });
}

void SimHwmonDriver::write_reg(std::uint8_t reg, std::uint16_t value) {
  m_chip->start(false);
  m_chip->write_byte(reg);
  m_chip->write_byte(static_cast<std::uint8_t>(value >> 8));
  m_chip->write_byte(static_cast<std::uint8_t>(value & 0xFF));
  m_chip->stop();
}

void SimHwmonDriver::refresh() {
  m_chip->advance();
  auto raw = [&](const ina228::Register& r) {
    std::uint64_t v = m_chip->register_value(r.address);
    std::vector<std::uint8_t> bytes(r.bytes);
    for (int k = 0; k < r.bytes; ++k)
      bytes[static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(v >> (8 * (r.bytes - 1 - k)));
    return ina228::decode_raw(r, bytes);
  };
  // The kernel's INA228 scaling (gain 4, shunt in µΩ), integer arithmetic as in ina238.c.
  const long long gain = 4, rshunt = static_cast<long long>(m_rshunt_uohm);
  long long vshunt = raw(ina228::reg::vshunt), vbus = raw(ina228::reg::vbus), cur = raw(ina228::reg::current);
  long long power = raw(ina228::reg::power), energy = raw(ina228::reg::energy), temp = raw(ina228::reg::dietemp);
  write_atomic(m_dir / "in0_input", vshunt * 3125 / 10000000);   // 312.5 nV/LSB -> mV
  write_atomic(m_dir / "in1_input", vbus * 1953125 / 10000000);  // 195.3125 µV/LSB -> mV
  write_atomic(m_dir / "curr1_input", cur * 20000 * gain / (4 * rshunt) / 16);
  // Fault injection (sim.sensor_sentinel_*, see the header): power1_input reads 0.
  bool sentinel = m_load.params().sensor_sentinel_at_s >= 0 && m_load.sentinel_at(steady_now_s());
  write_atomic(m_dir / "power1_input", sentinel ? 0 : power * 1000 * 20000 * gain * 20 / (400 * rshunt));
  // 40-bit ENERGY times the scale overflows 64 bits; the kernel uses a 128-bit multiply-divide.
  write_atomic(m_dir / "energy1_input", static_cast<long long>(static_cast<long double>(energy) *
                                                               (20000.0L * gain * 16 * 10 * 20) / (4.0L * rshunt)));
  write_atomic(m_dir / "temp1_input", temp * 78125 / 10000);  // 7.8125 m°C/LSB
}

}  // namespace wb::sim
