// wattbench-infer (this project's runner over OAAX runtimes, infer/): its window and running
// count come from its own CLOCK_MONOTONIC timestamps of every send and receive.
#pragma once
#include "harness/plugin/tool_kind.hpp"

namespace wb {

class InferAdapter : public Adapter {
 public:
  std::string name() const override { return "infer"; }
  std::string default_executable() const override { return "wattbench-infer"; }
  void check_args(const ConfigNode& args) const override;
  ToolInvocation invocation(const BenchmarkConfig& b, const std::filesystem::path& config_dir) const override;
  Pacing pacing(const ConfigNode& args, double fps) const override;
  ToolResult parse_run(const std::filesystem::path& tool_dir, const std::filesystem::path& stdout_log,
                       const std::filesystem::path& stderr_log, const ToolInvocation& inv) const override;
  WindowEvidence window_evidence(const std::vector<TimedLine>& lines, const ToolInvocation& inv) const override;
  std::vector<ProgressPoint> run_progress(const std::vector<TimedLine>& lines, const ToolInvocation& inv,
                                          const std::filesystem::path& tool_dir) const override;
  nlohmann::json parse_files(const std::vector<std::filesystem::path>& files) const override;
  WorkKeys work_keys() const override {
    return {{"model", "runtime", "pipeline"},
            {"scenario", "in_flight", "target_fps", "inputs", "runtime_args", "interface", "seed", "images",
             "image_mean", "image_std"}};
  }
};

}  // namespace wb
