// JSON as text without throwing on a tool's or a config's bytes: nlohmann's dump() throws on
// invalid UTF-8 (vendor tools print such bytes), which would lose the whole run's files.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace wb {

// Invalid UTF-8 becomes U+FFFD; indent as nlohmann's dump (-1: one line).
inline std::string json_text(const nlohmann::json& j, int indent = -1) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace wb
