// Byte trace of FT232H port traffic.
#include "probes/i2c/tracing_port.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace wb {

TracingPort::TracingPort(std::unique_ptr<FtdiPort> inner, const std::filesystem::path& trace_file)
    : m_inner(std::move(inner)) {
  m_file = std::fopen(trace_file.c_str(), "w");
  if (!m_file)
    throw std::runtime_error(
        fmt::format("{}: cannot create byte trace: {}", trace_file.string(), std::strerror(errno)));
}

TracingPort::~TracingPort() {
  if (m_file) std::fclose(m_file);
}

void TracingPort::log(char dir, std::span<const std::uint8_t> bytes) {
  std::string line(1, dir);
  line += ' ';
  for (std::size_t i = 0; i < bytes.size(); ++i) line += fmt::format("{}{:02x}", i ? " " : "", bytes[i]);
  line += '\n';
  std::fputs(line.c_str(), m_file);
  std::fflush(m_file);
}

void TracingPort::write(std::span<const std::uint8_t> bytes) {
  log('W', bytes);
  m_inner->write(bytes);
}

void TracingPort::read(std::span<std::uint8_t> out) {
  m_inner->read(out);
  log('R', out);
}

void TracingPort::enter_mpsse() { m_inner->enter_mpsse(); }
std::string TracingPort::describe() const { return m_inner->describe(); }

}  // namespace wb
