// Streaming CSV writer and reader for power-<probe>.csv traces.
#pragma once
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "harness/trace/sample.hpp"

namespace wb {

// Writes samples as they arrive; flushes to the OS at least every `flush_interval`
// so a crash loses at most that much. A failed write (a full disk) stops the trace at the last
// whole line and is kept in error() for the run to record; it never throws on the sampler thread.
class TraceCsvWriter {
 public:
  TraceCsvWriter(const std::filesystem::path& path, const ProbeInfo& info,
                 std::chrono::milliseconds flush_interval = std::chrono::milliseconds(1000));
  ~TraceCsvWriter();
  TraceCsvWriter(const TraceCsvWriter&) = delete;
  TraceCsvWriter& operator=(const TraceCsvWriter&) = delete;

  void write(const Sample& s);
  void flush();
  // Empty while every byte reached the OS, else why not ("disk full: <path>").
  const std::string& error() const { return m_error; }

 private:
  void check(bool ok);
  std::FILE* m_file = nullptr;
  std::filesystem::path m_path;
  std::chrono::steady_clock::time_point m_last_flush;
  std::chrono::milliseconds m_flush_interval;
  std::string m_error;
};

std::string trace_csv_header(const ProbeInfo& info);

struct TraceFile {
  std::vector<std::string> channel_names;
  std::vector<Sample> samples;
};

// Reads a trace written by TraceCsvWriter; errors name the file and line.
TraceFile read_trace_csv(const std::filesystem::path& path);
// Below this many bytes of samples one thread reads a trace faster than it can start others.
inline constexpr std::uint64_t kChunkedReadBytes = 8u << 20;

// Streams the trace one sample at a time, in file order (memory flat in trace length); returns
// the channel names. `channels_wanted` (channel indices; all when absent) limits the number
// conversion to those channels, the others read as kMissing: a pass that folds only power
// converts only power (and t_s and flags). From `chunked_from_bytes` of samples on, the plain
// lines are parsed on two threads (harness/trace/trace_chunks.hpp); the samples, their order and
// every error are the same either way.
std::vector<std::string> for_each_sample(const std::filesystem::path& path,
                                         const std::function<void(const Sample&)>& fn,
                                         const std::optional<std::vector<std::size_t>>& channels_wanted = std::nullopt,
                                         std::uint64_t chunked_from_bytes = kChunkedReadBytes);

// The longest trace line read (a sample line is well under a kilobyte).
inline constexpr std::size_t kMaxTraceLineBytes = 1u << 20;

}  // namespace wb
