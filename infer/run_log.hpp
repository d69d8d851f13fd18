// What a run loop writes as it goes, the same for every scenario and for pipelines: the
// timestamp log (flushed every 50 ms, so the harness follows it live) and, when asked for, the
// progress stream the harness reads the running count from (docs/infer.md).
#pragma once
#include <cstdint>
#include <cstdio>

namespace wb::infer {

class RunLog {
 public:
  // progress may be null (no progress stream); t0: the run's start, CLOCK_MONOTONIC ns.
  RunLog(std::FILE* log, std::FILE* progress, std::int64_t t0);
  // The measured window opens at `now`: "W" in the log and "measure start". Keeps no state, so
  // a receiving thread may call it while the sending thread ticks (stdio locks each line).
  void window_start(std::int64_t now);
  // On each turn of the loop: the log flushed every 50 ms and, while measuring, the count of
  // measured inferences every 250 ms.
  void tick(std::int64_t now, bool measuring, std::uint64_t measured);
  // After the loop: "E" at the window's end where anything was measured, and "measure end".
  void finish(bool measuring, std::uint64_t measured, std::int64_t window_end_ns);

 private:
  std::FILE* m_log;
  std::FILE* m_progress;
  std::int64_t m_last_flush, m_last_progress;
};

}  // namespace wb::infer
