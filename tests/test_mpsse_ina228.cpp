// The real INA228 driver and MPSSE I2C master talking to MpsseSim + I2cBusSim + Ina228Model:
// decoded bus transactions, batching (one USB write and one read per sample), errors.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>

#include "probes/i2c/mpsse_i2c.hpp"
#include "probes/i2c/tracing_port.hpp"
#include "probes/ina228/driver.hpp"
#include "sim/i2c/ina228_model.hpp"
#include "sim/i2c/mpsse_sim.hpp"

using namespace wb;

namespace {
using sim::ConstantRail;

struct Bench {
  double now = 100.0;
  ConstantRail rail;
  sim::I2cBusSim bus;
  sim::Ina228Model chip;
  sim::MpsseSim* port = nullptr;
  std::unique_ptr<MpsseI2c> i2c;
  explicit Bench(sim::Ina228ModelOptions opt = {}) : chip(opt, rail, [this] { return now; }) {
    bus.attach(&chip);
    auto p = std::make_unique<sim::MpsseSim>(bus);
    port = p.get();
    i2c = std::make_unique<MpsseI2c>(std::move(p), 400000);
  }
};

ina228::AdcConfig fast_adc() { return {0xF, 150, 150, 150, 1}; }
}  // namespace

TEST_CASE("MPSSE setup: clock divisor, 3-phase, drive-zero, sync echo") {
  Bench b;
  auto cmds = b.i2c->setup_commands();
  // 8A 97 8C 85 86 31 00 9E 07 00 80 03 03 (400 kHz: divisor 49)
  std::vector<std::uint8_t> expected{0x8A, 0x97, 0x8C, 0x85, 0x86, 0x31, 0x00, 0x9E, 0x07, 0x00, 0x80, 0x03, 0x03};
  CHECK(cmds == expected);
  CHECK(mpsse::divisor_for_scl(100000) == 199);
  CHECK_THROWS_WITH(mpsse::divisor_for_scl(1000000), doctest::Contains("400 kHz"));
  b.i2c->configure();
  CHECK(b.port->scl_hz() == doctest::Approx(400000));
}

TEST_CASE("a sample's register reads decode on the bus as pointer write, repeated START, read, NACK, STOP") {
  Bench b;
  b.i2c->configure();
  ina228::Driver drv(*b.i2c, 0x40, ina228::calibrate(0.015, 2.0), fast_adc());
  b.bus.set_logging(true);
  drv.init();
  const auto& log = b.bus.log();
  REQUIRE(log.size() >= 3);
  // 1: CONFIG = 0x8000 (reset): one write segment, three data bytes ACKed, STOP.
  REQUIRE(log[0].segments.size() == 1);
  CHECK(log[0].segments[0].address == 0x40);
  CHECK_FALSE(log[0].segments[0].read);
  CHECK(log[0].segments[0].address_acked);
  CHECK(log[0].segments[0].bytes == std::vector<std::uint8_t>{0x00, 0x80, 0x00});
  CHECK(log[0].segments[0].acked == std::vector<bool>{true, true, true});
  CHECK(log[0].stopped);
  // 2: MANUFACTURER_ID read: pointer 0x3E, repeated START, 2 bytes "TI", master ACK then NACK, STOP.
  REQUIRE(log[1].segments.size() == 2);
  CHECK(log[1].segments[0].bytes == std::vector<std::uint8_t>{0x3E});
  CHECK_FALSE(log[1].segments[0].repeated_start);
  CHECK(log[1].segments[1].repeated_start);
  CHECK(log[1].segments[1].read);
  CHECK(log[1].segments[1].address == 0x40);
  CHECK(log[1].segments[1].bytes == std::vector<std::uint8_t>{0x54, 0x49});
  CHECK(log[1].segments[1].acked == std::vector<bool>{true, false});
  CHECK(log[1].stopped);
  CHECK(log[2].segments[0].bytes == std::vector<std::uint8_t>{0x3F});
  CHECK(log[2].segments[1].bytes == std::vector<std::uint8_t>{0x22, 0x81});
  CHECK(b.bus.contentions() == 0);

  b.bus.clear_log();
  b.now += 0.01;
  auto writes = b.port->usb_writes(), reads = b.port->usb_reads();
  auto r = drv.read();
  CHECK(b.port->usb_writes() - writes == 1);
  CHECK(b.port->usb_reads() - reads == 1);
  REQUIRE(b.bus.log().size() == 8);
  std::vector<std::uint8_t> pointers, lengths;
  for (const auto& t : b.bus.log()) {
    REQUIRE(t.segments.size() == 2);
    pointers.push_back(t.segments[0].bytes.at(0));
    lengths.push_back(static_cast<std::uint8_t>(t.segments[1].bytes.size()));
    CHECK(t.segments[1].acked.back() == false);  // master NACKs the last byte
    CHECK(t.stopped);
  }
  // Readings, then SHUNT_CAL and ADC_CONFIG read back (a power-on reset shows there).
  CHECK(pointers == std::vector<std::uint8_t>{0x0B, 0x05, 0x07, 0x08, 0x09, 0x06, 0x02, 0x01});
  CHECK(lengths == std::vector<std::uint8_t>{2, 3, 3, 3, 5, 2, 2, 2});
  CHECK(r.new_conversion);
  CHECK(r.has_data);
  CHECK(r.vbus_v == doctest::Approx(3.3).epsilon(1e-3));
  CHECK(r.current_a == doctest::Approx(1.4).epsilon(1e-3));
  CHECK(r.power_w == doctest::Approx(3.3 * 1.4).epsilon(2e-3));
  CHECK(r.die_temp_c == doctest::Approx(35.5).epsilon(1e-3));
}

