// ONNX Runtime onnxruntime_perf_test: one adapter for every execution provider (-e).
#pragma once
#include "harness/plugin/tool_kind.hpp"

namespace wb {

class OnnxruntimePerfTestAdapter : public Adapter {
 public:
  std::string name() const override { return "onnxruntime_perf_test"; }
  std::string default_executable() const override { return "onnxruntime_perf_test"; }
  void check_args(const ConfigNode& args) const override;
  ToolInvocation invocation(const BenchmarkConfig& b, const std::filesystem::path& config_dir) const override;
  ToolResult parse_run(const std::filesystem::path& tool_dir, const std::filesystem::path& stdout_log,
                       const std::filesystem::path& stderr_log, const ToolInvocation& inv) const override;
  WindowEvidence window_evidence(const std::vector<TimedLine>& lines, const ToolInvocation& inv) const override;
  nlohmann::json parse_files(const std::vector<std::filesystem::path>& files) const override;
  WorkKeys work_keys() const override {
    return {{"model"}, {"execution_provider", "provider_options", "threads", "batch"}};
  }
};

}  // namespace wb
