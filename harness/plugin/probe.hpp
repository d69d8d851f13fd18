// A power/temperature probe: named channels read on the sampler's thread.
#pragma once
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/plugin/probe_kind.hpp"
#include "harness/trace/sample.hpp"

namespace wb {

class BenchDouble;

class Probe {
 public:
  virtual ~Probe() = default;
  virtual const ProbeInfo& info() const = 0;
  // Configures the device and resets its accumulators; throws with a fix-it message.
  virtual void open() = 0;
  // Fills s.values (one per channel, kMissing where unknown) and flags; throws on a failed read.
  virtual void read(Sample& s) = 0;
  // Instruments that keep their own sample clock (a lab analyzer logging every period) are
  // batched: read_batch appends what arrived since the last call (maybe nothing), each sample
  // stamped by the probe on the run's clock (t_s from t0). read() then waits for one sample.
  virtual bool batched() const { return false; }
  virtual void read_batch(std::chrono::steady_clock::time_point t0, std::vector<Sample>& out) {
    (void)t0;
    (void)out;
  }
  virtual void close() {}
  // Resolved settings, for --dry-run and the summary.
  virtual nlohmann::json settings() const = 0;
};

// What every probe's info starts from: the config's name, kind, rail, scope, stated accuracy,
// and the given transport and rate; the probe adds its channels.
ProbeInfo probe_info_base(const ProbeConfig& cfg, const std::string& transport, double rate_hz);
// What every sampled probe's settings() shows: the config's kind, rate, rail and scope and the
// given transport, beside the probe's own resolved settings (`own`).
nlohmann::json probe_settings(const ProbeConfig& cfg, const std::string& transport, nlohmann::json own);

// The channels of a rail power monitor (INA228 over I2C or hwmon): V, A, W, J, °C, in this order.
enum RailChannel { kRailVoltage, kRailCurrent, kRailPower, kRailEnergy, kRailTemp, kRailChannelCount };
// ProbeInfo for such a probe; `temp_name` names the temperature channel (e.g. "die_temp_c").
ProbeInfo rail_monitor_info(const ProbeConfig& cfg, const std::string& transport, const std::string& temp_name);

// What a probe may need from the run: its folder (for byte traces) and, on the simulated
// bench, the double that makes probes on the `sim` transport (harness/plugin/bench_double.hpp).
struct ProbeContext {
  std::filesystem::path run_dir;
  BenchDouble* bench = nullptr;
  std::filesystem::path tools_dir;              // command probes look here before PATH
  std::map<std::string, std::string> tool_env;  // e.g. the simulated bench's state file
};

// A kind's own probe, or on the `sim` transport the bench double's (which hands the same
// driver a simulated port); throws when a simulated probe has no bench.
std::unique_ptr<Probe> make_probe(const ProbeConfig& cfg, const ProbeContext& ctx);

// A probe built and never opened, for its settings or to check them: the kind's own driver
// whatever the transport (a simulated probe is that driver on a simulated port).
std::unique_ptr<Probe> make_unopened_probe(const ProbeConfig& cfg);

// A sysfs-reading kind's transport on the simulated bench: starts a simulated kernel driver
// that keeps a fake tree under `root` up to date while the returned handle lives.
using SimulatedTree = std::function<std::shared_ptr<void>(const std::filesystem::path& root)>;
// Where such a probe reads its tree: `root` on a real transport; on the simulated one a folder of
// the run, <run>/<sim_folder>/<probe name>, where `simulate` starts the driver, its handle kept
// in `sim`. Throws when a simulated probe has no simulator (no bench).
std::filesystem::path sysfs_root(const ProbeConfig& cfg, const ProbeContext& ctx, const std::filesystem::path& root,
                                 const SimulatedTree& simulate, const std::string& sim_folder,
                                 std::shared_ptr<void>& sim);

// The info with the config's `meter:` declaration (cfg.meter) on its power channel, which the
// declaration describes; a kind that knows its meter is overridden, so the summary says "config".
ProbeInfo with_declared_meter(ProbeInfo info, const ProbeConfig& cfg);

// An INA's power register: the mean of `averages` sets of conversions of `set_s` each, replaced
// when the next set completes (INA228 datasheet §7.3.4; the INA226/INA260 datasheets' averaging and conversion-time
// section).
MeterInfo ina_power_meter(const std::string& chip, double set_s, int averages);

}  // namespace wb
