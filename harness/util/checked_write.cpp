// Checked writes: every write, fsync and close result is looked at.
#include "harness/util/checked_write.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace wb {

namespace fs = std::filesystem;

std::string io_error_text(int err, const fs::path& p) {
  if (err == ENOSPC || err == EDQUOT) return fmt::format("disk full: {}", p.string());
  return fmt::format("cannot write {}: {}", p.string(), std::strerror(err));
}

void write_all(int fd, std::string_view data, const fs::path& p) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error(io_error_text(errno, p));
    if (n == 0) throw std::runtime_error(io_error_text(ENOSPC, p));  // no progress: nothing more fits
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

namespace {
// Writes, syncs and closes fd; on any failure closes it anyway and throws naming `shown`.
void finish(int fd, std::string_view text, const fs::path& shown, bool sync) {
  try {
    write_all(fd, text, shown);
  } catch (...) {
    ::close(fd);
    throw;
  }
  // EINVAL: the file does not support syncing (a pipe or device); nothing to wait for then.
  if (sync && ::fsync(fd) != 0 && errno != EINVAL) {
    int err = errno;
    ::close(fd);
    throw std::runtime_error(io_error_text(err, shown));
  }
  if (::close(fd) != 0 && errno != EINTR) throw std::runtime_error(io_error_text(errno, shown));
}
}  // namespace

void write_file_atomic(const fs::path& p, std::string_view text) {
  // pid + counter: two processes or threads writing one file never share a temporary.
  static std::atomic<unsigned long> counter{0};
  fs::path tmp = p;
  tmp += fmt::format(".tmp-{}-{}", ::getpid(), counter++);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) throw std::runtime_error(io_error_text(errno, p));
  try {
    finish(fd, text, p, true);
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
  if (::rename(tmp.c_str(), p.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    throw std::runtime_error(io_error_text(err, p));
  }
}

void write_output_file(const fs::path& p, std::string_view text) {
  struct stat st {};
  if (::stat(p.c_str(), &st) == 0 && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
    int fd = ::open(p.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error(io_error_text(errno, p));
    finish(fd, text, p, false);
    return;
  }
  if (::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) throw std::runtime_error(io_error_text(EISDIR, p));
  write_file_atomic(p, text);
}

}  // namespace wb
