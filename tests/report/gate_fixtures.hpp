// Synthetic summary.json documents for gate tests: variants carry their identity (as the run
// code writes it), runs carry their figures and the aggregate is what the run code computes.
#pragma once
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/analysis/stats.hpp"
#include "harness/report/compare.hpp"

namespace wb::gate_test {
using nlohmann::json;
inline json identity(const std::string& vendor, const std::string& product, const std::string& tool,
                     const std::string& version = "4.23.0") {
  return {{"card", {{"id", product}, {"vendor", vendor}, {"product", product}, {"form_factor", "M.2 2280 M"}}},
          {"model", {{"id", "resnet50"}, {"artifact", "resnet50.bin"}, {"sha256", "ab12"}}},
          {"tool", {{"name", tool}, {"version", version}, {"work_args", {{"batch", 1}}}}},
          {"scope", "m2-rail"},
          {"host", {{"cpu", "Ryzen 7"}, {"kernel", "6.1.0"}, {"os", "Debian 12"}}},
          {"driver", "4.23.0"}};
}

// Runs with these per-run figures; the aggregate computed as the run code computes it.
inline json variant(const std::string& id, const json& ident,
                    const std::map<std::string, std::vector<double>>& per_run) {
  json runs = json::array();
  std::size_t n = per_run.begin()->second.size();
  for (std::size_t i = 0; i < n; ++i) {
    json run = {{"index", i + 1}, {"status", "ok"}, {"cold", false}, {"scope", "m2-rail"}};
    for (const auto& [k, v] : per_run) run[k] = v[i];
    runs.push_back(run);
  }
  json agg = json::object();
  for (const auto& [k, v] : per_run) agg[k] = to_json(describe(v));
  return {{"id", id}, {"identity", ident}, {"runs", runs}, {"aggregate", agg}};
}

inline json summary(const std::string& name, const std::vector<json>& variants,
                    const std::string& created = "2026-12-01T02:00:00+0000") {
  return {{"schema", "wattbench.summary/1"}, {"name", name}, {"created", created}, {"variants", variants}};
}

inline std::map<std::string, std::vector<double>> figures(double fps, double watts, double idle,
                                                          double jitter = 0.002) {
  std::map<std::string, std::vector<double>> f;
  for (double k : {1.0 - jitter, 1.0, 1.0 + jitter}) {
    f["fps"].push_back(fps * k);
    f["power_w"].push_back(watts);
    f["fps_per_w"].push_back(fps * k / watts);
    f["j_per_inference"].push_back(watts / (fps * k));
    f["idle_power_w"].push_back(idle * k);
  }
  return f;
}

inline std::vector<CompareRow> rows(const json& s, const std::string& dir = "d") {
  return rows_from_summary(s, nullptr, dir);
}

inline bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace wb::gate_test
