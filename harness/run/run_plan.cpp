// The run plan of a config.
#include "harness/run/run_plan.hpp"

#include <fmt/format.h>

#include "harness/config/config.hpp"

namespace wb {

std::vector<PlannedRun> plan_runs(const Config& cfg) {
  std::vector<PlannedRun> plan;
  auto add = [&](std::size_t v, int k) { plan.push_back({v, k, fmt::format("{}/run-{}", cfg.variants[v].id, k)}); };
  if (cfg.order == "interleaved") {
    for (int k = 1; k <= cfg.repeat; ++k)
      for (std::size_t v = 0; v < cfg.variants.size(); ++v) add(v, k);
  } else {
    for (std::size_t v = 0; v < cfg.variants.size(); ++v)
      for (int k = 1; k <= cfg.repeat; ++k) add(v, k);
  }
  return plan;
}

}  // namespace wb
