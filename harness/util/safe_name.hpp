// Names read from files (model ids, card names, matrix labels, config names) that become file
// or folder names: one rule, checked where they enter and again before anything is written.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace wb {

inline constexpr std::size_t kMaxNameChars = 100;  // a results folder adds a 16-character stamp; 255 is the limit

// Why `name` cannot be used as one path component ("" when it can): letters, digits, '.', '_'
// and '-' only, never starting with '.' (so never "." or ".."), 1..kMaxNameChars characters.
inline std::string unsafe_name_reason(std::string_view name) {
  if (name.empty()) return "it is empty";
  if (name.size() > kMaxNameChars)
    return std::to_string(name.size()) + " characters: at most " + std::to_string(kMaxNameChars);
  if (name.front() == '.') return "it starts with '.'";
  for (char c : name)
    if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != '_' && c != '-' &&
        c != '.')
      return "use letters, digits, '.', '_' or '-' only";
  return "";
}

}  // namespace wb
