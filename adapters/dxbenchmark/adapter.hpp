// DeepX dxbenchmark (DX-RT): argv from the config, report files and stdout parsed.
#pragma once
#include "harness/plugin/tool_kind.hpp"

namespace wb {

class DxbenchmarkAdapter : public Adapter {
 public:
  std::string name() const override { return "dxbenchmark"; }
  std::string default_executable() const override { return "dxbenchmark"; }
  void check_args(const ConfigNode& args) const override;
  ToolInvocation invocation(const BenchmarkConfig& b, const std::filesystem::path& config_dir) const override;
  ToolResult parse_run(const std::filesystem::path& tool_dir, const std::filesystem::path& stdout_log,
                       const std::filesystem::path& stderr_log, const ToolInvocation& inv) const override;
  WindowEvidence window_evidence(const std::vector<TimedLine>& lines, const ToolInvocation& inv) const override;
  nlohmann::json parse_files(const std::vector<std::filesystem::path>& files) const override;
  // the DeepX runtime driver's (dxrt_driver, dx_dma) errors and timeouts
  std::vector<KernelPattern> kernel_patterns() const override {
    return {{"dxrt", R"(\b(dxrt|dx_dma|dxrt_driver)\b.*([Tt]imeout|[Ff]ail|[Ee]rror))"}};
  }
  WorkKeys work_keys() const override { return {{"dir"}, {"devices", "npu_bound"}}; }
};

}  // namespace wb
