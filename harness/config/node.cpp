// Position-aware YAML access with clear errors.
#include "harness/config/node.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace wb {

namespace {
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
std::string join_path(const std::string& base, const std::string& key) { return base.empty() ? key : base + "." + key; }
}  // namespace

std::string describe_yaml_type(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Null:
      return "nothing";
    case YAML::NodeType::Scalar:
      return fmt::format("'{}'", n.Scalar());
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    default:
      return "an undefined value";
  }
}

ConfigNode::ConfigNode(YAML::Node node, std::string file, std::string path)
    : m_node(std::move(node)), m_file(std::move(file)), m_path(std::move(path)) {
  if (!m_node.IsMap()) fail_here(fmt::format("expected a mapping, found {}", describe_yaml_type(m_node)));
}

void ConfigNode::fail_here(const std::string& what) const {
  auto mark = m_node.Mark();
  throw ConfigError(m_file, mark.line + 1, mark.column + 1,
                    fmt::format("{}: {}", m_path.empty() ? "(top level)" : m_path, what), m_path);
}

void ConfigNode::fail(const std::string& key, const std::string& what) const {
  YAML::Node n = m_node[key];
  auto mark = n.IsDefined() ? n.Mark() : m_node.Mark();
  throw ConfigError(m_file, mark.line + 1, mark.column + 1, fmt::format("{}: {}", join_path(m_path, key), what),
                    join_path(m_path, key));
}

bool ConfigNode::has(const std::string& key) const { return m_node[key].IsDefined() && !m_node[key].IsNull(); }

void ConfigNode::allow_only(std::initializer_list<const char*> allowed) const {
  for (auto it = m_node.begin(); it != m_node.end(); ++it) {
    std::string key = it->first.as<std::string>();
    if (std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; })) continue;
    std::string best;
    std::size_t best_d = 99;
    for (const char* a : allowed) {
      auto d = edit_distance(key, a);
      if (d < best_d) {
        best_d = d;
        best = a;
      }
    }
    std::string allowed_list;
    for (const char* a : allowed) allowed_list += fmt::format("{}{}", allowed_list.empty() ? "" : ", ", a);
    auto mark = it->first.Mark();
    throw ConfigError(m_file, mark.line + 1, mark.column + 1,
                      fmt::format("unknown key '{}'{}; expected one of: {}", join_path(m_path, key),
                                  best_d <= 2 ? fmt::format(" (did you mean '{}'?)", best) : "", allowed_list),
                      join_path(m_path, key));
  }
}

std::optional<std::string> ConfigNode::string(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  YAML::Node n = m_node[key];
  if (!n.IsScalar()) fail(key, fmt::format("expected a string, found {}", describe_yaml_type(n)));
  return n.Scalar();
}

std::optional<double> ConfigNode::number(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  YAML::Node n = m_node[key];
  double v = 0;
  if (!n.IsScalar() || !YAML::convert<double>::decode(n, v) || std::isnan(v) || std::isinf(v))
    fail(key, fmt::format("expected a number, found {}", describe_yaml_type(n)));
  return v;
}

std::optional<long long> ConfigNode::integer(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  YAML::Node n = m_node[key];
  long long v = 0;
  if (!n.IsScalar() || !YAML::convert<long long>::decode(n, v))
    fail(key, fmt::format("expected a whole number, found {}", describe_yaml_type(n)));
  return v;
}

std::optional<bool> ConfigNode::boolean(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  YAML::Node n = m_node[key];
  bool v = false;
  if (!n.IsScalar() || !YAML::convert<bool>::decode(n, v))
    fail(key, fmt::format("expected true or false, found {}", describe_yaml_type(n)));
  return v;
}

std::optional<std::vector<std::string>> ConfigNode::string_list(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  YAML::Node n = m_node[key];
  if (!n.IsSequence()) fail(key, fmt::format("expected a list of strings, found {}", describe_yaml_type(n)));
  std::vector<std::string> out;
  for (const auto& item : n) {
    if (!item.IsScalar()) {
      auto mark = item.Mark();
      throw ConfigError(
          m_file, mark.line + 1, mark.column + 1,
          fmt::format("{}: expected a string list item, found {}", join_path(m_path, key), describe_yaml_type(item)),
          join_path(m_path, key));
    }
    out.push_back(item.Scalar());
  }
  return out;
}

std::optional<ConfigNode> ConfigNode::mapping(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  return ConfigNode(m_node[key], m_file, join_path(m_path, key));
}

std::vector<ConfigNode> ConfigNode::mapping_list(const std::string& key) const {
  std::vector<ConfigNode> out;
  if (!has(key)) return out;
  YAML::Node n = m_node[key];
  if (!n.IsSequence()) fail(key, fmt::format("expected a list of mappings, found {}", describe_yaml_type(n)));
  std::size_t i = 0;
  for (const auto& item : n) out.emplace_back(item, m_file, fmt::format("{}[{}]", join_path(m_path, key), i++));
  return out;
}

std::string ConfigNode::require_string(const std::string& key) const {
  auto v = string(key);
  if (!v) fail(key, "is required (a string)");
  return *v;
}

double ConfigNode::require_number(const std::string& key) const {
  auto v = number(key);
  if (!v) fail(key, "is required (a number)");
  return *v;
}

double ConfigNode::positive(const std::string& key, double value) const {
  if (!(value > 0)) fail(key, fmt::format("must be greater than 0, found {}", value));
  return value;
}

double ConfigNode::seconds(const std::string& key, double value, bool zero_ok) const {
  if (!(zero_ok ? value >= 0 : value > 0) || !(value <= kMaxDurationS))
    fail(key, fmt::format("{:g} s: expected {} {:g} s (one week)", value, zero_ok ? "0 up to" : "more than 0, up to",
                          kMaxDurationS));
  return value;
}

double ConfigNode::in_range(const std::string& key, double value, double lo, double hi, const std::string& unit,
                            bool lo_ok) const {
  if (!(lo_ok ? value >= lo : value > lo) || !(value <= hi))
    fail(key,
         fmt::format("{:g}{}: expected {} {:g} up to {:g}{}", value, unit, lo_ok ? "from" : "more than", lo, hi, unit));
  return value;
}

double ConfigNode::non_negative(const std::string& key, double value) const {
  if (!(value >= 0)) fail(key, fmt::format("must be 0 or more, found {}", value));
  return value;
}

}  // namespace wb
