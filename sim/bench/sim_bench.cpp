// The simulated bench of one run, as the harness's bench double.
#include "sim/bench/sim_bench.hpp"

#include <fmt/format.h>

#include <fstream>

#include "harness/config/config.hpp"
#include "harness/run/kernel_log.hpp"
#include "sim/bench/fake_pci_link.hpp"
#include "sim/bench/sim_device.hpp"
#include "sim/bench/sim_params.hpp"
#include "sim/bench/sim_state.hpp"

namespace wb::sim {

SimBench::SimBench(const Config& cfg, const std::filesystem::path& dir, unsigned seed_offset,
                   const std::filesystem::path& pci_root)
    : m_dir(dir), m_block(cfg.sim.value_or(nlohmann::json())) {
  auto params = sim_params_from_json(m_block);
  check_sim_block(m_block);
  params.seed += seed_offset;
  // The card idles as its link's ASPM state lets it (sim/bench/fake_pci_link.hpp).
  if (!pci_root.empty() && !cfg.device.pcie.empty()) params.idle_w = idle_for_link(pci_root, cfg.device.pcie, params);
  m_params_file = dir / "sim-params.json";
  m_state_file = dir / "sim-state.txt";
  std::ofstream(m_params_file) << to_json(params).dump(2) << "\n";
  std::ofstream(m_state_file, std::ios::trunc).flush();
  m_load = std::make_unique<LoadModel>(params, m_state_file);
}

std::unique_ptr<Probe> SimBench::make_probe(const ProbeConfig& cfg, const ProbeContext& ctx) {
  const SimProbeKind* kind = find_sim_probe_kind(cfg.kind);
  if (!kind)
    throw std::runtime_error(fmt::format("probe {}: the simulated bench has no {} simulator", cfg.name, cfg.kind));
  return kind->make(cfg, ctx, *this);
}

std::map<std::string, std::string> SimBench::tool_env() const {
  return {{kStateEnv, std::filesystem::absolute(m_state_file).string()},
          {kParamsEnv, std::filesystem::absolute(m_params_file).string()}};
}

std::unique_ptr<BenchDouble> make_sim_bench(const Config& cfg, const std::filesystem::path& dir, unsigned seed_offset,
                                            const std::filesystem::path& pci_root) {
  return std::make_unique<SimBench>(cfg, dir, seed_offset, pci_root);
}

LinkSysfs sim_link_sysfs(const Config& cfg, const std::filesystem::path& results_dir, const std::string& device) {
  auto params = sim_params_from_json(cfg.sim.value_or(nlohmann::json()));
  LinkSysfs s;
  s.root = std::filesystem::absolute(results_dir / "sim-sysfs" / (device.empty() ? "card" : device));
  make_fake_pci_tree(s.root, cfg.device.pcie, params);
  s.write = [root = s.root, bdf = cfg.device.pcie, params](const std::filesystem::path& f, const std::string& text) {
    return fake_kernel_write(root, bdf, params, f, text);
  };
  return s;
}

std::map<std::string, std::string> sim_device_env(const Config& cfg, const std::filesystem::path& results_dir,
                                                  const std::string& device) {
  std::map<std::string, std::string> env;
  env[kDeviceEnv] =
      std::filesystem::absolute(results_dir / "sim-devices" / (device.empty() ? "card" : device)).string();
  if (cfg.kernel_log.source == "file")
    env[kKmsgEnv] = std::filesystem::absolute(kernel_log_file(cfg.kernel_log, results_dir)).string();
  return env;
}

}  // namespace wb::sim
