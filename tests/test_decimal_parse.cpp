// The trace reader's plain-decimal conversion gives the same double as std::from_chars, bit for bit.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <charconv>
#include <cstring>
#include <random>
#include <string>

#include "harness/util/decimal_parse.hpp"

using namespace wb;

namespace {
double by_from_chars(const std::string& s) {
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  REQUIRE(ec == std::errc());
  REQUIRE(p == s.data() + s.size());
  return v;
}
bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }
}  // namespace

TEST_CASE("plain decimals convert exactly as std::from_chars does") {
  std::mt19937_64 rng(29);
  std::uniform_real_distribution<double> any(-1e6, 1e6);
  int fast = 0;
  for (int i = 0; i < 200000; ++i) {
    const double x = i % 3 == 0 ? any(rng) : any(rng) * 1e-9;
    for (const std::string& s : {fmt::format("{}", x), fmt::format("{:.3f}", x), fmt::format("{:.9f}", x)}) {
      double v = 0;
      if (parse_plain_decimal(s.data(), s.data() + s.size(), v)) {
        ++fast;
        INFO(s);
        CHECK(same_bits(v, by_from_chars(s)));
      }
    }
  }
  CHECK(fast > 300000);  // the writer's numbers take the fast path
  for (std::string s : {"0", "-0", "4.7", "1.", ".5", "123456789012345", "0.00000000000000001"}) {
    double v = 0;
    INFO(s);
    REQUIRE(parse_plain_decimal(s.data(), s.data() + s.size(), v));
    CHECK(same_bits(v, by_from_chars(s)));
  }
}

TEST_CASE("anything but a plain decimal is left to std::from_chars") {
  for (std::string s : {"", "-", ".", "1e5", "+1", "1.2.3", "nan", "inf", " 1", "1 ", "12345678901234567890",
                        "9007199254740993", "0x10", "1,5"}) {
    double v = 0;
    INFO(s);
    CHECK_FALSE(parse_plain_decimal(s.data(), s.data() + s.size(), v));
  }
}
