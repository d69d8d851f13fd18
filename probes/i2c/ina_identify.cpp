// INA2xx identification by register IDs.
#include "probes/i2c/ina_identify.hpp"

#include <memory>
#include <optional>

#include "probes/i2c/libftdi_port.hpp"
#include "probes/i2c/mpsse_i2c.hpp"

namespace wb {

namespace {
constexpr std::uint16_t kTi = 0x5449;  // "TI", every INA2xx's manufacturer ID

// One 16-bit register: pointer write, repeated start, two bytes read; nullopt on a NACK.
std::optional<std::uint16_t> read16(I2cBus& bus, unsigned address, std::uint8_t reg) {
  std::vector<I2cTransfer> batch(1);
  batch[0].messages = {{static_cast<std::uint8_t>(address), false, {reg}},
                       {static_cast<std::uint8_t>(address), true, {0, 0}}};
  bus.run(batch);
  if (batch[0].nacked_message >= 0) return std::nullopt;
  const auto& d = batch[0].messages[1].data;
  return static_cast<std::uint16_t>(d[0] << 8 | d[1]);
}
}  // namespace

std::vector<FoundChip> identify_ina_chips(I2cBus& bus) {
  std::vector<FoundChip> found;
  for (unsigned a = kInaFirstAddress; a <= kInaLastAddress; ++a) {
    auto man = read16(bus, a, 0x3E);
    if (!man) continue;  // nothing at this address
    FoundChip c;
    c.address = a;
    auto die = read16(bus, a, 0x3F);
    if (*man == kTi && die && (*die >> 4) == 0x228) {
      c.kind = "ina228";
      c.manufacturer_id = *man;
      c.die_id = *die;
    } else if (auto man16 = read16(bus, a, 0xFE), die16 = read16(bus, a, 0xFF); man16 && die16 && *man16 == kTi) {
      c.manufacturer_id = *man16;
      c.die_id = *die16;
      if ((*die16 >> 4) == 0x226) c.kind = "ina226";
      if ((*die16 >> 4) == 0x227) c.kind = "ina260";
    }
    found.push_back(c);
  }
  return found;
}

std::vector<FoundChip> identify_ina_chips_on_ftdi(const std::string& url) {
  MpsseI2c bus(std::make_unique<LibFtdiPort>(url), 100000);
  bus.configure();
  return identify_ina_chips(bus);
}

}  // namespace wb
