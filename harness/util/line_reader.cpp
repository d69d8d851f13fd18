#include "harness/util/line_reader.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace wb {

LineReader::LineReader(int fd, std::size_t max_line_bytes, std::size_t block_bytes)
    : m_fd(fd), m_max_line(max_line_bytes), m_buf(std::max(block_bytes, max_line_bytes + 1)) {}

// Moves what is left to the front and reads more behind it; false when nothing more came.
bool LineReader::fill() {
  if (m_eof) return false;
  if (m_begin > 0) {
    std::memmove(m_buf.data(), m_buf.data() + m_begin, m_end - m_begin);
    m_end -= m_begin;
    m_begin = 0;
  }
  while (true) {
    const ssize_t n = ::read(m_fd, m_buf.data() + m_end, m_buf.size() - m_end);
    if (n > 0) {
      m_end += static_cast<std::size_t>(n);
      return true;
    }
    if (n == 0) {
      m_eof = true;
      return false;
    }
    if (errno != EINTR) throw std::runtime_error(std::string("read failed: ") + std::strerror(errno));
  }
}

bool LineReader::next(std::string_view& line) {
  std::size_t searched = m_begin;
  while (true) {
    if (const void* nl = std::memchr(m_buf.data() + searched, '\n', m_end - searched)) {
      const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(nl) - m_buf.data());
      std::size_t len = at - m_begin;
      if (len > m_max_line) throw std::runtime_error("a line longer than " + std::to_string(m_max_line) + " bytes");
      if (len > 0 && m_buf[m_begin + len - 1] == '\r') --len;
      line = std::string_view(m_buf.data() + m_begin, len);
      m_begin = at + 1;
      m_terminated = true;
      return true;
    }
    if (m_end - m_begin > m_max_line)
      throw std::runtime_error("a line longer than " + std::to_string(m_max_line) + " bytes");
    const std::size_t pending = m_end - m_begin;
    if (!fill()) {
      if (pending == 0) return false;
      line = std::string_view(m_buf.data() + m_begin, pending);
      m_begin = m_end;
      m_terminated = false;
      return true;
    }
    searched = m_begin + pending;
  }
}

}  // namespace wb
