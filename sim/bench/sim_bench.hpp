// Setting up the simulated bench for a config: its parameters file, the fake tool's phase
// file and the load model the sim transports read.
#pragma once
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "harness/config/config.hpp"
#include "probes/probe.hpp"
#include "sim/bench/load_model.hpp"

namespace wb {

struct SimBench {
  std::filesystem::path params_file, state_file;
  std::unique_ptr<sim::LoadModel> load;
};

// True when any probe is simulated or the config has a `sim:` block.
bool uses_sim(const Config& cfg);
// Writes sim-params.json and an empty sim-state.txt into dir; seed_offset varies the noise per run.
SimBench make_sim_bench(const Config& cfg, const std::filesystem::path& dir, unsigned seed_offset);
// What probes get: the folder, the bench (if any) and the environment that ties fake tools to it.
ProbeContext probe_context(const SimBench& bench, const std::filesystem::path& dir, const std::filesystem::path& tools_dir);

// The simulated card a fake tool and sim-health-check open ($WATTBENCH_SIM_DEVICE: one state
// folder per card in the results folder) and the file its fake driver logs kernel lines to
// ($WATTBENCH_SIM_KMSG, the config's `kernel_log: {source: file:…}`), for the benchmark tool and
// the health commands only (probe_sim/sim_device.hpp).
std::map<std::string, std::string> sim_device_env(const Config& cfg, const std::filesystem::path& results_dir, const std::string& device);

// Probes opened outside a run (`probes`, `monitor`, the cooldown wait) stand on a scratch
// folder, with the simulated bench when the config uses it; the folder goes with this object,
// so declare it before the probes that use it.
class ScratchBench {
 public:
  ScratchBench(const Config& cfg, const std::string& purpose, const std::filesystem::path& tools_dir);
  ~ScratchBench();
  ScratchBench(const ScratchBench&) = delete;
  ScratchBench& operator=(const ScratchBench&) = delete;
  const ProbeContext& context() const { return m_context; }

 private:
  std::filesystem::path m_dir;
  SimBench m_bench;
  ProbeContext m_context;
};

}  // namespace wb
