// Field types of schema wattbench.summary/1.
#include "harness/report/summary_schema.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "harness/config/config_error.hpp"
#include "harness/metrics/metric_table.hpp"

namespace wb {

namespace {
using json = nlohmann::json;

enum class Kind { number, string, boolean, object, array };

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::number:
      return "number";
    case Kind::string:
      return "string";
    case Kind::boolean:
      return "boolean";
    case Kind::object:
      return "object";
    case Kind::array:
      return "array";
  }
  return "?";
}

bool is(const json& v, Kind k) {
  switch (k) {
    case Kind::number:
      return v.is_number();
    case Kind::string:
      return v.is_string();
    case Kind::boolean:
      return v.is_boolean();
    case Kind::object:
      return v.is_object();
    case Kind::array:
      return v.is_array();
  }
  return false;
}

struct Field {
  const char* key;
  Kind kind;
  bool nullable;  // a figure that could not be measured is null (named "expected number" all the same)
};

const std::vector<Field> kTop{
    {"schema", Kind::string, false},      {"name", Kind::string, false},    {"created", Kind::string, false},
    {"results_dir", Kind::string, false}, {"tool", Kind::string, false},    {"device", Kind::object, false},
    {"published", Kind::object, false},   {"probes", Kind::array, false},   {"interrupted", Kind::boolean, false},
    {"baseline", Kind::object, false},    {"variants", Kind::array, false}, {"warnings", Kind::array, false},
    {"load_curves", Kind::array, false}};
const std::vector<Field> kPublished{{"fps", Kind::number, true},
                                    {"fps_per_w", Kind::number, true},
                                    {"power_w", Kind::number, true},
                                    {"scope", Kind::string, false},
                                    {"source", Kind::string, false}};
const std::vector<Field> kVariant{{"id", Kind::string, false},      {"params", Kind::object, false},
                                  {"runs", Kind::array, false},     {"aggregate", Kind::object, false},
                                  {"derived", Kind::object, false}, {"warnings", Kind::array, false}};
const std::vector<Field> kStats{{"n", Kind::number, false},  {"mean", Kind::number, true},  {"sd", Kind::number, true},
                                {"cv", Kind::number, true},  {"ci95", Kind::number, true},  {"min", Kind::number, true},
                                {"max", Kind::number, true}, {"median", Kind::number, true}};
const std::vector<Field> kRun{{"index", Kind::number, false},
                              {"dir", Kind::string, false},
                              {"status", Kind::string, false},
                              {"reason", Kind::string, false},
                              {"degraded", Kind::boolean, false},
                              {"model", Kind::string, false},
                              {"frames", Kind::number, true},
                              {"latency_mean_ms", Kind::number, true},
                              {"target_fps", Kind::number, true},
                              {"rate_error_pct", Kind::number, true},
                              {"tool_fps", Kind::number, true},
                              {"window_s", Kind::number, true},
                              {"window_start_s", Kind::number, true},
                              {"window_end_s", Kind::number, true},
                              {"scope", Kind::string, false},
                              {"probe", Kind::string, false},
                              {"samples", Kind::number, false},
                              {"sample_rate_hz", Kind::number, true},
                              {"cold", Kind::boolean, false},
                              {"warnings", Kind::array, false},
                              {"tool_extras", Kind::object, false},
                              {"temps", Kind::array, false},
                              {"probes", Kind::array, false},
                              {"tool_cpu_s", Kind::number, true},
                              {"tool_cpu_user_s", Kind::number, true},
                              {"tool_cpu_sys_s", Kind::number, true},
                              {"host_cpu_busy_pct", Kind::number, true},
                              {"host_cpu_cores", Kind::number, true}};
// A run's probes[].meter: what one reading of the channel its energy came from is.
const std::vector<Field> kMeter{{"kind", Kind::string, true},
                                {"window_s", Kind::number, true},
                                {"basis", Kind::string, false},
                                {"edge_smear_pct", Kind::number, true}};

const char* type_of(const json& v) {
  if (v.is_number()) return "number";
  if (v.is_boolean()) return "boolean";
  return v.type_name();  // string, object, array, null
}

void check_fields(const json& obj, const std::vector<Field>& fields, const std::string& at, const std::string& file) {
  for (const auto& f : fields) {
    auto it = obj.find(f.key);
    if (it == obj.end() || is(*it, f.kind) || (f.nullable && it->is_null())) continue;
    throw ConfigError(file, 0, 0, fmt::format("{}{}: expected {}, got {}", at, f.key, kind_name(f.kind), type_of(*it)));
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
      check_fields(r, kRun, rat + ".", file);
      // Every metric of the table is a run field (number, or null when not measured).
      for (const auto& m : metric_table())
        if (auto it = r.find(m.key); it != r.end() && !it->is_number() && !it->is_null())
          throw ConfigError(file, 0, 0, fmt::format("{}.{}: expected number, got {}", rat, m.key, type_of(*it)));
      if (r.contains("warnings")) check_strings(r["warnings"], rat + ".warnings", file);
      if (r.contains("probes") && r["probes"].is_array())
        for (std::size_t pi = 0; pi < r["probes"].size(); ++pi)
          if (const auto& p = r["probes"][pi]; p.is_object() && p.contains("meter")) {
            std::string mat = fmt::format("{}.probes[{}].meter", rat, pi);
            if (!p["meter"].is_object())
              throw ConfigError(file, 0, 0, fmt::format("{}: expected object, got {}", mat, type_of(p["meter"])));
            check_fields(p["meter"], kMeter, mat + ".", file);
          }
    }
  }
}

}  // namespace wb
