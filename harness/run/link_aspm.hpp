// A run's ASPM step: the sysfs that holds the card's link (the host's, or on the simulated bench
// a fake tree in the results folder whose fake kernel answers the writes), the setting for one
// run and its record, <run>/aspm.json.
#pragma once
#include <filesystem>
#include <memory>
#include <string>

#include "harness/config/config.hpp"
#include "harness/pci/aspm_setting.hpp"
#include "harness/pci/link_sysfs.hpp"

namespace wb {

inline constexpr const char* kAspmFile = "aspm.json";

// The host's sysfs, or for a simulated config the card's fake one under
// <results>/sim-sysfs/<device>, created on first use (a resumed folder keeps its link state).
LinkSysfs link_sysfs(const Config& cfg, const std::filesystem::path& results_dir, const std::string& device);

// Sets cfg.device.aspm on the card's link; null when the config names no PCI address.
// Throws AspmError with the reason where the kernel or firmware refuses.
std::unique_ptr<AspmSetting> set_link_aspm(const Config& cfg, const LinkSysfs& sysfs);

// Tries each variant's request (set, read back, put back) before any run, so a state the kernel
// or firmware refuses stops the invocation before anything is measured. Returns environment.json's
// "aspm" block: the PCI address, the state as found and each variant's requested and read-back
// state; {} when no variant names a PCI address. Throws ConfigError naming the variant.
nlohmann::json try_link_aspm(const Config& cfg, const std::filesystem::path& results_dir);

}  // namespace wb
