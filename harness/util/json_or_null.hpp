// An optional figure in JSON: its value, or null where it was not measured (never 0).
#pragma once
#include <optional>

#include <nlohmann/json.hpp>

namespace wb {

template <class T>
nlohmann::json or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace wb
