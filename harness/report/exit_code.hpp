// The one rule from a results folder's runs to the process's exit code, for `run`, `campaign`
// and `report` alike.
#pragma once

namespace wb {

struct Summary;

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;      // a run failed or was invalid, or the runs are not all there
inline constexpr int kExitDeviceLost = 3;  // a device was lost: its remaining runs were skipped

// 3 when a device was lost; else 0 when every planned run is there, finished and ok (where
// `refusal_is_result`, as in a campaign, a model its tool refused counts as a result); else 1.
int exit_code_of(const Summary& s, bool refusal_is_result);

}  // namespace wb
