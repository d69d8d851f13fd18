// Device health around runs: the config's health command before each run (exit 0 = healthy),
// its recovery command when that fails (then the check again) and after a failed run, and the
// DEVICE-LOST verdict: a card whose check still fails is lost, and its remaining runs are
// skipped with the reason while other cards go on. <run>/health.json records what ran, so
// `wattbench report` shows the same.
#pragma once
#include <atomic>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "harness/config/config.hpp"
#include "harness/report/summary.hpp"

namespace wb {

class ProcessRunner;

// Where the health commands run and what they see.
struct HealthContext {
  std::filesystem::path cwd, tools_dir;
  std::map<std::string, std::string> env;
  ProcessRunner* runner = nullptr;  // nullptr: the real one
  const std::atomic<bool>* stop = nullptr;
};

// Runs one command (argv, found in tools_dir then PATH), with its timeout.
HealthCommand run_health_command(const std::string& role, const std::vector<std::string>& argv, double timeout_s,
                                 const HealthContext& ctx);

// check; on failure recover (when configured) and check again. True when the last check passed.
bool check_device(const HealthConfig& h, const HealthContext& ctx, std::vector<HealthCommand>& out);

// <run>/health.json: the device, the commands and the verdict (reason: why the run was not made).
void write_health_file(const std::filesystem::path& run_dir, const RunHealth& h, const std::string& lost_reason);
// Adds a run folder's health (health.json, the kernel log and its findings) to its record; a
// lost device makes the run's status "device-lost" with the reason.
void add_run_health(const Config& cfg, const std::filesystem::path& run_dir, RunRecord& rec);

// The card a variant runs on: a campaign's card, else the config's one device ("").
std::string device_of(const Variant& v);

}  // namespace wb
