// The tables of a run's summary.json fields; plain members take their kind and nullability from
// their C++ type (std::optional: nullable), so a member is named once.
#include "harness/report/run_fields.hpp"

#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "harness/report/summary.hpp"
#include "harness/util/json_or_null.hpp"

namespace wb {

namespace {
using json = nlohmann::json;

json absent() { return json(json::value_t::discarded); }

template <class T>
struct Optional : std::false_type {};
template <class T>
struct Optional<std::optional<T>> : std::true_type {
  using value_type = T;
};

template <class M>
struct MemberOf;
template <class C, class T>
struct MemberOf<T C::*> {
  using record = C;
  using type = T;
};

template <class T>
constexpr JsonKind kind_of() {
  if constexpr (std::is_same_v<T, bool>) {
    return JsonKind::boolean;
  } else if constexpr (std::is_arithmetic_v<T>) {
    return JsonKind::number;
  } else if constexpr (std::is_same_v<T, std::string>) {
    return JsonKind::string;
  } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    return JsonKind::array;
  } else {
    // Maps, and JSON members that are objects from the start (tool_extras).
    static_assert(std::is_same_v<T, std::map<std::string, std::string>> || std::is_same_v<T, json>);
    return JsonKind::object;
  }
}

template <auto M>
json member_json(const typename MemberOf<decltype(M)>::record& r) {
  if constexpr (Optional<typename MemberOf<decltype(M)>::type>::value) {
    return or_null(r.*M);
  } else {
    return json(r.*M);
  }
}

// A member written as it is: its kind from its type, nullable when optional.
template <auto M>
constexpr JsonField<typename MemberOf<decltype(M)>::record> field(const char* key) {
  using T = typename MemberOf<decltype(M)>::type;
  if constexpr (Optional<T>::value)
    return {key, kind_of<typename Optional<T>::value_type>(), true, &member_json<M>};
  else
    return {key, kind_of<T>(), false, &member_json<M>};
}

// Text where "" means unknown: null.
template <auto M>
json text_or_null(const typename MemberOf<decltype(M)>::record& r) {
  return (r.*M).empty() ? json(nullptr) : json(r.*M);
}

// Figures against the simulator's truth: present on simulated runs only.
template <auto M>
json against_truth(const RunRecord& r) {
  return r.truth ? member_json<M>(r) : absent();
}
template <auto M>
constexpr JsonField<RunRecord> truth_field(const char* key) {
  auto f = field<M>(key);
  f.value = &against_truth<M>;
  return f;
}

template <class Record>
json array_of(std::span<const JsonField<Record>> fields, const std::vector<Record>& items) {
  json a = json::array();
  for (const auto& item : items) a.push_back(fields_object(fields, item));
  return a;
}

const JsonField<RunRecord> kRun[] = {
    field<&RunRecord::index>("index"),
    {"invocation", JsonKind::number, false,
     [](const RunRecord& r) { return r.invocation > 0 ? json(r.invocation) : absent(); }},  // 0: unknown
    field<&RunRecord::dir>("dir"),
    {"status", JsonKind::string, false, [](const RunRecord& r) { return json(run_status_name(r.status)); }},
    field<&RunRecord::reason>("reason"),
    field<&RunRecord::tool_refused>("tool_refused"),
    field<&RunRecord::degraded>("degraded"),
    field<&RunRecord::degraded_reason>("degraded_reason"),
    field<&RunRecord::model>("model"),
    field<&RunRecord::frames>("frames"),
    field<&RunRecord::target_fps>("target_fps"),
    field<&RunRecord::rate_error_pct>("rate_error_pct"),
    field<&RunRecord::tool_fps>("tool_fps"),
    field<&RunRecord::latency_mean_ms>("latency_mean_ms"),
    field<&RunRecord::power_uncertainty_pct>("power_uncertainty_pct"),
    field<&RunRecord::uncertainty_detail>("uncertainty_detail"),
    field<&RunRecord::window_s>("window_s"),
    field<&RunRecord::window_start_s>("window_start_s"),
    field<&RunRecord::window_end_s>("window_end_s"),
    field<&RunRecord::window_uncertainty_s>("window_uncertainty_s"),
    field<&RunRecord::idle_after_w>("idle_after_w"),
    field<&RunRecord::idle_drift_pct>("idle_drift_pct"),
    field<&RunRecord::idle_after_start_s>("idle_after_start_s"),
    field<&RunRecord::idle_after_end_s>("idle_after_end_s"),
    field<&RunRecord::cold>("cold"),
    field<&RunRecord::cooldown_wait_s>("cooldown_wait_s"),
    field<&RunRecord::idle_start_s>("idle_start_s"),
    field<&RunRecord::idle_end_s>("idle_end_s"),
    field<&RunRecord::tool_start_s>("tool_start_s"),
    field<&RunRecord::tool_end_s>("tool_end_s"),
    field<&RunRecord::window_source>("window_source"),
    field<&RunRecord::window_detail>("window_detail"),
    field<&RunRecord::energy_method>("energy_method"),
    field<&RunRecord::probe>("probe"),
    field<&RunRecord::rail>("rail"),
    field<&RunRecord::scope>("scope"),
    field<&RunRecord::samples>("samples"),
    field<&RunRecord::sample_rate_hz>("sample_rate_hz"),
    field<&RunRecord::fresh_rate_hz>("fresh_rate_hz"),
    {"temps", JsonKind::array, false, [](const RunRecord& r) { return array_of(temp_span_fields(), r.temps); }},
    {"probes", JsonKind::array, false, [](const RunRecord& r) { return array_of(probe_figure_fields(), r.probes); }},
    // Host cost: null where unknown (never 0).
    {"tool_cpu_s", JsonKind::number, true,
     [](const RunRecord& r) {
       return r.tool_cpu_user_s && r.tool_cpu_sys_s ? json(*r.tool_cpu_user_s + *r.tool_cpu_sys_s) : json(nullptr);
     }},
    field<&RunRecord::tool_cpu_user_s>("tool_cpu_user_s"),
    field<&RunRecord::tool_cpu_sys_s>("tool_cpu_sys_s"),
    field<&RunRecord::host_cpu_busy_pct>("host_cpu_busy_pct"),
    field<&RunRecord::host_cpu_cores>("host_cpu_cores"),
    field<&RunRecord::versions>("versions"),
    {"aspm", JsonKind::object, false,
     [](const RunRecord& r) { return r.aspm_requested.empty() ? absent() : fields_object(aspm_fields(), r); }},
    field<&RunRecord::exit_code>("exit_code"),
    field<&RunRecord::signal>("signal"),
    field<&RunRecord::timed_out>("timed_out"),
    {"sim_truth", JsonKind::object, false,
     [](const RunRecord& r) { return r.truth ? fields_object(sim_truth_fields(), *r.truth) : absent(); }},
    truth_field<&RunRecord::fps_per_w_error_pct>("fps_per_w_error_pct"),
    truth_field<&RunRecord::cold_error_pct>("cold_error_pct"),
    truth_field<&RunRecord::sustained_error_pct>("sustained_error_pct"),
    {"time_slices", JsonKind::object, true,
     [](const RunRecord& r) { return r.slices ? to_json(*r.slices) : json(nullptr); }},
    field<&RunRecord::warnings>("warnings"),
    field<&RunRecord::tool_extras>("tool_extras"),
    // Absent: nothing captured, checked or flagged.
    {"health", JsonKind::object, false,
     [](const RunRecord& r) { return r.health.empty() ? absent() : to_json(r.health); }},
};

const JsonField<RunRecord> kAspm[] = {
    field<&RunRecord::aspm_requested>("requested"),
    {"state", JsonKind::string, true, &text_or_null<&RunRecord::aspm_state>},
};

const JsonField<ProbeFigures> kProbe[] = {
    field<&ProbeFigures::probe>("probe"),
    field<&ProbeFigures::rail>("rail"),
    field<&ProbeFigures::scope>("scope"),
    field<&ProbeFigures::method>("method"),
    field<&ProbeFigures::energy_j>("energy_j"),
    field<&ProbeFigures::power_w>("power_w"),
    field<&ProbeFigures::trapezoid_energy_j>("trapezoid_energy_j"),
    field<&ProbeFigures::idle_power_w>("idle_power_w"),
    field<&ProbeFigures::idle_after_w>("idle_after_w"),
    field<&ProbeFigures::samples>("samples"),
    field<&ProbeFigures::invalid_samples>("invalid_samples"),
    field<&ProbeFigures::sample_rate_hz>("sample_rate_hz"),
    field<&ProbeFigures::fresh_rate_hz>("fresh_rate_hz"),
    field<&ProbeFigures::max_gap_s>("max_gap_s"),
    field<&ProbeFigures::instrument_uncertainty_pct>("instrument_uncertainty_pct"),
    field<&ProbeFigures::instrument_uncertainty_max_pct>("instrument_uncertainty_max_pct"),
    field<&ProbeFigures::samples_over_uncertainty_limit>("samples_over_uncertainty_limit"),
    {"meter", JsonKind::object, false, [](const ProbeFigures& p) { return fields_object(meter_fields(), p); }},
};

const JsonField<ProbeFigures> kMeter[] = {
    {"kind", JsonKind::string, true, &text_or_null<&ProbeFigures::meter_kind>},
    field<&ProbeFigures::meter_window_s>("window_s"),
    field<&ProbeFigures::meter_basis>("basis"),
    field<&ProbeFigures::edge_smear_pct>("edge_smear_pct"),
};

const JsonField<TempSpan> kTemp[] = {
    field<&TempSpan::channel>("channel"),
    field<&TempSpan::start_c>("start_c"),
    field<&TempSpan::end_c>("end_c"),
    field<&TempSpan::max_c>("max_c"),
};

const JsonField<SimTruth> kTruth[] = {
    field<&SimTruth::window_start_s>("window_start_s"),
    field<&SimTruth::window_end_s>("window_end_s"),
    field<&SimTruth::energy_j>("energy_j"),
    field<&SimTruth::mean_power_w>("mean_power_w"),
    field<&SimTruth::fps>("fps"),
    field<&SimTruth::fps_per_w>("fps_per_w"),
    field<&SimTruth::cold_fps_per_w>("cold_fps_per_w"),
    field<&SimTruth::sustained_fps_per_w>("sustained_fps_per_w"),
    field<&SimTruth::throttle_start_s>("throttle_start_s"),
};
}  // namespace

std::span<const JsonField<RunRecord>> run_fields() { return kRun; }
std::span<const JsonField<ProbeFigures>> probe_figure_fields() { return kProbe; }
std::span<const JsonField<ProbeFigures>> meter_fields() { return kMeter; }
std::span<const JsonField<TempSpan>> temp_span_fields() { return kTemp; }
std::span<const JsonField<SimTruth>> sim_truth_fields() { return kTruth; }
std::span<const JsonField<RunRecord>> aspm_fields() { return kAspm; }

}  // namespace wb
