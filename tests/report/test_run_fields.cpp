// The run field table (harness/report/run_fields.hpp): to_json writes exactly what it declares,
// with the declared kinds, and the summary.json check rejects a wrong kind in any declared field.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "harness/config/config_error.hpp"
#include "harness/metrics/metric_table.hpp"
#include "harness/report/run_fields.hpp"
#include "harness/report/summary.hpp"
#include "harness/report/summary_schema.hpp"

namespace {
using json = nlohmann::json;

// A run with every conditional field present: invocation, aspm, sim truth, health, a probe, a temperature.
wb::RunRecord full_run() {
  wb::RunRecord r;
  r.index = 2;
  r.invocation = 3;
  r.dir = "default/run-2";
  r.model = "resnet50.hef";
  r.fps = 1200;
  r.frames = 6000;
  r.power_w = 4.5;
  r.tool_cpu_user_s = 1.5;
  r.tool_cpu_sys_s = 0.25;
  r.host_cpu_cores = 8;
  r.exit_code = 0;
  r.temps.push_back({"npu", 40, 52, 53});
  wb::ProbeFigures p;
  p.probe = "m2_3v3";
  p.energy_j = 22.5;
  p.samples = 1000;
  p.meter_kind = "instant";
  p.meter_window_s = 0.001;
  r.probes.push_back(p);
  r.versions["hailortcli"] = "4.20.0";
  r.aspm_requested = "powersave";
  r.truth = wb::SimTruth{};
  r.truth->cold_fps_per_w = 260;
  r.fps_per_w_error_pct = 0.4;
  r.slices = wb::TimeSlices{};
  r.warnings.push_back("a warning");
  r.tool_extras["delegate"] = "npu";
  r.health.device = "card0";
  return r;
}

bool has_kind(const json& v, wb::JsonKind k, bool nullable) { return v.is_null() ? nullable : wb::json_is(v, k); }

// obj's keys are exactly the table's (plus extra), each value of its declared kind.
template <class Fields>
void check_agrees(const json& obj, const Fields& fields, std::set<std::string> extra = {}) {
  REQUIRE(obj.is_object());
  std::set<std::string> declared = extra;
  for (const auto& f : fields) {
    CAPTURE(f.key);
    CHECK(declared.insert(f.key).second);  // declared once
    REQUIRE(obj.contains(f.key));
    CHECK(has_kind(obj[f.key], f.kind, f.nullable));
  }
  std::set<std::string> written;
  for (const auto& [k, v] : obj.items()) written.insert(k);
  CHECK(written == declared);
}

std::set<std::string> metric_keys_set() {
  std::set<std::string> keys;
  for (const auto& m : wb::metric_table()) keys.insert(m.key);
  return keys;
}

json summary_with(const wb::RunRecord& r) {
  wb::Summary s;
  s.name = "fields";
  s.variants.emplace_back();
  s.variants[0].runs.push_back(r);
  return wb::to_json(s);
}

// A value of another kind than k (null where the field may not be null).
json wrong_for(wb::JsonKind k) {
  switch (k) {
    case wb::JsonKind::number:
      return "7";
    case wb::JsonKind::string:
    case wb::JsonKind::boolean:
    case wb::JsonKind::object:
      return 7;
    case wb::JsonKind::array:
      return "x";
  }
  return nullptr;
}

const char* type_name(const json& v) { return v.is_number() ? "number" : v.type_name(); }

// Every field of the table at `at` (a JSON pointer into the summary), given a wrong kind, is
// refused with the file and the field's path named.
template <class Fields>
void check_each_refused(const json& summary, const std::string& pointer, const std::string& path,
                        const Fields& fields) {
  for (const auto& f : fields) {
    CAPTURE(f.key);
    for (const json& bad : {wrong_for(f.kind), json(nullptr)}) {
      if (bad.is_null() && f.nullable) continue;
      json s = summary;
      s[json::json_pointer(pointer)][f.key] = bad;
      std::string expected = std::string("runs/x/summary.json: ") + path + f.key + ": expected " +
                             wb::json_kind_name(f.kind) + ", got " + type_name(bad);
      CHECK_THROWS_WITH_AS(wb::check_summary_types(s, "runs/x/summary.json"), expected.c_str(), wb::ConfigError);
    }
  }
}

}  // namespace

TEST_CASE("run fields: to_json writes every declared field and only those, each of its declared kind") {
  auto full = wb::to_json(full_run());
  check_agrees(full, wb::run_fields(), metric_keys_set());
  check_agrees(full["probes"][0], wb::probe_figure_fields());
  check_agrees(full["probes"][0]["meter"], wb::meter_fields());
  check_agrees(full["temps"][0], wb::temp_span_fields());
  check_agrees(full["sim_truth"], wb::sim_truth_fields());
  check_agrees(full["aspm"], wb::aspm_fields());
  CHECK(full["aspm"]["state"].is_null());  // not read back: unknown, not ""
  CHECK(full["tool_cpu_s"] == 1.75);

  // A bare run: the conditional fields are absent, the rest present with their kinds.
  auto bare = wb::to_json(wb::RunRecord{});
  for (const char* absent :
       {"invocation", "aspm", "sim_truth", "fps_per_w_error_pct", "cold_error_pct", "sustained_error_pct", "health"}) {
    CAPTURE(absent);
    CHECK_FALSE(bare.contains(absent));
  }
  for (const auto& f : wb::run_fields()) {
    CAPTURE(f.key);
    if (bare.contains(f.key)) CHECK(has_kind(bare[f.key], f.kind, f.nullable));
  }
  CHECK(bare["time_slices"].is_null());
  CHECK(bare["tool_cpu_s"].is_null());  // unknown, never 0

  // What to_json writes passes the check it is read back with.
  CHECK_NOTHROW(wb::check_summary_types(summary_with(full_run()), "summary.json"));
  CHECK_NOTHROW(wb::check_summary_types(summary_with(wb::RunRecord{}), "summary.json"));
}

TEST_CASE("summary.json check: a wrong kind in any declared run field is refused with the file and field") {
  json s = summary_with(full_run());
  const std::string run = "variants[0].runs[0].";
  check_each_refused(s, "/variants/0/runs/0", run, wb::run_fields());
  check_each_refused(s, "/variants/0/runs/0/probes/0", run + "probes[0].", wb::probe_figure_fields());
  check_each_refused(s, "/variants/0/runs/0/probes/0/meter", run + "probes[0].meter.", wb::meter_fields());
  check_each_refused(s, "/variants/0/runs/0/temps/0", run + "temps[0].", wb::temp_span_fields());
  check_each_refused(s, "/variants/0/runs/0/sim_truth", run + "sim_truth.", wb::sim_truth_fields());
  check_each_refused(s, "/variants/0/runs/0/aspm", run + "aspm.", wb::aspm_fields());
  // An entry of probes[] that is no object at all.
  s["variants"][0]["runs"][0]["probes"][0] = "m2_3v3";
  CHECK_THROWS_WITH_AS(wb::check_summary_types(s, "f.json"),
                       "f.json: variants[0].runs[0].probes[0]: expected object, got string", wb::ConfigError);
}
