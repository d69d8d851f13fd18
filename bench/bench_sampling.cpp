// Sampling rate against the physical limits: the INA228 sample loop (six register reads:
// DIAG_ALRT, VBUS, CURRENT, POWER, ENERGY, DIETEMP) through the real MpsseI2c driver on
// MpsseSim, at 100 and 400 kHz. Prints wire time per sample, USB transfers per sample, and
// the achievable rate for assumed USB round-trip times, beside the INA228's conversion limit.
#include <fmt/format.h>

#include <memory>

#include "probes/i2c/mpsse_i2c.hpp"
#include "probes/ina228/driver.hpp"
#include "sim/i2c/ina228_model.hpp"
#include "sim/i2c/mpsse_sim.hpp"

using namespace wb;

int main() {
  fmt::print(
      "INA228 sample (8 registers: 6 readings + SHUNT_CAL/ADC_CONFIG read back, 22 data bytes) over the batched MPSSE "
      "I2C master\n\n");
  fmt::print("{:>8} {:>14} {:>14} {:>12} {:>12} {:>16} {:>16}\n", "SCL", "wire us/sample", "I2C-only us", "USB W+R",
             "bytes out", "rate @125us RTT", "rate @1ms RTT");
  for (unsigned hz : {100000u, 400000u}) {
    double now = 1;
    sim::ConstantRail rail(3.3, 1.4, 35);
    sim::I2cBusSim bus;
    sim::Ina228Model chip({}, rail, [&] { return now; });
    bus.attach(&chip);
    auto port = std::make_unique<sim::MpsseSim>(bus);
    auto* sim_port = port.get();
    MpsseI2c i2c(std::move(port), hz);
    i2c.configure();
    ina228::Driver drv(i2c, 0x40, ina228::calibrate(0.015, 2.0), {0xB, 50, 50, 50, 1});
    drv.init();
    const int n = 2000;
    double t0 = sim_port->bus_time_s();
    auto w0 = sim_port->usb_writes(), r0 = sim_port->usb_reads();
    std::vector<I2cTransfer> probe_batch;  // for the byte count
    for (int i = 0; i < n; ++i) {
      now += 0.001;
      drv.read();
    }
    double wire = (sim_port->bus_time_s() - t0) / n;
    double usb = static_cast<double>((sim_port->usb_writes() - w0) + (sim_port->usb_reads() - r0)) / n;
    // Pure I2C clocks: per register, START + addr + ptr + Sr + addr + N bytes (9 clocks each) + STOP.
    int clocks = 0;
    for (int bytes : {2, 3, 3, 3, 5, 2, 2, 2}) clocks += 9 * (3 + bytes) + 2 /*S+Sr*/ + 1 /*P*/;
    double i2c_only = clocks / static_cast<double>(hz);
    std::size_t reply = 0;
    std::vector<I2cTransfer> batch(8);
    for (int k = 0; k < 8; ++k) {
      int len[] = {2, 3, 3, 3, 5, 2, 2, 2};
      batch[static_cast<std::size_t>(k)].messages = {
          {0x40, false, {0x05}}, {0x40, true, std::vector<std::uint8_t>(static_cast<std::size_t>(len[k]))}};
    }
    auto cmds = i2c.encode(batch, reply);
    fmt::print("{:>6}kHz {:>14.1f} {:>14.1f} {:>12.1f} {:>12} {:>13.0f} Hz {:>13.0f} Hz\n", hz / 1000, wire * 1e6,
               i2c_only * 1e6, usb, cmds.size(), 1 / (wire + 125e-6), 1 / (wire + 1e-3));
  }
  fmt::print("\nINA228 output update period (AVG x sum of enabled conversion times):\n");
  for (auto [name, cfg] :
       {std::pair<const char*, ina228::AdcConfig>{"VSHUNT+VBUS 50 us, AVG 1 (0xB000)", {0xB, 50, 50, 50, 1}},
        {"all three 150 us, AVG 1 (demo)", {0xF, 150, 150, 150, 1}},
        {"reset default 1052 us x3 (0xFB68)", {0xF, 1052, 1052, 1052, 1}},
        {"mb-powermon 1052 us x3, AVG 64", {0xF, 1052, 1052, 1052, 64}}})
    fmt::print("  {:<38} {:>9.3f} ms  -> {:>7.1f} Hz of new data\n", name, ina228::update_period_s(cfg) * 1e3,
               1 / ina228::update_period_s(cfg));
  fmt::print(
      "\nA generic one-round-trip-per-transfer stack (pyftdi/Blinka style) needs per register read:\n"
      "addr+W, pointer, addr+R (each with an ACK check), the data read and an epilog read = 5 round trips;\n"
      "8 registers = 40 round trips per sample, against 2 USB transfers (1 write + 1 read) here.\n");
}
