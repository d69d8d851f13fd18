// Physical truth of a simulated bench, the bench-wide fields of the config's `sim:` block (the
// card, its rail and workload, the fake tools' behaviour). Only the simulator and the fake tools
// read it; each device simulator reads its own fields of the block (sim/bench/sim_block.hpp).
#pragma once
#include <filesystem>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace wb::sim {

struct SimParams {
  // Rail and load (watts on the measured rail, per tool phase).
  double rail_v = 3.3;
  double source_ohm = 0.03;  // rail droop under load
  double idle_w = 0.74;
  double load_w = 1.6;  // model loading
  double warmup_w = 4.3;
  double active_w = 4.7;  // timed phase, before drift and ripple
  double teardown_w = 1.2;
  double report_w = 0.9;    // the tool writes its reports after the device is released
  double ramp_s = 0.15;     // first-order time constant of every power step
  double ripple_pct = 3.0;  // deterministic load fluctuation (true power, not noise)
  double drift_pct = 1.5;   // thermal rise of active power over `drift_tau_s`
  double drift_tau_s = 20.0;
  double adc_noise_pct = 0.5;  // measurement noise (not in the truth)
  // Thermal (INA228 die near the card).
  double ambient_c = 30.0;
  double thermal_c_per_w = 2.5;
  double thermal_tau_s = 15.0;
  // Workload (fake tools).
  double fps = 1009.0;
  double latency_ms = 5.9;
  double load_s = 1.2;
  double run_jitter_pct = 0.3;
  double teardown_s = 0.3;
  double report_s = 0.2;  // writing report files (dxbenchmark: HTML/CSV/JSON, then a large profiler.json)
  // The vendor tool version a fake imitates where its output changed across versions ("" = its newest).
  std::string tool_version;
  // Non-empty: the fake tool fails at model load as the real one does for an unloadable or
  // unsupported model, with this text as the vendor's reason.
  std::string model_error;
  // Share of the measured rail's power that a tool's own on-module sensor reports (Hailo).
  double tool_power_fraction = 0.62;
  // Graph delegation (TFLite benchmark_model): operators the delegate takes, of the total.
  double nodes_total = 88;
  double nodes_delegated = 88;
  double partitions = 1;
  double networks = 1;            // networks in the model (Hailo HEF network group), each with its own FPS
  double first_inference_ms = 0;  // the first run's extra time (an NPU compiles the graph then)
  unsigned seed = 1;
  // A card that throttles (sim/bench/throttle.hpp): this long into its timed phase its clock
  // steps down and FPS and active power fall by these shares, with this time constant.
  double throttle_after_s = -1;  // < 0: never
  double throttle_fps_drop_pct = 30;
  double throttle_power_drop_pct = 20;
  double throttle_tau_s = 15;
  // Fault injection: the fake tool takes its rate cap (--framerate, ...) and runs flat out
  // anyway, the failure a paced run's validity rule is there to catch. 0: honours the cap.
  double ignore_rate_cap = 0;
  // Fault injection: the card draws full active power whatever rate it is driven at (the cap
  // throttles the host's feed while the device keeps polling at full clock). 0: power follows load.
  double rate_cap_keeps_power = 0;
  // Sentinel readings: this long into the tool's timed phase, for this long, the simulated
  // sensors read what a sensor returns for an unread or overflowed register: sim-dxrt-cli's
  // temperatures 65262 'C, the hwmon driver's power1_input 0 (an INA overflow).
  double sensor_sentinel_at_s = -1;  // < 0: never
  double sensor_sentinel_for_s = 0.3;
  // A card that wedges (a fake tool run with $WATTBENCH_SIM_DEVICE, see tool_bench.hpp): after
  // this many tool runs on the card, each later one fails (wedge_mode fail: exits 1 with
  // wedge_error) or hangs until killed (hang), and the driver logs wedge_kernel_line once.
  double wedge_after_runs = -1;  // < 0: never
  std::string wedge_mode = "fail";
  std::string wedge_error = "failed to open device: Connection timed out";
  std::string wedge_kernel_line = "pcieport 0000:00:1c.0: AER: Uncorrected (Fatal) error received: 0000:01:00.0";
  double wedge_recoverable = 0;  // 1: sim-health-check --recover brings the card back
  // A kernel line the driver logs at every tool start (a corrected AER error, say); "" none.
  std::string kernel_line;
  // The card's PCIe link on the simulated host's sysfs (sim/bench/fake_pci_link.hpp): idle_w is
  // the idle with the link allowed into L1; with ASPM off (or L0s only) it idles at
  // idle_aspm_off_w (< 0: the same). aspm_support: what the link advertises (l1 | l0s-l1);
  // aspm_initial: the state the firmware left; aspm_os_control 0: the firmware kept ASPM control
  // (no link/*_aspm files, policy writes refused); aspm_per_device 0: a kernel before 5.5.
  double idle_aspm_off_w = -1;
  std::string aspm_support = "l0s-l1";
  std::string aspm_initial = "l1";
  double aspm_os_control = 1;
  double aspm_per_device = 1;
};

// The bench-wide fields of the block (the devices' keys are left to their simulators); a wrong
// type or range throws std::invalid_argument.
SimParams sim_params_from_json(const nlohmann::json& j);
nlohmann::json to_json(const SimParams& p);
SimParams load_sim_params(const std::filesystem::path& path);

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
  f("ambient_c", p.ambient_c, true);
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
  f("throttle_after_s", p.throttle_after_s, true);
  f("throttle_fps_drop_pct", p.throttle_fps_drop_pct);
  f("throttle_power_drop_pct", p.throttle_power_drop_pct);
  f("throttle_tau_s", p.throttle_tau_s);
  f("ignore_rate_cap", p.ignore_rate_cap);
  f("rate_cap_keeps_power", p.rate_cap_keeps_power);
  f("sensor_sentinel_at_s", p.sensor_sentinel_at_s, true);
  f("sensor_sentinel_for_s", p.sensor_sentinel_for_s);
  f("wedge_after_runs", p.wedge_after_runs, true);
  f("wedge_mode", p.wedge_mode);
  f("wedge_error", p.wedge_error);
  f("wedge_kernel_line", p.wedge_kernel_line);
  f("wedge_recoverable", p.wedge_recoverable);
  f("kernel_line", p.kernel_line);
  f("idle_aspm_off_w", p.idle_aspm_off_w, true);
  f("aspm_support", p.aspm_support);
  f("aspm_initial", p.aspm_initial);
  f("aspm_os_control", p.aspm_os_control);
  f("aspm_per_device", p.aspm_per_device);
}

}  // namespace wb::sim
