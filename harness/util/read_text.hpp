// Bounded, non-blocking whole-file reads: every file wattbench reads whole (configs, tool
// result files, summaries, parse inputs) goes through here. The open never blocks (a FIFO or
// a device in place of a file is refused, not waited on), only a regular file is read, and
// never more than a stated cap.
#pragma once
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace wb {

// Caps for files read whole (bytes), named in the error when a file is larger.
inline constexpr std::size_t kMaxConfigBytes = 16u << 20;       // configs, campaign and catalog files
inline constexpr std::size_t kMaxResultFileBytes = 256u << 20;  // a tool's result files, parse inputs
inline constexpr std::size_t kMaxJsonFileBytes = 256u << 20;    // our own JSON files (summary, run files)

// "<path>: not a regular file (a FIFO)", "<path>: larger than the 16 MiB read limit", ...
class FileReadError : public std::runtime_error {
 public:
  FileReadError(const std::filesystem::path& p, const std::string& detail)
      : std::runtime_error(p.string() + ": " + detail), m_detail(detail) {}
  // What was wrong, without the path (for errors that name the file their own way).
  const std::string& detail() const { return m_detail; }

 private:
  std::string m_detail;
};

// An open file descriptor of a regular file, closed on destruction.
class RegularFile {
 public:
  // Opens `p` without blocking (O_NONBLOCK) and checks with fstat that it is a regular file;
  // throws FileReadError naming it otherwise.
  explicit RegularFile(const std::filesystem::path& p);
  RegularFile(const RegularFile&) = delete;
  RegularFile& operator=(const RegularFile&) = delete;
  ~RegularFile();
  int fd() const { return m_fd; }
  std::size_t size() const { return m_size; }
  // The same open file as a stream (for line-by-line readers), through /proc/self/fd.
  std::ifstream stream(std::ios::openmode mode = std::ios::in | std::ios::binary) const;

 private:
  int m_fd = -1;
  std::size_t m_size = 0;
};

// The whole of regular file `p`, at most `max_bytes`; throws FileReadError naming the file
// (and the cap when it is larger).
std::string read_file_capped(const std::filesystem::path& p, std::size_t max_bytes);

// A small text file (sysfs, procfs) whole, without trailing newlines or spaces; empty when the
// file is missing, not a regular file or unreadable; at most 4 MiB.
std::string read_text_file(const std::filesystem::path& p);

}  // namespace wb
