// The run plan: grouped or interleaved, every repeat of every variant once, named by folder.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "harness/config/config.hpp"
#include "harness/run/run_plan.hpp"

using namespace wb;

TEST_CASE("run plan: grouped A A B B, interleaved A B A B, each run's folder") {
  Config cfg;
  for (const char* id : {"a", "b", "c"}) {
    Variant v;
    v.id = id;
    cfg.variants.push_back(v);
  }
  cfg.repeat = 2;
  auto order = [](const std::vector<PlannedRun>& plan) {
    std::string s;
    for (const auto& r : plan) s += r.dir + " ";
    return s;
  };
  cfg.order = "grouped";
  CHECK(order(plan_runs(cfg)) == "a/run-1 a/run-2 b/run-1 b/run-2 c/run-1 c/run-2 ");
  cfg.order = "interleaved";
  auto plan = plan_runs(cfg);
  CHECK(order(plan) == "a/run-1 b/run-1 c/run-1 a/run-2 b/run-2 c/run-2 ");
  REQUIRE(plan.size() == 6);
  CHECK(plan[4].variant == 1);
  CHECK(plan[4].k == 2);
  cfg.repeat = 0;
  CHECK(plan_runs(cfg).empty());
}
