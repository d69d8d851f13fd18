// Measured against published: one rule, table-tested.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "harness/report/versus_published.hpp"

using namespace wb;

TEST_CASE("versus published: a ratio only where both are there, efficiency only at one scope") {
  struct Case {
    const char* what;
    std::optional<double> measured, published;
    const char *measured_scope, *published_scope;
    std::optional<double> ratio;
    bool other_scope;
  };
  const std::vector<Case> cases{
      {"same scope", 200.0, 250.0, "module", "module", 0.8, false},
      {"another scope: no ratio, said so", 200.0, 250.0, "board", "module", std::nullopt, true},
      {"an unstated scope is another scope", 200.0, 250.0, "board", "", std::nullopt, true},
      {"nothing published", 200.0, std::nullopt, "board", "board", std::nullopt, false},
      {"nothing measured", std::nullopt, 250.0, "board", "board", std::nullopt, false},
      {"published 0 is no figure to divide by", 200.0, 0.0, "board", "board", std::nullopt, false},
  };
  for (const auto& c : cases) {
    CAPTURE(std::string(c.what));
    auto v = versus_published(c.measured, c.published, c.measured_scope, c.published_scope);
    CHECK(v.other_scope == c.other_scope);
    REQUIRE(v.ratio.has_value() == c.ratio.has_value());
    if (c.ratio) CHECK(*v.ratio == doctest::Approx(*c.ratio));
  }
  // FPS has no scope.
  CHECK(*versus_published(1371.0, 1250.0).ratio == doctest::Approx(1.0968));
  CHECK_FALSE(versus_published(std::nullopt, 1250.0).ratio);
}
