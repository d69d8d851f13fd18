// Choosing the real or the simulated sysfs (the bench double's) for a card's ASPM setting.
#include "harness/run/link_aspm.hpp"

#include <fmt/format.h>

#include "harness/config/config_error.hpp"
#include "harness/plugin/bench_double.hpp"
#include "harness/run/health.hpp"

namespace wb {

LinkSysfs link_sysfs(const Config& cfg, const std::filesystem::path& results_dir, const std::string& device) {
  if (cfg.device.pcie.empty()) return {};
  return bench_link_sysfs(cfg, results_dir, device);
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
                        fmt::format("{}device.aspm: {}; nothing was run",
                                    v.id == "default" ? "" : "variant " + v.id + ": ", e.what()));
    }
  }
  return variants.empty() ? nlohmann::json::object() : nlohmann::json{{"variants", variants}};
}

}  // namespace wb
