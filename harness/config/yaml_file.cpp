// Bounded, type-checked YAML file reads.
#include "harness/config/yaml_file.hpp"

#include <fmt/format.h>

#include "harness/config/config_error.hpp"
#include "harness/config/yaml_guard.hpp"
#include "harness/util/read_text.hpp"

namespace wb {

std::string read_yaml_text(const std::filesystem::path& path, const std::string& what) {
  try {
    return read_file_capped(path, kMaxConfigBytes);
  } catch (const FileReadError& e) {
    throw ConfigError(path.string(), 0, 0, fmt::format("cannot open the {}: {}", what, e.detail()));
  }
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
