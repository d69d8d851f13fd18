// Bounded walk of a YAML tree: expanded size and duplicate keys.
#include "harness/config/yaml_guard.hpp"

#include <fmt/format.h>

#include <map>
#include <vector>

#include "harness/config/config_error.hpp"

namespace wb {

namespace {
std::string where(const std::string& origin, const YAML::Mark& m) {
  return m.line >= 0 ? fmt::format("{}:{}:{}", origin, m.line + 1, m.column + 1) : origin;
}
}  // namespace

void guard_yaml_tree(const YAML::Node& root, const std::string& origin) {
  std::vector<YAML::Node> todo{root};
  std::size_t visited = 0;
  while (!todo.empty()) {
    YAML::Node n = todo.back();
    todo.pop_back();
    if (++visited > kMaxConfigNodes) {
      auto m = n.Mark();
      throw ConfigError(
          origin, m.line + 1, m.column + 1,
          fmt::format("the YAML expands to more than {} nodes, counting each use of an alias (&anchor/*alias) "
                      "again: an alias bomb or a runaway config",
                      kMaxConfigNodes));
    }
    if (n.IsSequence()) {
      for (const auto& item : n) todo.push_back(item);
    } else if (n.IsMap()) {
      std::map<std::string, YAML::Mark> seen;
      for (auto it = n.begin(); it != n.end(); ++it) {
        if (it->first.IsScalar()) {
          auto [first, fresh] = seen.emplace(it->first.Scalar(), it->first.Mark());
          if (!fresh) {
            auto m = it->first.Mark();
            throw ConfigError(
                origin, m.line + 1, m.column + 1,
                fmt::format("duplicate key '{}' (first at {}); YAML would silently keep only the first value",
                            it->first.Scalar(), where(origin, first->second)));
          }
        } else {
          todo.push_back(it->first);
        }
        todo.push_back(it->second);
      }
    }
  }
}

}  // namespace wb
