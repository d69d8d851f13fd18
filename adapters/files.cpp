// Adapter file helpers.
#include "adapters/files.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "harness/plugin/tool_kind.hpp"
#include "harness/util/read_text.hpp"

namespace wb {

namespace fs = std::filesystem;

std::string config_path(const fs::path& p, const fs::path& config_dir) {
  return fs::weakly_canonical(p.is_relative() ? config_dir / p : p).string();
}

std::string read_whole_file(const fs::path& p) {
  try {
    return read_file_capped(p, kMaxResultFileBytes);
  } catch (const FileReadError& e) {
    throw ParseError(e.what());
  }
}

std::string read_tool_log(const fs::path& p) {
  if (p == "/dev/null") return "";  // what `parse` passes for a stream it has no file for
  std::ifstream in;
  try {
    in = RegularFile(p).stream();
  } catch (const FileReadError& e) {
    throw ParseError(e.what());
  }
  if (!in) throw ParseError(fmt::format("{}: cannot read", p.string()));
  // The head (versions, settings) and the tail (results) of a flood; the middle is skipped.
  constexpr std::size_t kHalf = kMaxToolLogBytes / 2;
  std::string head, tail;
  bool skipped = false;
  std::size_t run = 0;  // bytes since the last "\n" or "\r"
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    for (std::streamsize i = 0; i < in.gcount(); ++i) {
      char c = buf[i];
      if (c == '\n' || c == '\r')
        run = 0;
      else if (run++ >= kMaxLineBytes)
        continue;
      if (head.size() < kHalf)
        head += c;
      else
        tail += c;
    }
    // Trimmed every MiB past the half: the tail never holds much more than it keeps.
    if (tail.size() > kHalf + (1u << 20)) {
      tail.erase(0, tail.size() - kHalf);
      skipped = true;
    }
  }
  if (tail.size() > kHalf) {
    tail.erase(0, tail.size() - kHalf);
    skipped = true;
  }
  if (skipped) {
    // Whole lines only on either side of the gap.
    auto nl = tail.find_first_of("\n\r");
    tail.erase(0, nl == std::string::npos ? tail.size() : nl + 1);
    auto last = head.find_last_of("\n\r");
    head.resize(last == std::string::npos ? 0 : last + 1);
    if (!head.empty() && head.back() != '\n') head += '\n';
    head += kToolLogGapLine;
    head += '\n';
  }
  head += tail;
  return head;
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

std::string read_tool_log_if_any(const fs::path& p) { return fs::exists(p) ? read_tool_log(p) : ""; }

}  // namespace wb
