// Device health of one run, as the summary carries it: the kernel log captured over the run
// and its findings, sentinel readings, and the health and recovery commands run around it.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/analysis/kernel_findings.hpp"
#include "harness/analysis/sentinels.hpp"

namespace wb {

struct KernelCapture {
  std::string source;     // "/dev/kmsg", "journalctl -k", "file <path>", "off"
  bool captured = false;  // false: why in `note`; never a failed run
  std::string note;
  std::size_t lines = 0;
  std::vector<KernelFinding> findings;  // the first kMaxKernelFindings
  std::size_t findings_total = 0;
};
inline constexpr std::size_t kMaxKernelFindings = 20;

// One health or recovery command and what it did.
struct HealthCommand {
  std::string role;  // check | recover | recheck | recover-after-failure
  std::vector<std::string> argv;
  bool ok = false;
  std::optional<int> exit_code;
  bool timed_out = false;
  double duration_s = 0;
  std::string output;  // its last lines (stdout and stderr)
};

struct RunHealth {
  std::string device;  // the card (a campaign's card name), "" for the config's one device
  std::optional<KernelCapture> kernel;
  std::vector<SentinelCount> sentinels;
  std::vector<HealthCommand> commands;
  bool device_lost = false;  // this run found the device lost, or was skipped for it
  bool empty() const { return device.empty() && !kernel && sentinels.empty() && commands.empty() && !device_lost; }
};

nlohmann::json to_json(const KernelCapture& k);
nlohmann::json to_json(const HealthCommand& c);
HealthCommand health_command_from_json(const nlohmann::json& j);
nlohmann::json to_json(const RunHealth& h);

// The health rows of a summary (every variant, every run), for the terminal, Markdown and
// HTML reporters: {run label, what, detail}; empty when nothing happened worth saying.
struct HealthRow {
  std::string run, what, detail;
};
struct Summary;
std::vector<HealthRow> health_rows(const Summary& s);

}  // namespace wb
