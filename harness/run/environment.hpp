// Environment snapshot: host, OS, kernel, CPU, memory, PCIe ASPM policy. Paths under a
// configurable root so tests can point it at a fake tree.
#pragma once
#include <filesystem>

#include <nlohmann/json.hpp>

namespace wb {

// pcie: the accelerator's PCI address (e.g. "0000:01:00.0"); its link and ASPM state are read
// from <root>/sys/bus/pci/devices/<address>.
nlohmann::json snapshot_environment(const std::filesystem::path& root = "/", const std::string& pcie = "");

}  // namespace wb
