// Plain decimals ("-12.3456", "4", "0.001") to double, exactly as std::from_chars would give
// them, without its general machinery: the trace reader converts millions of them. Clinger's
// fast path: a mantissa below 2^53 and a power of ten up to 10^22 are both exact doubles, so
// one division is correctly rounded. Anything else (exponents, long mantissas) is refused for
// the caller to use std::from_chars.
#pragma once
#include <cstdint>
#include <cstring>

namespace wb {

namespace decimal_detail {
// Eight ASCII digits at p as their value, all at once (SWAR on a little-endian load); false
// when any of the eight bytes is not a digit.
inline bool eight_digits(const char* p, std::uint64_t& value) {
  std::uint64_t chunk = 0;
  std::memcpy(&chunk, p, 8);
  // Each byte 0x30..0x39: its high nibble is 3, and adding 6 does not carry into it.
  if ((((chunk & 0xF0F0F0F0F0F0F0F0) | (((chunk + 0x0606060606060606) & 0xF0F0F0F0F0F0F0F0) >> 4))) !=
      0x3333333333333333)
    return false;
  chunk -= 0x3030303030303030;
  // Pairs of digits, then pairs of pairs, then the two halves: 10·a+b, 100·ab+cd, 10⁴·abcd+efgh.
  chunk = (chunk * 10 + (chunk >> 8)) & 0x00FF00FF00FF00FF;
  chunk = (chunk * 100 + (chunk >> 16)) & 0x0000FFFF0000FFFF;
  value = (chunk * 10000 + (chunk >> 32)) & 0xFFFFFFFF;
  return true;
}
}  // namespace decimal_detail

// Converts the plain decimal that starts at p and stops at the first character that is neither
// a digit nor its one '.'; returns where it stopped, or nullptr when that prefix is no plain
// decimal the fast path takes (no digit, more than 18 digits, beyond 2^53).
inline const char* parse_plain_decimal_prefix(const char* p, const char* end, double& out) {
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  constexpr std::uint64_t kExactMantissa = std::uint64_t{1} << 53;
  bool negative = false;
  if (p != end && *p == '-') {
    negative = true;
    ++p;
  }
  std::uint64_t mantissa = 0;
  int digits = 0, fraction_digits = 0;
  bool in_fraction = false;
  while (p != end) {
    std::uint64_t eight = 0;
    if (end - p >= 8 && digits <= 10 && decimal_detail::eight_digits(p, eight)) {
      mantissa = mantissa * 100000000 + eight;
      digits += 8;
      fraction_digits += in_fraction ? 8 : 0;
      p += 8;
      continue;
    }
    const char c = *p;
    if (c >= '0' && c <= '9') {
      if (++digits > 18) return nullptr;  // beyond 18 digits the mantissa could overflow
      mantissa = mantissa * 10 + static_cast<std::uint64_t>(c - '0');
      fraction_digits += in_fraction ? 1 : 0;
    } else if (c == '.' && !in_fraction) {
      in_fraction = true;
    } else {
      break;
    }
    ++p;
  }
  if (digits == 0 || mantissa >= kExactMantissa || fraction_digits > 22) return nullptr;
  double v = static_cast<double>(mantissa) / kPow10[fraction_digits];
  out = negative ? -v : v;
  return p;
}

// The whole of [p, end) as a plain decimal; false for anything else.
inline bool parse_plain_decimal(const char* p, const char* end, double& out) {
  double v = 0;
  if (parse_plain_decimal_prefix(p, end, v) != end || p == end) return false;
  out = v;
  return true;
}

}  // namespace wb
