// Plain decimals ("-12.3456", "4", "0.001") to double, exactly as std::from_chars would give
// them, without its general machinery: the trace reader converts millions of them. Clinger's
// fast path: a mantissa below 2^53 and a power of ten up to 10^22 are both exact doubles, so
// one division is correctly rounded. Anything else (exponents, long mantissas) returns false for
// the caller to use std::from_chars.
#pragma once
#include <cstdint>

namespace wb {

inline bool parse_plain_decimal(const char* p, const char* end, double& out) {
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
  for (; p != end; ++p) {
    const char c = *p;
    if (c >= '0' && c <= '9') {
      if (++digits > 18) return false;  // beyond 18 digits the mantissa could overflow
      mantissa = mantissa * 10 + static_cast<std::uint64_t>(c - '0');
      fraction_digits += in_fraction ? 1 : 0;
    } else if (c == '.' && !in_fraction) {
      in_fraction = true;
    } else {
      return false;
    }
  }
  if (digits == 0 || mantissa >= kExactMantissa || fraction_digits > 22) return false;
  double v = static_cast<double>(mantissa) / kPow10[fraction_digits];
  out = negative ? -v : v;
  return true;
}

}  // namespace wb
