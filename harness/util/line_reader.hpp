// Lines of an open file, read in large blocks rather than one getline at a time (the trace
// reader's hot loop), each line bounded: a longer one is an error, not an allocation.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace wb {

class LineReader {
 public:
  // Reads from `fd` (not owned); a line over `max_line_bytes` throws std::runtime_error.
  LineReader(int fd, std::size_t max_line_bytes, std::size_t block_bytes = 1u << 20);
  // The next line without its '\n' (and without a '\r' before it), valid until the next call;
  // false at the end of the file.
  bool next(std::string_view& line);
  // Whether the line last returned ended with '\n' (a crash can cut the last line short).
  bool terminated() const { return m_terminated; }

 private:
  bool fill();
  int m_fd;
  std::size_t m_max_line;
  std::vector<char> m_buf;
  std::size_t m_begin = 0, m_end = 0;
  bool m_eof = false;
  bool m_terminated = true;
};

}  // namespace wb
