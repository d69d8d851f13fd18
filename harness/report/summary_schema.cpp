// Field types of schema wattbench.summary/1.
#include "harness/report/summary_schema.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "harness/config/config_error.hpp"
#include "harness/metrics/metric_table.hpp"
#include "harness/report/run_fields.hpp"

namespace wb {

namespace {
using json = nlohmann::json;

using K = JsonKind;

const JsonShape kTop[]{
    {"schema", K::string, false},      {"name", K::string, false},    {"created", K::string, false},
    {"results_dir", K::string, false}, {"tool", K::string, false},    {"device", K::object, false},
    {"published", K::object, false},   {"probes", K::array, false},   {"interrupted", K::boolean, false},
    {"baseline", K::object, false},    {"variants", K::array, false}, {"warnings", K::array, false},
    {"load_curves", K::array, false}};
const JsonShape kPublished[]{{"fps", K::number, true},
                             {"fps_per_w", K::number, true},
                             {"power_w", K::number, true},
                             {"scope", K::string, false},
                             {"source", K::string, false}};
const JsonShape kVariant[]{{"id", K::string, false},      {"params", K::object, false},
                           {"runs", K::array, false},     {"aggregate", K::object, false},
                           {"derived", K::object, false}, {"warnings", K::array, false}};
const JsonShape kStats[]{{"n", K::number, false},  {"mean", K::number, true},  {"sd", K::number, true},
                         {"cv", K::number, true},  {"ci95", K::number, true},  {"min", K::number, true},
                         {"max", K::number, true}, {"median", K::number, true}};
const char* type_of(const json& v) {
  if (v.is_number()) return "number";
  if (v.is_boolean()) return "boolean";
  return v.type_name();  // string, object, array, null
}

// fields: a table of JsonShape or of JsonField<Record>; only key, kind and nullability are read.
template <class Fields>
void check_fields(const json& obj, const Fields& fields, const std::string& at, const std::string& file) {
  for (const auto& f : fields) {
    auto it = obj.find(f.key);
    if (it == obj.end() || json_is(*it, f.kind) || (f.nullable && it->is_null())) continue;
    throw ConfigError(file, 0, 0,
                      fmt::format("{}{}: expected {}, got {}", at, f.key, json_kind_name(f.kind), type_of(*it)));
  }
}

// obj[key], where it is an object (its own kind is checked with obj's fields).
template <class Fields>
void check_object(const json& obj, const char* key, const Fields& fields, const std::string& at,
                  const std::string& file) {
  if (auto it = obj.find(key); it != obj.end() && it->is_object()) check_fields(*it, fields, at + key + ".", file);
}

// Each element of obj[key], where it is an array: an object of fields, then what inner checks.
template <class Fields>
void check_each(const json& obj, const char* key, const Fields& fields, const std::string& at, const std::string& file,
                void (*inner)(const json&, const std::string&, const std::string&) = nullptr) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_array()) return;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const auto& e = (*it)[i];
    std::string eat = fmt::format("{}{}[{}]", at, key, i);
    if (!e.is_object()) throw ConfigError(file, 0, 0, fmt::format("{}: expected object, got {}", eat, type_of(e)));
    check_fields(e, fields, eat + ".", file);
    if (inner) inner(e, eat + ".", file);
  }
}

void check_strings(const json& arr, const std::string& at, const std::string& file) {
  for (std::size_t i = 0; i < arr.size(); ++i)
    if (!arr[i].is_string())
      throw ConfigError(file, 0, 0, fmt::format("{}[{}]: expected string, got {}", at, i, type_of(arr[i])));
}
}  // namespace

void check_summary_types(const json& s, const std::string& file) {
  if (!s.is_object()) throw ConfigError(file, 0, 0, fmt::format("expected a JSON object, got {}", type_of(s)));
  check_fields(s, kTop, "", file);
  if (s.contains("published")) check_fields(s["published"], kPublished, "published.", file);
  if (s.contains("device"))
    for (auto it = s["device"].begin(); it != s["device"].end(); ++it)
      if (!it->is_string())
        throw ConfigError(file, 0, 0, fmt::format("device.{}: expected string, got {}", it.key(), type_of(*it)));
  if (s.contains("warnings")) check_strings(s["warnings"], "warnings", file);
  if (!s.contains("variants")) return;
  for (std::size_t vi = 0; vi < s["variants"].size(); ++vi) {
    const auto& v = s["variants"][vi];
    std::string at = fmt::format("variants[{}]", vi);
    if (!v.is_object()) throw ConfigError(file, 0, 0, fmt::format("{}: expected object, got {}", at, type_of(v)));
    check_fields(v, kVariant, at + ".", file);
    if (v.contains("warnings")) check_strings(v["warnings"], at + ".warnings", file);
    if (v.contains("aggregate"))
      for (auto it = v["aggregate"].begin(); it != v["aggregate"].end(); ++it) {
        std::string sat = fmt::format("{}.aggregate.{}", at, it.key());
        if (!it->is_object())
          throw ConfigError(file, 0, 0, fmt::format("{}: expected object, got {}", sat, type_of(*it)));
        check_fields(*it, kStats, sat + ".", file);
      }
    if (v.contains("derived"))
      for (auto it = v["derived"].begin(); it != v["derived"].end(); ++it)
        if (!it->is_number() && !it->is_null())
          throw ConfigError(file, 0, 0,
                            fmt::format("{}.derived.{}: expected number, got {}", at, it.key(), type_of(*it)));
    if (!v.contains("runs")) continue;
    for (std::size_t ri = 0; ri < v["runs"].size(); ++ri) {
      const auto& r = v["runs"][ri];
      std::string rat = fmt::format("{}.runs[{}]", at, ri);
      if (!r.is_object()) throw ConfigError(file, 0, 0, fmt::format("{}: expected object, got {}", rat, type_of(r)));
      check_fields(r, run_fields(), rat + ".", file);
      // Every metric of the table is a run field (number, or null when not measured).
      for (const auto& m : metric_table())
        if (auto it = r.find(m.key); it != r.end() && !it->is_number() && !it->is_null())
          throw ConfigError(file, 0, 0, fmt::format("{}.{}: expected number, got {}", rat, m.key, type_of(*it)));
      if (r.contains("warnings")) check_strings(r["warnings"], rat + ".warnings", file);
      check_each(r, "temps", temp_span_fields(), rat + ".", file);
      check_each(r, "probes", probe_figure_fields(), rat + ".", file,
                 [](const json& p, const std::string& pat, const std::string& f) {
                   check_object(p, "meter", meter_fields(), pat, f);
                 });
      check_object(r, "aspm", aspm_fields(), rat + ".", file);
      check_object(r, "sim_truth", sim_truth_fields(), rat + ".", file);
    }
  }
}

}  // namespace wb
