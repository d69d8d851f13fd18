// The files a run leaves beside its traces so that analysis needs nothing else:
// process.json (what happened to the tool), invocation.json (how it was started),
// probe-<name>.json (each probe's channels, rail and scope), and tool.lines.tsv.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/plugin/tool_kind.hpp"
#include "harness/process/lines_tsv.hpp"
#include "harness/trace/sample.hpp"
#include "harness/util/checked_write.hpp"

namespace wb {

struct ProcessRecord {
  std::string failure;  // set when the run failed before or while starting the tool
  bool started = false;
  std::string start_error;
  std::optional<int> exit_code, signal;
  bool timed_out = false, interrupted = false;
  double start_s = 0, end_s = 0;  // run-relative
  double t0_steady_s = 0;         // the run clock's origin on the steady clock
  double timeout_s = 0;
  std::optional<double> cpu_user_s, cpu_sys_s;  // the tool's CPU time (rusage); nullopt: unknown
  // Files the run could not write in full (a trace cut by a full disk): each names its file.
  std::vector<std::string> write_errors;
  std::vector<std::string> warnings;  // the runner's: lines cut, output left open by a helper
};

nlohmann::json to_json(const ProcessRecord& p);
ProcessRecord process_record_from_json(const nlohmann::json& j);
nlohmann::json to_json(const ToolInvocation& inv);
ToolInvocation invocation_from_json(const nlohmann::json& j);
nlohmann::json to_json(const ProbeInfo& info);
ProbeInfo probe_info_from_json(const nlohmann::json& j);

nlohmann::json read_json_file(const std::filesystem::path& p);

}  // namespace wb
