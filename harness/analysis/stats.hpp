// Statistics over repeats, computed once in the core; sd/CI are absent for n < 2.
#pragma once
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

namespace wb {

struct Stats {
  std::size_t n = 0;
  std::optional<double> mean, sd, cv, ci95, min, max, median;
};

// Two-sided 95 % Student t quantile for `dof` degrees of freedom.
double student_t95(std::size_t dof);
Stats describe(const std::vector<double>& values);
nlohmann::json to_json(const Stats& s);

}  // namespace wb
