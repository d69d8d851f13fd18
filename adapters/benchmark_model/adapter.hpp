// TensorFlow Lite benchmark_model (any TFLite target; NXP i.MX NPUs through external delegates).
#pragma once
#include "harness/plugin/tool_kind.hpp"

namespace wb {

class BenchmarkModelAdapter : public Adapter {
 public:
  std::string name() const override { return "benchmark_model"; }
  std::string default_executable() const override { return "benchmark_model"; }
  void check_args(const ConfigNode& args) const override;
  ToolInvocation invocation(const BenchmarkConfig& b, const std::filesystem::path& config_dir) const override;
  Pacing pacing(const ConfigNode& args, double fps) const override;
  ToolResult parse_run(const std::filesystem::path& tool_dir, const std::filesystem::path& stdout_log,
                       const std::filesystem::path& stderr_log, const ToolInvocation& inv) const override;
  WindowEvidence window_evidence(const std::vector<TimedLine>& lines, const ToolInvocation& inv) const override;
  nlohmann::json parse_files(const std::vector<std::filesystem::path>& files) const override;
  WorkKeys work_keys() const override {
    return {{"graph"}, {"delegate", "delegate_path", "use_xnnpack", "num_threads", "run_frequency", "run_delay"}};
  }
};

}  // namespace wb
