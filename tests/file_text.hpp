// A file's whole content as bytes, for tests that check what was written.
#pragma once
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace wb::test {

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace wb::test
