// SimParams <-> JSON, and the range rule every simulator's block follows.
#include "sim/bench/sim_params.hpp"

#include "sim/bench/sim_block.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace wb::sim {

void check_sim_number(const std::string& key, double v, bool may_be_negative) {
  if (!std::isfinite(v)) throw std::invalid_argument(fmt::format("sim.{}: expected a finite number, found {}", key, v));
  if (v < 0 && !may_be_negative) throw std::invalid_argument(fmt::format("sim.{}: {:g}: expected 0 or more", key, v));
  if (key == "rail_v" && !(v > 0))
    throw std::invalid_argument(fmt::format("sim.rail_v: {:g}: expected more than 0 V", v));
  bool pct = key.size() > 4 && key.compare(key.size() - 4, 4, "_pct") == 0;
  if (pct && v > 100) throw std::invalid_argument(fmt::format("sim.{}: {:g} %: expected 0 up to 100 %", key, v));
}

SimParams sim_params_from_json(const nlohmann::json& j) { return read_sim_block<SimParams>(j); }

nlohmann::json to_json(const SimParams& p) { return sim_block_json(p); }

SimParams load_sim_params(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return SimParams{};
  return sim_params_from_json(nlohmann::json::parse(in));
}

}  // namespace wb::sim
