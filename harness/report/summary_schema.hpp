// Type checks of a summary.json read back (by report, compare and check): a field of the wrong
// type is an error naming the file and the field, never a silently missing figure.
#pragma once
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace wb {

// Throws ConfigError "<file>: variants[0].aggregate.fps.mean: expected number, got string" for
// the first field of the wrong type. Absent fields are not errors (older summaries lack some).
void check_summary_types(const nlohmann::json& summary, const std::string& file);

}  // namespace wb
