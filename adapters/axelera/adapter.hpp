// Axelera Voyager SDK runner (inference.py) on Metis.
#pragma once
#include "harness/plugin/tool_kind.hpp"

namespace wb {

class AxeleraAdapter : public Adapter {
 public:
  std::string name() const override { return "axelera"; }
  std::string default_executable() const override { return "inference.py"; }
  void check_args(const ConfigNode& args) const override;
  ToolInvocation invocation(const BenchmarkConfig& b, const std::filesystem::path& config_dir) const override;
  ToolResult parse_run(const std::filesystem::path& tool_dir, const std::filesystem::path& stdout_log,
                       const std::filesystem::path& stderr_log, const ToolInvocation& inv) const override;
  WindowEvidence window_evidence(const std::vector<TimedLine>& lines, const ToolInvocation& inv) const override;
  nlohmann::json parse_files(const std::vector<std::filesystem::path>& files) const override;
  // the Metis driver's interrupt timeouts ("IRQ MSI timeout", seen before a link down on four-core cards)
  std::vector<KernelPattern> kernel_patterns() const override {
    return {{"axelera", R"(IRQ MSI timeout|\b(axl|metis|triton)\b.*([Tt]imeout|[Ff]ail|[Ee]rror))"}};
  }
  WorkKeys work_keys() const override { return {{"network"}, {"aipu_cores", "fps", "media"}}; }
};

}  // namespace wb
