// Regular expressions on Boost.Regex, for the parsers and the user's patterns. std::regex
// recurses once per character and overflows the stack on a 100 kB line (one-line JSON,
// progress bars); Boost's matcher keeps its state on the heap and, on runaway backtracking,
// throws instead of hanging: these helpers turn that into "no match" (or Complexity for
// callers that must say so). Include this only in .cpp files: the header is heavy.
#pragma once
#include <boost/regex.hpp>
#include <stdexcept>
#include <string>

namespace wb::rx {

using regex = boost::regex;
using smatch = boost::smatch;
using sregex_iterator = boost::sregex_iterator;
using error = boost::regex_error;

// As std::regex's ECMAScript: '.' stops at a newline.
inline constexpr boost::regex_constants::match_flag_type kFlags = boost::match_not_dot_newline;

// A pattern too costly for this input (Boost gave up on its backtracking).
class Complexity : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline bool match_or_throw(const std::string& s, smatch& m, const regex& re) {
  try {
    return boost::regex_match(s, m, re, kFlags);
  } catch (const std::runtime_error& e) {
    throw Complexity(e.what());
  }
}
inline bool search_or_throw(const std::string& s, smatch& m, const regex& re) {
  try {
    return boost::regex_search(s, m, re, kFlags);
  } catch (const std::runtime_error& e) {
    throw Complexity(e.what());
  }
}

inline bool match(const std::string& s, smatch& m, const regex& re) {
  try {
    return match_or_throw(s, m, re);
  } catch (const Complexity&) {
    return false;
  }
}
inline bool match(const std::string& s, const regex& re) {
  smatch m;
  return match(s, m, re);
}
inline bool search(const std::string& s, smatch& m, const regex& re) {
  try {
    return search_or_throw(s, m, re);
  } catch (const Complexity&) {
    return false;
  }
}
inline bool search(const std::string& s, const regex& re) {
  smatch m;
  return search(s, m, re);
}
// On a pattern too costly for the input, the input unchanged.
inline std::string replace(const std::string& s, const regex& re, const std::string& with) {
  try {
    return boost::regex_replace(s, re, with, kFlags);
  } catch (const std::runtime_error&) {
    return s;
  }
}

}  // namespace wb::rx
