// The simulated bench of one run: its parameters file, the fake tool's phase file and the load
// model every simulated probe reads. The simulator's side of harness/plugin/bench_double.hpp.
#pragma once
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/plugin/bench_double.hpp"
#include "sim/bench/load_model.hpp"

namespace wb::sim {

class SimBench;

// Which simulator serves a probe kind's `sim` transport: one entry per kind, listed in
// sim/registry.cpp. make hands the kind's own driver a simulated port on this bench; own_keys
// checks the simulator's own keys of the `sim:` block and names them (check_own_keys in
// sim_block.hpp); the simulator reads them itself.
struct SimProbeKind {
  const char* kind;
  std::unique_ptr<Probe> (*make)(const ProbeConfig& cfg, const ProbeContext& ctx, SimBench& bench);
  void (*own_keys)(const nlohmann::json& block, std::set<std::string>& keys);
};
const SimProbeKind* find_sim_probe_kind(const std::string& kind);  // sim/registry.cpp
// Checks every simulator's keys of the `sim:` block and refuses any key no simulator reads;
// throws std::invalid_argument naming sim.<key>.
void check_sim_block(const nlohmann::json& block);  // sim/registry.cpp

class SimBench : public BenchDouble {
 public:
  // Writes sim-params.json and an empty sim-state.txt into dir. Throws std::invalid_argument
  // for a bad `sim:` block.
  SimBench(const Config& cfg, const std::filesystem::path& dir, unsigned seed_offset,
           const std::filesystem::path& pci_root = {});

  std::unique_ptr<Probe> make_probe(const ProbeConfig& cfg, const ProbeContext& ctx) override;
  std::map<std::string, std::string> tool_env() const override;
  void write_truth(double t0_steady_s, double cold_s, double sustained_s) const override;

  LoadModel& load() { return *m_load; }
  // One object per key shared by this bench's simulators (the wire of a simulated FT232H,
  // which the probes naming that device share), made on first use.
  template <class T>
  std::shared_ptr<T> shared(const std::string& key) {
    auto& slot = m_shared[key];
    if (!slot) slot = std::make_shared<T>();
    return std::static_pointer_cast<T>(slot);
  }
  const SimParams& params() const { return m_load->params(); }  // the bench-wide fields
  const nlohmann::json& block() const { return m_block; }       // the whole `sim:` block, for device simulators
  const std::filesystem::path& dir() const { return m_dir; }

 private:
  std::filesystem::path m_dir, m_params_file, m_state_file;
  nlohmann::json m_block;
  std::unique_ptr<LoadModel> m_load;
  std::map<std::string, std::shared_ptr<void>> m_shared;
};

std::unique_ptr<BenchDouble> make_sim_bench(const Config& cfg, const std::filesystem::path& dir, unsigned seed_offset,
                                            const std::filesystem::path& pci_root);
// The card's fake PCI sysfs under results_dir/sim-sysfs/<device> and its fake kernel's writer.
LinkSysfs sim_link_sysfs(const Config& cfg, const std::filesystem::path& results_dir, const std::string& device);

// The simulated card a fake tool and sim-health-check open ($WATTBENCH_SIM_DEVICE: one state
// folder per card in the results folder) and the file its fake driver logs kernel lines to
// ($WATTBENCH_SIM_KMSG, the config's `kernel_log: {source: file:…}`), for the benchmark tool and
// the health commands only (sim/bench/sim_device.hpp).
std::map<std::string, std::string> sim_device_env(const Config& cfg, const std::filesystem::path& results_dir,
                                                  const std::string& device);

}  // namespace wb::sim
