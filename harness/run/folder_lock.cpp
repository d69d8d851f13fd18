// The results folder's lock file.
#include "harness/run/folder_lock.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "harness/config/config_error.hpp"
#include "harness/util/checked_write.hpp"
#include "harness/util/local_time.hpp"
#include "harness/util/read_text.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {
std::string host_name() {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  return host;
}

// O_EXCL: of two processes creating the file at once, exactly one succeeds.
bool try_create(const fs::path& p) {
  int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    throw std::runtime_error(io_error_text(errno, p));
  }
  nlohmann::json holder{{"pid", ::getpid()}, {"host", host_name()}, {"since", local_time_now("%Y-%m-%dT%H:%M:%S%z")}};
  try {
    write_all(fd, holder.dump() + "\n", p);
  } catch (...) {
    ::close(fd);
    ::unlink(p.c_str());
    throw;
  }
  ::close(fd);
  return true;
}
}  // namespace

FolderLock::FolderLock(const fs::path& dir, std::string& note) : m_path(dir / kFileName) {
  if (try_create(m_path)) return;
  std::string text;
  try {
    text = read_file_capped(m_path, 64u << 10);  // a pid and a host: small
  } catch (const FileReadError&) {
  }
  nlohmann::json holder = nlohmann::json::parse(text, nullptr, false);
  if (!holder.is_object() || !holder.contains("pid") || !holder["pid"].is_number_integer())
    // Being written this very moment, or damaged: not ours to remove.
    throw ConfigError(
        dir.string(), 0, 0,
        fmt::format("results folder is in use by another wattbench (lock file {} without a readable holder); "
                    "remove it if no run uses this folder",
                    m_path.string()));
  auto pid = holder["pid"].get<long>();
  std::string host = holder.value("host", ""), since = holder.value("since", "");
  bool dead = host == host_name() && pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
  if (!dead)
    throw ConfigError(dir.string(), 0, 0,
                      fmt::format("results folder is in use by wattbench pid {} on host {} since {} (lock file {})",
                                  pid, host, since, m_path.string()));
  ::unlink(m_path.c_str());
  if (!try_create(m_path))
    throw ConfigError(
        dir.string(), 0, 0,
        fmt::format("results folder was claimed by another wattbench just now (lock file {})", m_path.string()));
  note =
      fmt::format("took over the stale lock of pid {} on {} (since {}): that process no longer runs", pid, host, since);
}

FolderLock::~FolderLock() { ::unlink(m_path.c_str()); }

}  // namespace wb
