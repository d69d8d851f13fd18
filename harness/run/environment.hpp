// Environment snapshot: host, OS, kernel, CPU, memory, PCIe ASPM policy. Paths under a
// configurable root so tests can point it at a fake tree.
#pragma once
#include <filesystem>

#include <nlohmann/json.hpp>

namespace wb {

nlohmann::json snapshot_environment(const std::filesystem::path& root = "/");

}  // namespace wb
