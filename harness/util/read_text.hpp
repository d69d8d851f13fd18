// Reads a small text file (sysfs, procfs) whole, without trailing newlines or spaces;
// empty when the file is missing.
#pragma once
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace wb {

inline std::string read_text_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace wb