TEST_CASE("ENERGY accumulator tracks true energy; CNVRF reports stale reads") {
  Bench b;
  b.i2c->configure();
  ina228::Driver drv(*b.i2c, 0x40, ina228::calibrate(0.015, 2.0), fast_adc());
  drv.init();
  b.now += 0.0001;
  auto first = drv.read();
  CHECK_FALSE(first.has_data);  // no conversion finished yet: registers are not readings
  b.now += 10.0;
  auto r = drv.read();
  double true_energy = 3.3 * 1.4 * 10.0;
  CHECK(r.energy_j == doctest::Approx(true_energy).epsilon(2e-3));
  auto again = drv.read();  // no time passed: no new conversion
  CHECK_FALSE(again.new_conversion);
  CHECK(again.has_data);
}

TEST_CASE("negative current decodes as negative") {
  Bench b;
  b.rail.i = -0.5;
  b.i2c->configure();
  ina228::Driver drv(*b.i2c, 0x40, ina228::calibrate(0.015, 2.0), fast_adc());
  drv.init();
  b.now += 0.01;
  auto r = drv.read();
  CHECK(r.current_a == doctest::Approx(-0.5).epsilon(1e-3));
  CHECK(r.power_w == doctest::Approx(3.3 * 0.5).epsilon(2e-3));
}

TEST_CASE("NACK names the address and register") {
  sim::Ina228ModelOptions opt;
  opt.address = 0x41;  // chip strapped elsewhere
  Bench b(opt);
  b.i2c->configure();
  ina228::Driver drv(*b.i2c, 0x40, ina228::calibrate(0.015, 2.0), fast_adc());
  CHECK_THROWS_WITH(drv.init(), doctest::Contains("0x40"));
  CHECK_THROWS_WITH(drv.init(), doctest::Contains("CONFIG"));
}

TEST_CASE("a chip that is not an INA228 is refused") {
  sim::Ina228ModelOptions opt;
  opt.manufacturer_id = 0x1234;
  Bench b(opt);
  b.i2c->configure();
  ina228::Driver drv(*b.i2c, 0x40, ina228::calibrate(0.015, 2.0), fast_adc());
  CHECK_THROWS_WITH(drv.init(), doctest::Contains("not an INA228"));
}

TEST_CASE("USB failure mid-run surfaces as a transport error") {
  Bench b;
  b.i2c->configure();
  ina228::Driver drv(*b.i2c, 0x40, ina228::calibrate(0.015, 2.0), fast_adc());
  drv.init();
  b.now += 0.01;
  drv.read();
  b.port->fail_after_writes(0);
  CHECK_THROWS_AS(drv.read(), I2cTransportError);
  b.port->reconnect();
  b.now += 0.01;
  CHECK_NOTHROW(drv.read());
}

TEST_CASE("MPSSE sync fails loudly when the engine does not echo bad commands") {
  struct SilentPort : FtdiPort {
    void write(std::span<const std::uint8_t>) override {}
    void read(std::span<std::uint8_t> out) override { std::fill(out.begin(), out.end(), 0); }
    void enter_mpsse() override {}
    std::string describe() const override { return "silent"; }
  };
  MpsseI2c i2c(std::make_unique<SilentPort>(), 100000);
  CHECK_THROWS_WITH(i2c.configure(), doctest::Contains("sync"));
}

TEST_CASE("byte trace records one W and one R line per sample") {
  double now = 50;
  ConstantRail rail;
  sim::I2cBusSim bus;
  sim::Ina228Model chip({}, rail, [&] { return now; });
  bus.attach(&chip);
  auto path = std::filesystem::temp_directory_path() / "wattbench-trace-test.txt";
  {
    auto port = std::make_unique<TracingPort>(std::make_unique<sim::MpsseSim>(bus), path);
    MpsseI2c i2c(std::move(port), 400000);
    i2c.configure();
    ina228::Driver drv(i2c, 0x40, ina228::calibrate(0.015, 2.0), fast_adc());
    drv.init();
    now += 0.01;
    std::ifstream before(path);
    std::size_t lines_before = 0;
    for (std::string l; std::getline(before, l);) ++lines_before;
    drv.read();
    std::ifstream after(path);
    std::vector<std::string> lines;
    for (std::string l; std::getline(after, l);) lines.push_back(l);
    REQUIRE(lines.size() == lines_before + 2);
    CHECK(lines[lines_before].rfind("W 80 03 03", 0) == 0);
    CHECK(lines[lines_before + 1].rfind("R ", 0) == 0);
    // 8 registers: 3 ACK bytes each + 2+3+3+3+5+2+2+2 data bytes = 46 bytes = 46*3-1 characters after "R ".
    CHECK(lines[lines_before + 1].size() == 2 + 46 * 3 - 1);
  }
  std::filesystem::remove(path);
}
