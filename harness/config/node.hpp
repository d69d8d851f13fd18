// Typed, position-aware access to one YAML mapping of the config. Every error names
// file:line:column and the expected form; unknown keys are errors, because a typo must
// never silently change a measurement.
#pragma once
#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "harness/config/config_error.hpp"

namespace wb {

// The longest duration a config may give (timeouts, phases, waits): one week.
inline constexpr double kMaxDurationS = 7 * 24 * 3600.0;
// Names that become file, folder or CSV column names: short enough for a 255-byte file name.
inline constexpr std::size_t kMaxProbeName = 64;
// Slowest probe rate: one reading per 100 s (a slower one is a misplaced period).
inline constexpr double kMinRateHz = 0.01;

class ConfigNode {
 public:
  ConfigNode(YAML::Node node, std::string file, std::string path);

  const std::string& path() const { return m_path; }
  const std::string& file() const { return m_file; }
  bool has(const std::string& key) const;
  // Throws for any key not in `allowed`, naming the nearest allowed spelling.
  void allow_only(std::initializer_list<const char*> allowed) const;

  std::optional<std::string> string(const std::string& key) const;
  std::optional<double> number(const std::string& key) const;
  std::optional<long long> integer(const std::string& key) const;
  std::optional<bool> boolean(const std::string& key) const;
  std::optional<std::vector<std::string>> string_list(const std::string& key) const;
  std::optional<ConfigNode> mapping(const std::string& key) const;
  std::vector<ConfigNode> mapping_list(const std::string& key) const;

  std::string require_string(const std::string& key) const;
  double require_number(const std::string& key) const;
  // Range checks that name the key's position.
  double positive(const std::string& key, double value) const;
  double non_negative(const std::string& key, double value) const;
  // A duration: within 0 (or above, when !zero_ok) .. kMaxDurationS, so no clock arithmetic overflows.
  double seconds(const std::string& key, double value, bool zero_ok) const;
  // Within lo..hi (lo excluded when !lo_ok); the error names the range in `unit`.
  double in_range(const std::string& key, double value, double lo, double hi, const std::string& unit,
                  bool lo_ok = true) const;

  [[noreturn]] void fail(const std::string& key, const std::string& what) const;
  [[noreturn]] void fail_here(const std::string& what) const;
  const YAML::Node& yaml() const { return m_node; }
  YAML::Node child(const std::string& key) const { return m_node[key]; }

 private:
  YAML::Node m_node;
  std::string m_file;
  std::string m_path;
};

std::string describe_yaml_type(const YAML::Node& n);

}  // namespace wb
