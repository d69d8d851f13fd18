// Bounded whole-file reads (see read_text.hpp).
#include "harness/util/read_text.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <cerrno>
#include <cstring>

namespace wb {

namespace {
std::string kind_of(mode_t m) {
  if (S_ISDIR(m)) return "a folder";
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISSOCK(m)) return "a socket";
  return "not a plain file";
}
std::string mib(std::size_t bytes) {
  return bytes % (1u << 20) == 0 ? fmt::format("{} MiB", bytes >> 20) : fmt::format("{} bytes", bytes);
}
}  // namespace

RegularFile::RegularFile(const std::filesystem::path& p) {
  m_fd = ::open(p.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (m_fd < 0) throw FileReadError(p, fmt::format("cannot open: {}", std::strerror(errno)));
  struct stat st {};
  if (::fstat(m_fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    int e = errno;
    bool stat_ok = ::fstat(m_fd, &st) == 0;
    ::close(m_fd);
    m_fd = -1;
    if (!stat_ok) throw FileReadError(p, fmt::format("cannot read: {}", std::strerror(e)));
    throw FileReadError(p, fmt::format("not a regular file ({}); expected a file", kind_of(st.st_mode)));
  }
  // Reads from here block as usual (a regular file never waits).
  ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) & ~O_NONBLOCK);
  m_size = static_cast<std::size_t>(st.st_size);
}

RegularFile::~RegularFile() {
  if (m_fd >= 0) ::close(m_fd);
}

std::ifstream RegularFile::stream(std::ios::openmode mode) const {
  return std::ifstream(fmt::format("/proc/self/fd/{}", m_fd), mode);
}

std::string read_file_capped(const std::filesystem::path& p, std::size_t max_bytes) {
  RegularFile f(p);
  auto too_big = [&] {
    return FileReadError(p, fmt::format("larger than the {} read limit for this file", mib(max_bytes)));
  };
  if (f.size() > max_bytes) throw too_big();
  std::string out;
  out.reserve(f.size());
  char buf[1 << 16];
  for (;;) {
    ssize_t got = ::read(f.fd(), buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw FileReadError(p, fmt::format("cannot read: {}", std::strerror(errno)));
    if (got == 0) break;
    // A file that grows while read (or a size fstat does not know) is still held to the cap.
    if (out.size() + static_cast<std::size_t>(got) > max_bytes) throw too_big();
    out.append(buf, static_cast<std::size_t>(got));
  }
  return out;
}

std::string read_text_file(const std::filesystem::path& p) {
  std::string s;
  try {
    s = read_file_capped(p, 4u << 20);
  } catch (const FileReadError&) {
    return "";
  }
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace wb
