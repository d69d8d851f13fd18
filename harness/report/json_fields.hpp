// A JSON object's fields as a table: key, kind, nullability and where the value comes from, so
// one declaration serves both the writer (to_json) and the type check of the file read back.
// Included by the summary writer and checker only (both need the whole of nlohmann/json).
#pragma once
#include <span>

#include <nlohmann/json.hpp>

namespace wb {

enum class JsonKind { number, string, boolean, object, array };

inline const char* json_kind_name(JsonKind k) {
  static constexpr const char* kNames[] = {"number", "string", "boolean", "object", "array"};
  return kNames[static_cast<int>(k)];
}

// Whether v is of kind k (null is of none).
inline bool json_is(const nlohmann::json& v, JsonKind k) {
  using Test = bool (nlohmann::json::*)() const noexcept;
  static constexpr Test kTests[] = {&nlohmann::json::is_number, &nlohmann::json::is_string, &nlohmann::json::is_boolean,
                                    &nlohmann::json::is_object, &nlohmann::json::is_array};
  return (v.*kTests[static_cast<int>(k)])();
}

// The key, kind and nullability alone: what the type check needs.
struct JsonShape {
  const char* key;
  JsonKind kind;
  bool nullable;  // a figure that could not be measured is null (named "expected <kind>" all the same)
};

// A field of Record in its JSON object. value returns a discarded JSON value where the field is
// absent for this record (e.g. sim_truth of a run on real hardware).
template <class Record>
struct JsonField {
  const char* key;
  JsonKind kind;
  bool nullable;
  nlohmann::json (*value)(const Record&);
};

// The record's fields as a JSON object, those absent for it left out.
template <class Record>
nlohmann::json fields_object(std::span<const JsonField<Record>> fields, const Record& r) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& f : fields)
    if (nlohmann::json v = f.value(r); !v.is_discarded()) j[f.key] = std::move(v);
  return j;
}

}  // namespace wb
