// The current local time in a strftime format: results folder names, the summary's date and
// the fake tools' own time stamps.
#pragma once
#include <ctime>
#include <string>

namespace wb {

inline std::string local_time_now(const char* format) {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

}  // namespace wb
