// MemryX acclBench (MX3): FPS, In-To-Out latency and the tool's own power readings.
#pragma once
#include "harness/plugin/tool_kind.hpp"

namespace wb {

class AcclbenchAdapter : public Adapter {
 public:
  std::string name() const override { return "acclBench"; }
  std::string default_executable() const override { return "acclBench"; }
  void check_args(const ConfigNode& args) const override;
  ToolInvocation invocation(const BenchmarkConfig& b, const std::filesystem::path& config_dir) const override;
  Pacing pacing(const ConfigNode& args, double fps) const override;
  ToolResult parse_run(const std::filesystem::path& tool_dir, const std::filesystem::path& stdout_log,
                       const std::filesystem::path& stderr_log, const ToolInvocation& inv) const override;
  WindowEvidence window_evidence(const std::vector<TimedLine>& lines, const ToolInvocation& inv) const override;
  nlohmann::json parse_files(const std::vector<std::filesystem::path>& files) const override;
  // the MemryX MX3 driver's (memx) errors and timeouts
  std::vector<KernelPattern> kernel_patterns() const override {
    return {{"memx", R"(\bmemx.*([Tt]imeout|[Ff]ail|[Ee]rror|hang))"}};
  }
  WorkKeys work_keys() const override { return {{"dfp"}, {"streams", "max_fps"}}; }
};

}  // namespace wb
