// Reading one simulator's own keys of the config's `sim:` block. Each simulator (sim/bench for
// the bench-wide fields; sim/i2c, sim/hwmon, sim/powercap, sim/nvml for their devices) lists its
// struct's fields once, in a for_each_field(P&, F) beside the struct, and reads them with
// read_sim_block; the bench refuses keys no simulator lists (sim/registry.cpp), so a new probe's
// simulator adds its keys in its own folder.
#pragma once
#include <set>
#include <stdexcept>
#include <string>
#include <type_traits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace wb::sim {

// Every simulation number is finite; below 0 only where the field says a negative value means
// "never" (or a temperature); percentages up to 100. Throws std::invalid_argument naming sim.<key>.
void check_sim_number(const std::string& key, double v, bool may_be_negative);

// The fields of P that `block` gives (others keep P's defaults); wrong types or ranges throw.
// The callback gets (key, field) or (key, field, may_be_negative).
template <class P>
P read_sim_block(const nlohmann::json& block) {
  P p;
  if (block.is_null()) return p;
  if (!block.is_object()) throw std::invalid_argument("sim: expected a mapping of simulation parameters");
  for_each_field(p, [&](const char* key, auto& field, bool may_be_negative = false) {
    if (!block.contains(key)) return;
    using T = std::decay_t<decltype(field)>;
    if constexpr (std::is_same_v<T, std::string>) {
      if (!block[key].is_string()) throw std::invalid_argument(fmt::format("sim.{}: expected a string", key));
    } else if (!block[key].is_number()) {
      throw std::invalid_argument(fmt::format("sim.{}: expected a number", key));
    } else {
      check_sim_number(key, block[key].get<double>(), may_be_negative);
    }
    field = block[key].get<T>();
  });
  return p;
}

template <class P>
void add_sim_keys(std::set<std::string>& keys) {
  P p;
  for_each_field(p, [&](const char* key, auto&, bool = false) { keys.insert(key); });
}

// A simulator's entry for the bench's check of the whole block: reads (so checks) the
// simulator's own structs from `block` and adds their keys.
template <class... P>
void check_own_keys(const nlohmann::json& block, std::set<std::string>& keys) {
  (read_sim_block<P>(block), ...);
  (add_sim_keys<P>(keys), ...);
}

template <class P>
nlohmann::json sim_block_json(const P& p) {
  nlohmann::json j = nlohmann::json::object();
  P copy = p;
  for_each_field(copy, [&](const char* key, auto& field, bool = false) { j[key] = field; });
  return j;
}

}  // namespace wb::sim
