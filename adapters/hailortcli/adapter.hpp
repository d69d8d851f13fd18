// Hailo hailortcli: `run`, `benchmark` (power window = its streaming phase) and `run2`.
#pragma once
#include "harness/plugin/tool_kind.hpp"

namespace wb {

class HailortcliAdapter : public Adapter {
 public:
  std::string name() const override { return "hailortcli"; }
  std::string default_executable() const override { return "hailortcli"; }
  void check_args(const ConfigNode& args) const override;
  ToolInvocation invocation(const BenchmarkConfig& b, const std::filesystem::path& config_dir) const override;
  Pacing pacing(const ConfigNode& args, double fps) const override;
  ToolResult parse_run(const std::filesystem::path& tool_dir, const std::filesystem::path& stdout_log,
                       const std::filesystem::path& stderr_log, const ToolInvocation& inv) const override;
  WindowEvidence window_evidence(const std::vector<TimedLine>& lines, const ToolInvocation& inv) const override;
  std::vector<ProgressPoint> progress(const std::vector<TimedLine>& lines, const ToolInvocation& inv) const override;
  nlohmann::json parse_files(const std::vector<std::filesystem::path>& files) const override;
  // the hailo PCIe driver's errors (hailort-drivers linux/pcie/src/pcie.c: "Timeout waiting for firmware..", "Firmware
  // load failed", "Failed to enable MSI")
  std::vector<KernelPattern> kernel_patterns() const override {
    return {{"hailo_pci", R"(\bhailo.*([Tt]imeout|[Ff]ail|[Ee]rror))"}};
  }
  WorkKeys work_keys() const override {
    return {{"hef"}, {"mode", "batch_size", "power_mode", "device_ids", "device_count"}};
  }
};

}  // namespace wb
