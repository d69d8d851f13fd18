// Choosing the real or the simulated sysfs for a card's ASPM setting.
#include "harness/run/link_aspm.hpp"

#include <fmt/format.h>

#include "harness/config/config_error.hpp"
#include "harness/run/health.hpp"
#include "harness/run/sim_bench.hpp"
#include "probes/sim/fake_pci_link.hpp"

namespace wb {

LinkSysfs link_sysfs(const Config& cfg, const std::filesystem::path& results_dir, const std::string& device) {
  if (!uses_sim(cfg) || cfg.device.pcie.empty()) return {};
  auto params = sim::sim_params_from_json(cfg.sim.value_or(nlohmann::json()));
  LinkSysfs s;
  s.root = std::filesystem::absolute(results_dir / "sim-sysfs" / (device.empty() ? "card" : device));
  sim::make_fake_pci_tree(s.root, cfg.device.pcie, params);
  s.write = [root = s.root, bdf = cfg.device.pcie, params](const std::filesystem::path& f, const std::string& text) {
    return sim::fake_kernel_write(root, bdf, params, f, text);
  };
  return s;
}

std::unique_ptr<AspmSetting> set_link_aspm(const Config& cfg, const LinkSysfs& sysfs) {
  if (cfg.device.pcie.empty()) return nullptr;
  return std::make_unique<AspmSetting>(sysfs.root, cfg.device.pcie, cfg.device.aspm, sysfs.write);
}

nlohmann::json try_link_aspm(const Config& cfg, const std::filesystem::path& results_dir) {
  nlohmann::json variants = nlohmann::json::object();
  for (const auto& v : cfg.variants) {
    const Config& vc = *v.config;
    if (vc.device.pcie.empty()) continue;
    try {
      auto setting = set_link_aspm(vc, link_sysfs(vc, results_dir, device_of(v)));
      std::string restore_error = setting->restore();
      auto j = to_json(setting->record());
      j["address"] = vc.device.pcie;
      variants[v.id] = j;
      if (!restore_error.empty()) throw AspmError(restore_error);
    } catch (const AspmError& e) {
      throw ConfigError(cfg.path.string(), 0, 0,
                        fmt::format("{}device.aspm: {}; nothing was run", v.id == "default" ? "" : "variant " + v.id + ": ", e.what()));
    }
  }
  return variants.empty() ? nlohmann::json::object() : nlohmann::json{{"variants", variants}};
}

}  // namespace wb
