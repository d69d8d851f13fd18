// printable(): one pass over the bytes, UTF-8 decoding by hand (no locale dependence).
#include "harness/util/printable.hpp"

namespace wb {

namespace {
constexpr std::string_view kReplacement = "\xef\xbf\xbd";  // U+FFFD

// Length of the escape sequence starting at s[i] == ESC (at least 1).
std::size_t escape_length(std::string_view s, std::size_t i) {
  std::size_t j = i + 1;
  if (j >= s.size()) return 1;
  if (s[j] == '[') {  // CSI: parameters 0x30-0x3f, intermediates 0x20-0x2f, final 0x40-0x7e
    ++j;
    while (j < s.size() && s[j] >= 0x20 && s[j] <= 0x3f) ++j;
    return j < s.size() && s[j] >= 0x40 && s[j] <= 0x7e ? j + 1 - i : j - i;
  }
  if (s[j] == ']' || s[j] == 'P' || s[j] == '_' || s[j] == '^') {  // OSC, DCS, APC, PM: up to BEL or ESC '\'
    for (++j; j < s.size(); ++j) {
      if (s[j] == '\x07') return j + 1 - i;
      if (s[j] == '\x1b') return (j + 1 < s.size() && s[j + 1] == '\\' ? j + 2 : j) - i;
    }
    return j - i;
  }
  return s[j] >= 0x20 && s[j] <= 0x7e ? 2 : 1;
}

// Length of the valid UTF-8 sequence at s[i], 0 when invalid (overlong, surrogate, > U+10FFFF).
std::size_t utf8_length(std::string_view s, std::size_t i, unsigned& cp) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned c = b(i);
  std::size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  cp = n == 1 ? c : n == 2 ? c & 0x1f : n == 3 ? c & 0x0f : c & 0x07;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xc0) != 0x80) return 0;
    cp = cp << 6 | (b(i + k) & 0x3f);
  }
  static constexpr unsigned kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}
}  // namespace

std::string strip_escapes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '\x1b')
      i += escape_length(s, i);
    else
      out += s[i++];
  }
  return out;
}

std::string printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '\x1b') {
      i += escape_length(s, i);
      continue;
    }
    unsigned cp = 0;
    std::size_t n = utf8_length(s, i, cp);
    if (n == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    bool control = (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7f && cp <= 0x9f);
    if (!control) out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace wb
