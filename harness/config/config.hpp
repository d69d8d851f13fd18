// Typed configuration of one benchmark, loaded from YAML.
#pragma once
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/config/benchmark_config.hpp"
#include "harness/config/health_config.hpp"
#include "harness/config/node.hpp"
#include "harness/config/yaml_json.hpp"
#include "harness/plugin/probe_kind.hpp"

namespace wb {

inline const std::vector<std::string> kScopes = {"m2-rail", "board", "npu-silicon", "soc", "host"};

struct DeviceConfig {
  std::string manufacturer, accelerator, form_factor, interface, notes;
  std::string pcie;  // PCI address for the environment record, e.g. 0000:01:00.0
  // The link's ASPM for the run (harness/pci/aspm_setting.hpp): l1 | l0s-l1 | off, or default
  // (left as the firmware and kernel set it, only read back).
  std::string aspm = "default";
};

struct PublishedFigures {
  std::optional<double> fps, fps_per_w, power_w;
  std::string scope;  // scope of the published power/efficiency figure
  std::string source;
};

struct CooldownConfig {
  double pause_s = 0;   // a plain wait first (a campaign's pause between cards)
  std::string channel;  // "probe.channel", e.g. npu.npu0_temp_c; empty: the pause only
  double until_temp_c = 0;
  double max_wait_s = 300;
};

struct PhasesConfig {
  double settle_s = 1.0;  // excluded start of the idle phase
  double idle_s = 3.0;
  double tail_s = 0.5;        // settle time after the tool exits, before the idle-after phase
  double idle_after_s = 1.0;  // idle measured again after the run: drift from the idle before is reported
};

// A run that misses these is marked invalid with the reason, never dropped silently.
struct ValidityConfig {
  double min_window_s = 1.0;
  std::size_t min_samples = 20;
  double max_gap_pct = 10.0;        // share of the window without valid samples
  double edge_step_pct = 5.0;       // power-step check: window edges vs the window's mean
  double rate_tolerance_pct = 5.0;  // a paced run's achieved FPS vs benchmark.target_fps
  // An averaged meter (MeterKind::averaged) smears each edge by its averaging window: a window
  // shorter than this many averaging periods gets a warning, shorter than the second is invalid.
  double min_averaging_periods = 5;
  double invalid_averaging_periods = 2;
};

// Time slices over the window, cold vs sustained figures and the throttling finding
// (mb-benchmark-gui's convention: cold = the first 30 s, sustained = the last 60 s).
struct SustainedConfig {
  bool required = false;         // `sustained:` given: a sustained run, min_duration_s is a validity rule
  double min_duration_s = 1200;  // a window shorter than this makes a sustained run invalid
  double slice_s = 10;           // slice length over the window (the last slice may be shorter)
  double cold_s = 30;            // the window's first seconds
  double sustained_s = 60;       // the window's last seconds
  double throttle_pct = 5;       // FPS (or a clock) this much lower sustained than cold is throttling
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
  SustainedConfig sustained;
  bool cold_run = false;               // report run 1 apart (model caches, clocks and temperatures cold)
  std::optional<double> until_ci_pct;  // add repeats until FPS/W's 95 % CI is within this % of the mean
  int max_repeat = 10;
  std::optional<CooldownConfig> cooldown;  // before each run after the first
  int repeat = 1;
  std::filesystem::path output = "results";
  std::optional<nlohmann::json> sim;            // simulated-bench truth; the harness only passes it on
  KernelLogConfig kernel_log;                   // the kernel log captured over each run
  std::optional<HealthConfig> health;           // health and recovery commands around each run
  std::string resolved_yaml;                    // the YAML after --set overrides, as run
  std::vector<Variant> variants;                // at least one
  std::string order = "grouped";                // grouped (A A B B) | interleaved (A B A B)
  std::map<std::string, std::string> baseline;  // axis -> label that derived ratios compare against
  // A campaign's cards, models and the pairs not run (harness/campaign), written to campaign.json.
  nlohmann::json campaign_meta;
  // Files the results folder keeps as the record (path relative to it -> text), written before
  // the first run: a campaign's inputs as used and each pair's config as run.
  std::map<std::string, std::string> record_files;
};

// Loads and validates; throws ConfigError naming file:line:column.
// overrides: "key.path=value" strings applied before validation.
Config load_config(const std::filesystem::path& path, const std::vector<std::string>& overrides = {});

// Applies one --set override to a YAML tree; throws ConfigError on a malformed override.
void apply_override(YAML::Node& root, const std::string& override_text);
// Sets root[a][b][c] for key "a.b.c" (list elements by index); origin names the source in errors.
void set_path(YAML::Node& root, const std::string& key, const YAML::Node& value, const std::string& origin);

}  // namespace wb
