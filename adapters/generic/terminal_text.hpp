// Terminal output as a person saw it: ANSI escape sequences removed and, within a line,
// carriage-return redraws collapsed to the last one that drew something. Progress bars
// (tqdm, hailortcli) write "\r<frame>" repeatedly and clear with "\r<spaces>\r", so a
// figure regex run over the raw bytes would match stale frames or the escape codes.
#pragma once
#include <string>

#include "harness/util/printable.hpp"

namespace wb::term {

// CSI ("\x1b[2K", "\x1b[1;32m", "\x1b[?25l"), OSC ("\x1b]0;title\x07") and two-byte escapes.
inline std::string strip_ansi(const std::string& s) { return strip_escapes(s); }

// One line's redraws: the last "\r"-separated part that is not blank (the bar's clear
// "\r<spaces>\r" and a trailing "\r" of "\r\n" draw nothing).
inline std::string last_redraw(const std::string& line) {
  if (line.find('\r') == std::string::npos) return line;
  std::string keep;
  std::size_t start = 0;
  while (start <= line.size()) {
    std::size_t cr = line.find('\r', start);
    std::string part = line.substr(start, cr == std::string::npos ? std::string::npos : cr - start);
    if (part.find_first_not_of(" \t") != std::string::npos) keep = part;
    if (cr == std::string::npos) break;
    start = cr + 1;
  }
  return keep;
}

// A whole log: escapes stripped, then each "\n" line reduced to its last redraw.
inline std::string clean(const std::string& raw) {
  std::string s = strip_ansi(raw), out;
  out.reserve(s.size());
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t nl = s.find('\n', start);
    out += last_redraw(s.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    out += '\n';
    start = nl + 1;
  }
  return out;
}

}  // namespace wb::term
