// Exit codes from the summary.
#include "harness/report/exit_code.hpp"

#include "harness/report/summary.hpp"

namespace wb {

const char* run_status_name(RunStatus s) {
  switch (s) {
    case RunStatus::ok:
      return "ok";
    case RunStatus::failed:
      return "failed";
    case RunStatus::invalid:
      return "invalid";
    case RunStatus::device_lost:
      return "device-lost";
  }
  return "failed";
}

int exit_code_of(const Summary& s, bool refusal_is_result) {
  bool ok = !s.interrupted && s.finished && s.missing_runs == 0;
  for (const auto& v : s.variants)
    for (const auto& r : v.runs) {
      if (r.status == RunStatus::device_lost) return kExitDeviceLost;
      ok = ok && (r.status == RunStatus::ok || (refusal_is_result && r.tool_refused));
    }
  return ok ? kExitOk : kExitFailed;
}

}  // namespace wb
