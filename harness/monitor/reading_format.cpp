// Display resolution per unit.
#include "harness/monitor/reading_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace wb {

int reading_decimals(const std::string& unit) {
  if (unit == "W" || unit == "V" || unit == "J") return 3;
  if (unit == "A") return 4;
  if (unit == "degC" || unit == "C" || unit == "°C") return 1;
  if (unit == "%") return 2;  // an analyzer's uncertainty per sample, a fraction of a percent
  if (unit == "Hz") return 0;
  return 3;
}

std::string reading_text(double value, const std::string& unit) {
  int d = reading_decimals(unit);
  if (std::abs(value) >= 1000) d = std::min(d, 1);
  std::string s = fmt::format("{:.{}f}", value, d);
  return s == "-0" || s.find_first_not_of("-0.") == std::string::npos ? s.substr(s[0] == '-') : s;  // no "-0.000"
}

}  // namespace wb
