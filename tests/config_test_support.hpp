// Config-loading test helpers shared by the config and hostile-config tests: write a YAML
// file into a scratch folder, a minimal valid config, and the ConfigError a load raises.
#pragma once
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "harness/config/config.hpp"

namespace wb::config_test {

namespace fs = std::filesystem;

// `name` in <temp>/<folder>, holding `text`.
inline fs::path write_config(const std::string& folder, const std::string& name, const std::string& text) {
  auto dir = fs::temp_directory_path() / folder;
  fs::create_directories(dir);
  auto p = dir / name;
  std::ofstream(p) << text;
  return p;
}

inline constexpr const char* kValid = R"(name: t
device:
  manufacturer: DeepX
  accelerator: M1
probes:
  - name: rail
    kind: ina228
    rail: M.2 3.3 V
    scope: m2-rail
benchmark:
  tool: dxbenchmark
  args:
    dir: models
    time_s: 5
)";

// <temp>/<folder>/c.yaml: a minimal device and benchmark around `probes`, the list items under
// `probes:` (each line ending in a newline), for tests of a probe kind's config block.
inline fs::path write_probes_config(const std::string& folder, const std::string& probes) {
  return write_config(folder, "c.yaml",
                      "name: t\ndevice: {manufacturer: X, accelerator: Y}\nprobes:\n" + probes +
                          "benchmark:\n  tool: dxbenchmark\n  args: {dir: m, time_s: 5}\n");
}

// The message of the ConfigError that loading `p` raises; nullopt when it loads.
inline std::optional<std::string> load_error(const fs::path& p, const std::vector<std::string>& sets) {
  try {
    load_config(p, sets);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return std::nullopt;
}

}  // namespace wb::config_test
