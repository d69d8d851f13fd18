// Physical truth of a simulated bench, from the config's `sim:` block. Only the simulator
// and the fake tools read it; the harness's measurement code never does.
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
  double load_w = 1.6;       // model loading
  double warmup_w = 4.3;
  double active_w = 4.7;     // timed phase, before drift and ripple
  double teardown_w = 1.2;
  double report_w = 0.9;     // the tool writes its reports after the device is released
  double ramp_s = 0.15;      // first-order time constant of every power step
  double ripple_pct = 3.0;   // deterministic load fluctuation (true power, not noise)
  double drift_pct = 1.5;    // thermal rise of active power over `drift_tau_s`
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
  double report_s = 0.2;     // writing report files (dxbenchmark: HTML/CSV/JSON, then a large profiler.json)
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
  double networks = 1;  // networks in the model (Hailo HEF network group), each with its own FPS
  double first_inference_ms = 0;  // the first run's extra time (an NPU compiles the graph then)
  unsigned seed = 1;
  // Fault injection: the FT232H drops off USB this long after the bench starts, for this long.
  double usb_unplug_at_s = -1;  // < 0: never
  double usb_unplug_for_s = 0;
  // Fault injection: the INA228 loses power (VS dip, cable reseated) this long after the bench
  // starts, for this long, while the FT232H stays up; it comes back from a power-on reset.
  double ina_power_loss_at_s = -1;  // < 0: never
  double ina_power_loss_for_s = 0.02;
  // The simulated kernel ina238 driver's shunt as a device tree would set it (`shunt-resistor`);
  // 0: none, so the driver assumes its 10 mOhm default whatever the board carries.
  double hwmon_dt_shunt_ohm = 0;
  // The host's RAPL package zone: base watts plus a share of the card's power (feeding it).
  // 0 and 1 make the package itself the measured device (a CPU running the model).
  double host_base_w = 0;
  double host_load_share = 1;
  // energy_uj wraps at max_energy_range_uj: 2^32 energy-status units of 61.035 µJ on Intel.
  double rapl_range_j = 262143.328850;
  // NVML (fake libnvidia-ml): the GPU architecture (nvmlDeviceArchitecture_t: 7 Ampere, 8 Ada,
  // 9 Hopper; from Ampere on, except GA100, power readings are 1 s averages) and the SM clock.
  double nvml_architecture = 8;
  double nvml_sm_clock_mhz = 2520;
  // The span NVML power readings average over (s); < 0: the NVML doc's for the architecture.
  double nvml_power_average_s = -1;
  // 0: the GPU has no total-energy counter (not a "fully supported device"): energy from power.
  double nvml_energy_counter = 1;
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
};

SimParams sim_params_from_json(const nlohmann::json& j);  // unknown keys throw std::invalid_argument
nlohmann::json to_json(const SimParams& p);
SimParams load_sim_params(const std::filesystem::path& path);

}  // namespace wb::sim
