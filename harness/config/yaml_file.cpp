// Bounded, type-checked YAML file reads.
#include "harness/config/yaml_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "harness/config/config_error.hpp"
#include "harness/config/yaml_guard.hpp"

namespace wb {

std::string read_yaml_text(const std::filesystem::path& path, const std::string& what) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; the type check then refuses it.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw ConfigError(path.string(), 0, 0, fmt::format("cannot open the {}: {}", what, std::strerror(errno)));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw ConfigError(path.string(), 0, 0, fmt::format("the {} is not a regular file", what));
  }
  if (static_cast<std::size_t>(st.st_size) > kMaxYamlFileBytes) {
    ::close(fd);
    throw ConfigError(path.string(), 0, 0,
                      fmt::format("the {} is {} bytes; the limit is {} bytes", what, st.st_size, kMaxYamlFileBytes));
  }
  std::string text;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    if (text.size() > kMaxYamlFileBytes) break;  // grew while we read it
  }
  ::close(fd);
  if (text.size() > kMaxYamlFileBytes)
    throw ConfigError(path.string(), 0, 0, fmt::format("the {} is over the limit of {} bytes", what, kMaxYamlFileBytes));
  return text;
}

YAML::Node load_yaml_file(const std::filesystem::path& path, const std::string& what) {
  std::string text = read_yaml_text(path, what);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw ConfigError(path.string(), e.mark.line + 1, e.mark.column + 1, fmt::format("YAML syntax error: {}", e.msg));
  }
  guard_yaml_tree(root, path.string());
  return root;
}

}  // namespace wb
