// An FtdiPort decorator that logs every transfer as "W <hex>" / "R <hex>" lines.
#pragma once
#include <cstdio>
#include <filesystem>
#include <memory>

#include "probes/i2c/ftdi_port.hpp"

namespace wb {

class TracingPort : public FtdiPort {
 public:
  TracingPort(std::unique_ptr<FtdiPort> inner, const std::filesystem::path& trace_file);
  ~TracingPort() override;
  void write(std::span<const std::uint8_t> bytes) override;
  void read(std::span<std::uint8_t> out) override;
  void enter_mpsse() override;
  std::string describe() const override;

 private:
  void log(char dir, std::span<const std::uint8_t> bytes);
  std::unique_ptr<FtdiPort> m_inner;
  std::FILE* m_file = nullptr;
};

}  // namespace wb
