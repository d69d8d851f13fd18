// NVIDIA trtexec (TensorRT): throughput, latency and GPU compute statistics.
#pragma once
#include "harness/plugin/tool_kind.hpp"

namespace wb {

class TrtexecAdapter : public Adapter {
 public:
  std::string name() const override { return "trtexec"; }
  std::string default_executable() const override { return "trtexec"; }
  void check_args(const ConfigNode& args) const override;
  ToolInvocation invocation(const BenchmarkConfig& b, const std::filesystem::path& config_dir) const override;
  ToolResult parse_run(const std::filesystem::path& tool_dir, const std::filesystem::path& stdout_log,
                       const std::filesystem::path& stderr_log, const ToolInvocation& inv) const override;
  WindowEvidence window_evidence(const std::vector<TimedLine>& lines, const ToolInvocation& inv) const override;
  std::vector<ProgressPoint> run_progress(const std::vector<TimedLine>& lines, const ToolInvocation& inv,
                                          const std::filesystem::path& tool_dir) const override;
  nlohmann::json parse_files(const std::vector<std::filesystem::path>& files) const override;
  // the NVIDIA driver's Xid errors and a GPU gone from the bus
  std::vector<KernelPattern> kernel_patterns() const override {
    return {{"nvidia", R"(NVRM: Xid|GPU has fallen off the bus)"}};
  }
  WorkKeys work_keys() const override { return {{"engine", "onnx"}, {"batch", "use_spin_wait"}}; }
};

}  // namespace wb
