// One line of a tool's output, stamped on the run clock as it arrived: what the process
// layer produces and the adapters read, so neither includes the other.
#pragma once
#include <cstddef>
#include <string>

namespace wb {

// Longest line kept for parsing; longer ones (a tool printing megabytes without a newline)
// are cut there so memory stays bounded. Raw logs keep every byte.
inline constexpr std::size_t kMaxLineBytes = 1 << 20;

struct TimedLine {
  double t_s = 0;  // run-relative steady seconds
  int stream = 1;  // 1 stdout, 2 stderr
  std::string text;
};

}  // namespace wb
