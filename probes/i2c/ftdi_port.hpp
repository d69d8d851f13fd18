// The byte pipe to an FT232H in MPSSE mode: libftdi1 on hardware, MpsseSim in simulation.
#pragma once
#include <cstdint>
#include <span>
#include <string>

namespace wb {

class FtdiPort {
 public:
  virtual ~FtdiPort() = default;
  // One USB write of all bytes.
  virtual void write(std::span<const std::uint8_t> bytes) = 0;
  // Reads exactly out.size() bytes (looping as needed); throws I2cTransportError on timeout.
  virtual void read(std::span<std::uint8_t> out) = 0;
  // Puts the chip in MPSSE mode and purges buffers (libftdi1: bitmode reset, then MPSSE).
  virtual void enter_mpsse() = 0;
  virtual std::string describe() const = 0;
};

}  // namespace wb
