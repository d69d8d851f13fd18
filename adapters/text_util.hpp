// Small text helpers shared by the output parsers.
#pragma once
#include <algorithm>
#include <cctype>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace wb::text {

inline std::string trim(std::string s) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

// Lines without their "\n" or "\r\n".
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream ss(text);
  for (std::string l; std::getline(ss, l);) {
    if (!l.empty() && l.back() == '\r') l.pop_back();
    lines.push_back(l);
  }
  return lines;
}

// The whole (trimmed) string as a finite number, else nullopt.
inline std::optional<double> to_number(const std::string& s) {
  std::string t = trim(s);
  if (t.empty()) return std::nullopt;
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(t, &used);
  } catch (...) {
    return std::nullopt;
  }
  if (used != t.size() || std::isnan(v) || std::isinf(v)) return std::nullopt;
  return v;
}

// Whether `text` contains any of `needles`, ignoring ASCII case (tools' messages vary in case).
inline bool contains_any_ci(const std::string& text, std::initializer_list<const char*> needles) {
  std::string low = text;
  std::transform(low.begin(), low.end(), low.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* n : needles) {
    std::string needle = n;
    std::transform(needle.begin(), needle.end(), needle.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (low.find(needle) != std::string::npos) return true;
  }
  return false;
}

// A number and its unit as C++ streams and printf write them, glued ("5.218ms", "1e+06ms.") or
// spaced ("5.218 ms"), a sentence's full stop allowed: the number when the rest is one of
// `units` (its index in *which), else nullopt.
inline std::optional<double> number_with_unit(const std::string& s, std::initializer_list<const char*> units,
                                              std::size_t* which = nullptr) {
  std::string t = trim(s);
  if (!t.empty() && t.back() == '.') t.pop_back();
  std::size_t i = 0;
  for (const char* u : units) {
    std::string unit = u;
    if (t.size() > unit.size() && t.compare(t.size() - unit.size(), unit.size(), unit) == 0) {
      auto v = to_number(t.substr(0, t.size() - unit.size()));
      if (v) {
        if (which) *which = i;
        return v;
      }
    }
    ++i;
  }
  return std::nullopt;
}

}  // namespace wb::text
