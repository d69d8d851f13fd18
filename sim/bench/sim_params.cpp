// SimParams <-> JSON.
#include "sim/bench/sim_params.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <set>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace wb::sim {

namespace {
template <class F>
void for_each_field(SimParams& p, F&& f) {
  f("rail_v", p.rail_v);
  f("source_ohm", p.source_ohm);
  f("idle_w", p.idle_w);
  f("load_w", p.load_w);
  f("warmup_w", p.warmup_w);
  f("active_w", p.active_w);
  f("teardown_w", p.teardown_w);
  f("report_w", p.report_w);
  f("ramp_s", p.ramp_s);
  f("ripple_pct", p.ripple_pct);
  f("drift_pct", p.drift_pct);
  f("drift_tau_s", p.drift_tau_s);
  f("adc_noise_pct", p.adc_noise_pct);
  f("ambient_c", p.ambient_c);
  f("thermal_c_per_w", p.thermal_c_per_w);
  f("thermal_tau_s", p.thermal_tau_s);
  f("fps", p.fps);
  f("latency_ms", p.latency_ms);
  f("load_s", p.load_s);
  f("run_jitter_pct", p.run_jitter_pct);
  f("teardown_s", p.teardown_s);
  f("report_s", p.report_s);
  f("tool_version", p.tool_version);
  f("model_error", p.model_error);
  f("tool_power_fraction", p.tool_power_fraction);
  f("nodes_total", p.nodes_total);
  f("nodes_delegated", p.nodes_delegated);
  f("partitions", p.partitions);
  f("networks", p.networks);
  f("first_inference_ms", p.first_inference_ms);
  f("seed", p.seed);
  f("usb_unplug_at_s", p.usb_unplug_at_s);
  f("usb_unplug_for_s", p.usb_unplug_for_s);
  f("ina_power_loss_at_s", p.ina_power_loss_at_s);
  f("ina_power_loss_for_s", p.ina_power_loss_for_s);
  f("hwmon_dt_shunt_ohm", p.hwmon_dt_shunt_ohm);
  f("host_base_w", p.host_base_w);
  f("host_load_share", p.host_load_share);
  f("rapl_range_j", p.rapl_range_j);
  f("nvml_architecture", p.nvml_architecture);
  f("nvml_sm_clock_mhz", p.nvml_sm_clock_mhz);
  f("nvml_power_average_s", p.nvml_power_average_s);
  f("nvml_energy_counter", p.nvml_energy_counter);
  f("throttle_after_s", p.throttle_after_s);
  f("throttle_fps_drop_pct", p.throttle_fps_drop_pct);
  f("throttle_power_drop_pct", p.throttle_power_drop_pct);
  f("throttle_tau_s", p.throttle_tau_s);
  f("ignore_rate_cap", p.ignore_rate_cap);
  f("rate_cap_keeps_power", p.rate_cap_keeps_power);
  f("sensor_sentinel_at_s", p.sensor_sentinel_at_s);
  f("sensor_sentinel_for_s", p.sensor_sentinel_for_s);
  f("wedge_after_runs", p.wedge_after_runs);
  f("wedge_mode", p.wedge_mode);
  f("wedge_error", p.wedge_error);
  f("wedge_kernel_line", p.wedge_kernel_line);
  f("wedge_recoverable", p.wedge_recoverable);
  f("kernel_line", p.kernel_line);
}
// Every simulation number is finite; below 0 only where a negative value means "never" (or a
// temperature); a rail voltage above 0 (currents are power over it).
void check_range(const std::string& key, double v) {
  static const std::set<std::string> may_be_negative{"usb_unplug_at_s",    "ina_power_loss_at_s", "nvml_power_average_s",
                                                     "throttle_after_s",   "sensor_sentinel_at_s", "wedge_after_runs",
                                                     "ambient_c"};
  if (!std::isfinite(v)) throw std::invalid_argument(fmt::format("sim.{}: expected a finite number, found {}", key, v));
  if (v < 0 && !may_be_negative.count(key))
    throw std::invalid_argument(fmt::format("sim.{}: {:g}: expected 0 or more", key, v));
  if (key == "rail_v" && !(v > 0)) throw std::invalid_argument(fmt::format("sim.rail_v: {:g}: expected more than 0 V", v));
  bool pct = key.size() > 4 && key.compare(key.size() - 4, 4, "_pct") == 0;
  if (pct && v > 100) throw std::invalid_argument(fmt::format("sim.{}: {:g} %: expected 0 up to 100 %", key, v));
}
}  // namespace

SimParams sim_params_from_json(const nlohmann::json& j) {
  SimParams p;
  if (j.is_null()) return p;
  if (!j.is_object()) throw std::invalid_argument("sim: expected a mapping of simulation parameters");
  std::size_t known = 0;
  for_each_field(p, [&](const char* key, auto& field) {
    if (j.contains(key)) {
      ++known;
      using T = std::decay_t<decltype(field)>;
      if constexpr (std::is_same_v<T, std::string>) {
        if (!j[key].is_string()) throw std::invalid_argument(fmt::format("sim.{}: expected a string", key));
      } else if (!j[key].is_number()) {
        throw std::invalid_argument(fmt::format("sim.{}: expected a number", key));
      } else {
        check_range(key, j[key].get<double>());
      }
      field = j[key].get<T>();
    }
  });
  if (known != j.size()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      bool found = false;
      for_each_field(p, [&](const char* key, auto&) { found |= it.key() == key; });
      if (!found) throw std::invalid_argument(fmt::format("sim.{}: unknown simulation parameter", it.key()));
    }
  }
  return p;
}

nlohmann::json to_json(const SimParams& p) {
  nlohmann::json j = nlohmann::json::object();
  SimParams copy = p;
  for_each_field(copy, [&](const char* key, auto& field) { j[key] = field; });
  return j;
}

SimParams load_sim_params(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return SimParams{};
  return sim_params_from_json(nlohmann::json::parse(in));
}

}  // namespace wb::sim
