// Rockchip rknn_benchmark (RKNPU2 SDK example): per-iteration NPU run times and their average.
#pragma once
#include "harness/plugin/tool_kind.hpp"

namespace wb {

class RknnBenchmarkAdapter : public Adapter {
 public:
  std::string name() const override { return "rknn_benchmark"; }
  std::string default_executable() const override { return "rknn_benchmark"; }
  void check_args(const ConfigNode& args) const override;
  ToolInvocation invocation(const BenchmarkConfig& b, const std::filesystem::path& config_dir) const override;
  ToolResult parse_run(const std::filesystem::path& tool_dir, const std::filesystem::path& stdout_log,
                       const std::filesystem::path& stderr_log, const ToolInvocation& inv) const override;
  WindowEvidence window_evidence(const std::vector<TimedLine>& lines, const ToolInvocation& inv) const override;
  std::vector<ProgressPoint> progress(const std::vector<TimedLine>& lines, const ToolInvocation& inv) const override;
  nlohmann::json parse_files(const std::vector<std::filesystem::path>& files) const override;
  // the Rockchip NPU driver's (RKNPU) errors and timeouts
  std::vector<KernelPattern> kernel_patterns() const override {
    return {{"rknpu", R"(RKNPU.*([Tt]imeout|[Ff]ail|[Ee]rror))"}};
  }
  WorkKeys work_keys() const override { return {{"model"}, {"core_mask", "batch"}}; }
};

}  // namespace wb
