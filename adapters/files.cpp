// Adapter file helpers.
#include "adapters/files.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "harness/plugin/tool_kind.hpp"

namespace wb {

namespace fs = std::filesystem;

std::string config_path(const fs::path& p, const fs::path& config_dir) {
  return fs::weakly_canonical(p.is_relative() ? config_dir / p : p).string();
}

std::string read_whole_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw ParseError(fmt::format("{}: cannot read", p.string()));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string read_tool_log(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw ParseError(fmt::format("{}: cannot read", p.string()));
  std::string out;
  std::size_t run = 0;  // bytes since the last "\n" or "\r"
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    for (std::streamsize i = 0; i < in.gcount(); ++i) {
      char c = buf[i];
      if (c == '\n' || c == '\r') run = 0;
      else if (run++ >= kMaxLineBytes) continue;
      out += c;
    }
  }
  return out;
}

std::optional<fs::path> newest_file(const fs::path& dir, const std::string& prefix, const std::string& ext) {
  std::optional<fs::path> best;
  if (!fs::is_directory(dir)) return best;
  for (const auto& e : fs::directory_iterator(dir)) {
    auto name = e.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && e.path().extension() == ext && (!best || name > best->filename().string()))
      best = e.path();
  }
  return best;
}

}  // namespace wb
