#include "infer/run_log.hpp"

namespace wb::infer {

namespace {
constexpr std::int64_t kFlushNs = 50000000LL;
constexpr std::int64_t kProgressNs = 250000000LL;
}  // namespace

RunLog::RunLog(std::FILE* log, std::FILE* progress, std::int64_t t0)
    : m_log(log), m_progress(progress), m_last_flush(t0), m_last_progress(t0) {}

void RunLog::window_start(std::int64_t now) {
  std::fprintf(m_log, "W %lld\n", static_cast<long long>(now));
  if (m_progress) {
    std::fprintf(m_progress, "wattbench-infer measure start %lld\n", static_cast<long long>(now));
    std::fflush(m_progress);
  }
}

void RunLog::tick(std::int64_t now, bool measuring, std::uint64_t measured) {
  if (now - m_last_flush > kFlushNs) {
    std::fflush(m_log);
    m_last_flush = now;
  }
  if (m_progress && measuring && now - m_last_progress > kProgressNs) {
    std::fprintf(m_progress, "wattbench-infer progress %lld %llu\n", static_cast<long long>(now),
                 static_cast<unsigned long long>(measured));
    std::fflush(m_progress);
    m_last_progress = now;
  }
}

void RunLog::finish(bool measuring, std::uint64_t measured, std::int64_t window_end_ns) {
  if (measuring && measured > 0) std::fprintf(m_log, "E %lld\n", static_cast<long long>(window_end_ns));
  std::fflush(m_log);
  if (m_progress && measuring) {
    std::fprintf(m_progress, "wattbench-infer measure end %lld %llu\n", static_cast<long long>(window_end_ns),
                 static_cast<unsigned long long>(measured));
    std::fflush(m_progress);
  }
}

}  // namespace wb::infer
