// Several INA228s on one FT232H (mb-powermon reads 0x40/0x41/0x44/0x45 through one): one
// open port shared by their probes, one USB write and one read per tick for all of them.
#include <doctest/doctest.h>

#include <array>
#include <thread>

#include "probes/i2c/mpsse_i2c.hpp"
#include "probes/i2c/shared_bus.hpp"
#include "probes/ina228/driver.hpp"
#include "sim/i2c/ina228_model.hpp"
#include "sim/i2c/mpsse_sim.hpp"

using namespace wb;

namespace {
const ina228::AdcConfig kFastAdc{0xF, 150, 150, 150, 1};
}

TEST_CASE("four INA228s on one FT232H: each reads its own chip, one USB round per tick for all four") {
  double now = 10.0;
  std::array<std::uint8_t, 4> addresses{0x40, 0x41, 0x44, 0x45};
  std::array<sim::ConstantRail, 4> rails{{{3.3, 0.5, 30}, {3.3, 1.0, 31}, {12.0, 0.25, 32}, {5.0, 1.5, 33}}};
  sim::I2cBusSim wire;
  std::vector<std::unique_ptr<sim::Ina228Model>> chips;
  for (std::size_t i = 0; i < 4; ++i) {
    sim::Ina228ModelOptions opt;
    opt.address = addresses[i];
    chips.push_back(std::make_unique<sim::Ina228Model>(opt, rails[i], [&] { return now; }));
    wire.attach(chips.back().get());
  }
  auto port = std::make_unique<sim::MpsseSim>(wire);
  auto* usb = port.get();
  auto master = std::make_unique<MpsseI2c>(std::move(port), 400000);
  master->configure();
  auto shared = std::make_shared<SharedI2cBus>("sim FT232H", std::move(master));
  std::vector<std::unique_ptr<SharedBusMember>> members;
  std::vector<std::unique_ptr<ina228::Driver>> drivers;
  for (std::size_t i = 0; i < 4; ++i) {
    members.push_back(std::make_unique<SharedBusMember>(shared, std::chrono::milliseconds(200)));
    drivers.push_back(
        std::make_unique<ina228::Driver>(*members.back(), addresses[i], ina228::calibrate(0.015, 2.0), kFastAdc));
    drivers.back()->init();
  }
  now += 0.5;
  const int ticks = 5;
  auto writes_before = usb->usb_writes(), rounds_before = shared->rounds();
  std::array<double, 4> amps{};
  for (int tick = 0; tick < ticks; ++tick) {
    std::vector<std::thread> threads;  // one sampler thread per probe, as in a run
    for (std::size_t i = 0; i < 4; ++i) threads.emplace_back([&, i] { amps[i] = drivers[i]->read().current_a; });
    for (auto& t : threads) t.join();
    now += 0.01;
  }
  for (std::size_t i = 0; i < 4; ++i) CHECK(amps[i] == doctest::Approx(rails[i].i).epsilon(2e-3));
  CHECK(shared->rounds() - rounds_before == ticks);
  CHECK(usb->usb_writes() - writes_before == ticks);  // not 4 x ticks
}

TEST_CASE("a USB failure on the shared port fails every probe on it, and none keeps the dead handle") {
  sim::ConstantRail rail;
  double now = 1.0;
  sim::I2cBusSim wire;
  sim::Ina228Model chip({}, rail, [&] { return now; });
  wire.attach(&chip);
  auto port = std::make_unique<sim::MpsseSim>(wire);
  auto* usb = port.get();
  auto master = std::make_unique<MpsseI2c>(std::move(port), 400000);
  master->configure();
  auto shared = std::make_shared<SharedI2cBus>("sim FT232H", std::move(master));
  SharedBusMember a(shared, std::chrono::microseconds(100)), b(shared, std::chrono::microseconds(100));
  std::vector<I2cTransfer> batch(1);
  batch[0].messages = {{0x40, false, {0x3E}}, {0x40, true, std::vector<std::uint8_t>(2)}};
  usb->fail_after_writes(0);
  CHECK_THROWS_AS(a.run(batch), I2cTransportError);
  usb->reconnect();
  CHECK(shared->broken());
  CHECK_THROWS_WITH_AS(b.run(batch), doctest::Contains("failed earlier"), I2cTransportError);
}

TEST_CASE("a chip that NACKs on a shared bus fails only its own transfers") {
  sim::ConstantRail rail;
  double now = 1.0;
  sim::I2cBusSim wire;
  sim::Ina228Model chip({}, rail, [&] { return now; });
  wire.attach(&chip);
  auto master = std::make_unique<MpsseI2c>(std::make_unique<sim::MpsseSim>(wire), 400000);
  master->configure();
  auto shared = std::make_shared<SharedI2cBus>("sim FT232H", std::move(master));
  SharedBusMember present(shared, std::chrono::milliseconds(200)), absent(shared, std::chrono::milliseconds(200));
  std::vector<I2cTransfer> mine(1), theirs(1);
  mine[0].messages = {{0x40, false, {0x3E}}, {0x40, true, std::vector<std::uint8_t>(2)}};
  theirs[0].messages = {{0x4F, false, {0x3E}}, {0x4F, true, std::vector<std::uint8_t>(2)}};
  std::thread t([&] { absent.run(theirs); });
  present.run(mine);
  t.join();
  CHECK(mine[0].nacked_message == -1);
  CHECK(mine[0].messages[1].data == std::vector<std::uint8_t>{0x54, 0x49});  // "TI"
  CHECK(theirs[0].nacked_message == 0);
  CHECK_FALSE(shared->broken());
}
