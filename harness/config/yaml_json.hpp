// YAML to JSON, for adapters that pass config values on (e.g. to the parser's context).
#pragma once
#include <yaml-cpp/yaml.h>

#include <nlohmann/json_fwd.hpp>

namespace wb {

nlohmann::json yaml_to_json(const YAML::Node& n);

}  // namespace wb
