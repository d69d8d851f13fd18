// The one exit-code rule of run, campaign and report, table-tested.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "harness/report/exit_code.hpp"
#include "harness/report/summary.hpp"

using namespace wb;

namespace {
struct Case {
  const char* what;
  std::vector<RunStatus> statuses;
  bool refused_last = false;  // the last run failed because its tool refused the model
  bool refusal_is_result = false;
  bool interrupted = false, finished = true;
  std::size_t missing = 0;
  int expected;
};
}  // namespace

TEST_CASE("exit code: one rule for run, campaign and report") {
  using S = RunStatus;
  const std::vector<Case> cases{
      {"all ok", {S::ok, S::ok}, false, false, false, true, 0, kExitOk},
      {"a failed run", {S::ok, S::failed}, false, false, false, true, 0, kExitFailed},
      {"an invalid run", {S::invalid, S::ok}, false, false, false, true, 0, kExitFailed},
      {"a device lost outranks a failure", {S::failed, S::device_lost}, false, false, false, true, 0, kExitDeviceLost},
      {"a device lost in a campaign", {S::ok, S::device_lost}, false, true, false, true, 0, kExitDeviceLost},
      {"a refusal fails a run", {S::ok, S::failed}, true, false, false, true, 0, kExitFailed},
      {"a refusal is a campaign's result", {S::ok, S::failed}, true, true, false, true, 0, kExitOk},
      {"a campaign's failure that is no refusal", {S::ok, S::failed}, false, true, false, true, 0, kExitFailed},
      {"interrupted", {S::ok}, false, false, true, true, 0, kExitFailed},
      {"not finished", {S::ok}, false, false, false, false, 0, kExitFailed},
      {"a run folder missing", {S::ok, S::ok}, false, false, false, true, 1, kExitFailed},
      {"no runs, finished", {}, false, false, false, true, 0, kExitOk},
  };
  for (const auto& c : cases) {
    CAPTURE(std::string(c.what));
    Summary s;
    VariantRecord v;
    for (auto st : c.statuses) {
      RunRecord r;
      r.status = st;
      v.runs.push_back(r);
    }
    if (c.refused_last) v.runs.back().tool_refused = true;
    s.variants.push_back(v);
    s.interrupted = c.interrupted;
    s.finished = c.finished;
    s.missing_runs = c.missing;
    CHECK(exit_code_of(s, c.refusal_is_result) == c.expected);
  }
  CHECK(std::string(run_status_name(RunStatus::device_lost)) == "device-lost");  // summary.json's spelling
}
