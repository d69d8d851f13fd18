// The installed bench double (the simulator, where the executable linked one).
#include "harness/plugin/bench_double.hpp"

#include <stdexcept>

#include "harness/config/config.hpp"

namespace wb {

namespace {
const BenchDoubleMaker* g_maker = nullptr;

const BenchDoubleMaker& maker() {
  if (!g_maker)
    throw std::runtime_error(
        "this build of wattbench has no simulated bench; the config uses transport sim or a sim: block");
  return *g_maker;
}
}  // namespace

void install_bench_double(const BenchDoubleMaker* m) { g_maker = m; }

bool uses_sim(const Config& cfg) {
  if (cfg.sim) return true;
  for (const auto& p : cfg.probes)
    if (p.settings && p.settings->simulated()) return true;
  return false;
}

std::unique_ptr<BenchDouble> make_bench_double(const Config& cfg, const std::filesystem::path& dir,
                                               unsigned seed_offset, const std::filesystem::path& pci_root) {
  if (!uses_sim(cfg)) return nullptr;
  return maker().make(cfg, dir, seed_offset, pci_root);
}

LinkSysfs bench_link_sysfs(const Config& cfg, const std::filesystem::path& results_dir, const std::string& device) {
  if (!uses_sim(cfg)) return {};
  return maker().link_sysfs(cfg, results_dir, device);
}

std::map<std::string, std::string> bench_device_env(const Config& cfg, const std::filesystem::path& results_dir,
                                                    const std::string& device) {
  if (!uses_sim(cfg)) return {};
  return maker().device_env(cfg, results_dir, device);
}

}  // namespace wb
