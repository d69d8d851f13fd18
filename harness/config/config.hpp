// Typed configuration of one benchmark, loaded from YAML.
#pragma once
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/config/node.hpp"
#include "probes/command/protocol.hpp"

namespace wb {

inline const std::vector<std::string> kScopes = {"m2-rail", "board", "npu-silicon", "soc", "host"};

struct DeviceConfig {
  std::string manufacturer, accelerator, form_factor, interface, notes;
  std::string pcie;  // PCI address for the environment record, e.g. 0000:01:00.0
};

struct PublishedFigures {
  std::optional<double> fps, fps_per_w, power_w;
  std::string scope;  // scope of the published power/efficiency figure
  std::string source;
};

struct Ina228Config {
  std::string transport = "sim";  // sim | ftdi | i2c-dev | hwmon | hwmon-sim
  std::string device;             // ftdi URL, /dev/i2c-N, or the hwmon root
  unsigned address = 0x40;
  double shunt_ohm = 0.015;
  double max_current_a = 2.0;
  std::optional<bool> adc_range_40mv;  // nullopt: pick from shunt and max current
  double vbus_ct_us = 150, vshunt_ct_us = 150, vtemp_ct_us = 150;
  int averaging = 1;
  unsigned i2c_hz = 400000;
  std::string trace;  // byte trace file (W/R lines), relative to the run folder
};

struct HwmonConfig {
  std::string root = "/sys/class/hwmon";
  std::string chip;   // match the chip's `name`; empty = the first chip with power or energy files
  std::string path;   // or a specific folder, e.g. hwmon3
  int channel = 1;    // index n of in<n>/curr<n>/power<n>/energy<n>
  std::string label;  // or the channel whose <prefix><n>_label matches
};

struct CommandConfig {
  std::vector<std::string> argv;
  double interval_ms = 1000;
  double timeout_s = 5;
  std::vector<command::ChannelRule> channels;
};

// A lab analyzer behind SPEC PTDaemon (probes/ptd), over TCP.
struct PtdConfig {
  std::string transport = "tcp";  // tcp | sim (a fake PTDaemon on loopback, fed by the simulated bench)
  std::string host = "127.0.0.1";
  int port = 8888;                // PTDaemon's -p
  double period_ms = 1000;        // Go,<period_ms>,0,<mark>: the analyzer's sample period
  double poll_ms = 250;           // how often RL fetches the samples logged since the last poll
  std::string volts_range = "Auto", amps_range = "Auto";  // SR,V,… and SR,A,…
  int channel = 0;                // multi-channel analyzers: 0 = the sum, n = channel n (RL,*,*)
  bool utc = false;               // PTDaemon's sample times are UTC (started with TZ=UTC), not local
  double timeout_s = 5;           // per reply
  double max_uncertainty_pct = 1; // SPEC's acceptance limit: samples above it are counted and warned
};

struct ProbeConfig {
  std::string name, kind, rail, scope;
  double rate_hz = 1000;
  // Stated accuracy of the power reading in percent (meter gain error and shunt tolerance
  // combined); nullopt = not stated, and the summary says so.
  std::optional<double> accuracy_pct;
  Ina228Config ina228;
  HwmonConfig hwmon;
  CommandConfig command;
  PtdConfig ptd;
};

struct BenchmarkConfig {
  std::string tool;        // adapter name
  std::string executable;  // default: the adapter's tool name
  YAML::Node args;         // adapter-specific, validated by the adapter
  std::vector<std::string> extra_args;
  std::map<std::string, std::string> env;
  double timeout_s = 600;
  // Window fallback when the tool prints no markers and reports no duration: its lifetime
  // minus these (e.g. model load at the start).
  std::optional<double> trim_start_s, trim_end_s;
};

struct CooldownConfig {
  std::string channel;  // "probe.channel", e.g. npu.npu0_temp_c
  double until_temp_c = 0;
  double max_wait_s = 300;
};

struct PhasesConfig {
  double settle_s = 1.0;  // excluded start of the idle phase
  double idle_s = 3.0;
  double tail_s = 0.5;    // settle time after the tool exits, before the idle-after phase
  double idle_after_s = 1.0;  // idle measured again after the run: drift from the idle before is reported
};

// A run that misses these is marked invalid with the reason, never dropped silently.
struct ValidityConfig {
  double min_window_s = 1.0;
  std::size_t min_samples = 20;
  double max_gap_pct = 10.0;      // share of the window without valid samples
  double edge_step_pct = 5.0;     // power-step check: window edges vs the window's mean
};

struct Config;

// One point of a matrix sweep: its parameters and the whole config with them applied.
struct Variant {
  std::string id;  // e.g. "224-npu"; "default" without a matrix
  nlohmann::json params = nlohmann::json::object();
  std::shared_ptr<const Config> config;
};

struct Config {
  std::filesystem::path path;  // the YAML file
  std::filesystem::path dir;   // relative paths resolve here
  std::string name;
  DeviceConfig device;
  PublishedFigures published;
  std::vector<ProbeConfig> probes;
  BenchmarkConfig benchmark;
  PhasesConfig phases;
  ValidityConfig validity;
  bool cold_run = false;  // report run 1 apart (model caches, clocks and temperatures cold)
  std::optional<double> until_ci_pct;  // add repeats until FPS/W's 95 % CI is within this % of the mean
  int max_repeat = 10;
  std::optional<CooldownConfig> cooldown;  // before each run after the first
  int repeat = 1;
  std::filesystem::path output = "results";
  std::optional<nlohmann::json> sim;  // simulated-bench truth; the harness only passes it on
  std::string resolved_yaml;          // the YAML after --set overrides, as run
  std::vector<Variant> variants;      // at least one
  std::string order = "grouped";      // grouped (A A B B) | interleaved (A B A B)
  std::map<std::string, std::string> baseline;  // axis -> label that derived ratios compare against
};

// Loads and validates; throws ConfigError naming file:line:column.
// overrides: "key.path=value" strings applied before validation.
Config load_config(const std::filesystem::path& path, const std::vector<std::string>& overrides = {});

// Applies one --set override to a YAML tree; throws ConfigError on a malformed override.
void apply_override(YAML::Node& root, const std::string& override_text);
// Sets root[a][b][c] for key "a.b.c" (list elements by index); origin names the source in errors.
void set_path(YAML::Node& root, const std::string& key, const YAML::Node& value, const std::string& origin);

nlohmann::json yaml_to_json(const YAML::Node& n);

}  // namespace wb
