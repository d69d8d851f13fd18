// Simulated bench setup shared by run, probes and monitor.
#include "sim/bench/sim_bench.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <fstream>

#include "harness/run/kernel_log.hpp"
#include "sim/bench/sim_device.hpp"
#include "sim/bench/sim_params.hpp"
#include "sim/bench/sim_state.hpp"

namespace wb {

bool uses_sim(const Config& cfg) {
  if (cfg.sim) return true;
  for (const auto& p : cfg.probes)
    if (p.settings && p.settings->simulated()) return true;
  return false;
}

SimBench make_sim_bench(const Config& cfg, const std::filesystem::path& dir, unsigned seed_offset) {
  SimBench b;
  auto params = sim::sim_params_from_json(cfg.sim.value_or(nlohmann::json()));
  params.seed += seed_offset;
  b.params_file = dir / "sim-params.json";
  b.state_file = dir / "sim-state.txt";
  std::ofstream(b.params_file) << sim::to_json(params).dump(2) << "\n";
  std::ofstream(b.state_file, std::ios::trunc).flush();
  b.load = std::make_unique<sim::LoadModel>(params, b.state_file);
  return b;
}

ProbeContext probe_context(const SimBench& bench, const std::filesystem::path& dir, const std::filesystem::path& tools_dir) {
  ProbeContext ctx{dir, bench.load.get(), tools_dir, {}};
  if (bench.load) {
    ctx.tool_env[sim::kStateEnv] = std::filesystem::absolute(bench.state_file).string();
    ctx.tool_env[sim::kParamsEnv] = std::filesystem::absolute(bench.params_file).string();
  }
  return ctx;
}

std::map<std::string, std::string> sim_device_env(const Config& cfg, const std::filesystem::path& results_dir, const std::string& device) {
  std::map<std::string, std::string> env;
  env[sim::kDeviceEnv] = std::filesystem::absolute(results_dir / "sim-devices" / (device.empty() ? "card" : device)).string();
  if (cfg.kernel_log.source == "file") env[sim::kKmsgEnv] = std::filesystem::absolute(kernel_log_file(cfg.kernel_log, results_dir)).string();
  return env;
}

ScratchBench::ScratchBench(const Config& cfg, const std::string& purpose, const std::filesystem::path& tools_dir)
    : m_dir(std::filesystem::temp_directory_path() / fmt::format("wattbench-{}-{}", purpose, ::getpid())) {
  std::filesystem::create_directories(m_dir);
  if (uses_sim(cfg)) m_bench = make_sim_bench(cfg, m_dir, 0);
  m_context = probe_context(m_bench, m_dir, tools_dir);
}

ScratchBench::~ScratchBench() {
  std::error_code ec;
  std::filesystem::remove_all(m_dir, ec);
}

}  // namespace wb
