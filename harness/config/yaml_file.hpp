// A YAML file read for a campaign or catalog: a regular file only (never a FIFO or a device),
// at most kMaxConfigBytes (harness/util/read_text.hpp), parsed, then guarded (alias expansion, duplicate keys)
// before anything walks it. Errors are ConfigErrors naming the file, line and column.
#pragma once
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>

namespace wb {

// what: "config file", "campaign file", "model catalog" (for the error text).
YAML::Node load_yaml_file(const std::filesystem::path& path, const std::string& what);
// The file's text, with the same checks (for copies kept as the record).
std::string read_yaml_text(const std::filesystem::path& path, const std::string& what);

}  // namespace wb
