// Device health settings of a config: the kernel log capture over each run, and the health and
// recovery commands around runs (harness/run/health.hpp, harness/run/kernel_log.hpp).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "harness/config/node.hpp"

namespace wb {

struct KernelLogConfig {
  // auto: /dev/kmsg, else `journalctl -k`, else none (said in the summary, never a failure).
  std::string source = "auto";        // auto | kmsg | journalctl | file | off
  std::filesystem::path file;         // source file: a relative path is in the results folder
  std::vector<std::string> patterns;  // extra regexes beside the tool's and the PCIe ones
};

struct HealthConfig {
  std::vector<std::string> check;    // argv run before each run; exit 0 = healthy
  std::vector<std::string> recover;  // argv run when the check fails (then checked again) and after a failed run
  double timeout_s = 30;             // each command; a timeout counts as a failure
  double recover_timeout_s = 120;
  bool enabled() const { return !check.empty(); }
};

void parse_kernel_log(const ConfigNode& parent, const std::string& key, KernelLogConfig& k);
void parse_health(const ConfigNode& n, HealthConfig& h);

}  // namespace wb
