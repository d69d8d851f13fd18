// `matrix:` — sweep axes expanded once into variants. An axis maps labels to config
// settings ({label: {key.path: value}}), or is a key path with a list of values;
// `include:` adds settings to the combinations it selects; `baseline:` names the label
// derived ratios compare against; `order:` grouped | interleaved.
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/config/node.hpp"

namespace wb {

// More variants than any bench can run in a day; the cap is stated in the error.
inline constexpr std::size_t kMaxVariants = 1000;

struct VariantSpec {
  std::string id;
  nlohmann::json params;
  std::vector<std::pair<std::string, YAML::Node>> sets;  // key path -> value
};

struct MatrixSpec {
  std::vector<VariantSpec> variants;
  std::string order = "grouped";
  std::map<std::string, std::string> baseline;
};

MatrixSpec parse_matrix(const ConfigNode& matrix);

}  // namespace wb
