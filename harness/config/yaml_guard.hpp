// Guards a parsed YAML tree before anything walks or copies it: yaml-cpp shares aliased nodes,
// so a few hundred bytes can expand to billions of nodes (an alias bomb), and it keeps
// duplicate keys silently, answering lookups with the first.
#pragma once
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>

namespace wb {

// Far beyond any real config (a 1000-variant matrix is a few thousand nodes).
inline constexpr std::size_t kMaxConfigNodes = 100000;

// Throws ConfigError (origin:line:column) beyond kMaxConfigNodes nodes counted with every
// alias expanded, or on a key repeated in one mapping (naming both places). Iterative, and
// it stops at the cap, so its own cost is bounded too.
void guard_yaml_tree(const YAML::Node& root, const std::string& origin);

}  // namespace wb
