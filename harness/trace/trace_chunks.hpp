// A long trace's plain lines parsed on worker threads, one chunk of the file each, handed back
// in file order with bounded memory (a few chunks in flight, flat in the trace's length). A
// chunk stops at the first line that is not plain (a quoted cell, a bad number, an empty t_s,
// a last line without its newline) and says where: the sequential reader takes over there and
// gives its exact errors and line numbers.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "harness/trace/trace_line.hpp"

namespace wb {

struct TraceChunk {
  std::uint64_t start = 0, end = 0;     // the bytes whose lines were parsed
  std::size_t lines = 0;                // lines in [start, end), empty ones included
  std::vector<std::uint32_t> row_line;  // each row's line, counted from the chunk's first
  std::vector<double> t_s;
  std::vector<std::uint32_t> flags;
  std::vector<double> values;                               // rows × channels
  std::vector<std::pair<std::size_t, std::string>> errors;  // row -> its error cell, where not empty
  bool complete = false;                                    // parsed up to its natural end
};

class TraceChunkReader {
 public:
  static constexpr std::uint64_t kChunkBytes = 1u << 20;

  // The lines in [begin, end) of the open file `fd` (read with pread: the fd's offset is not moved).
  TraceChunkReader(int fd, std::uint64_t begin, std::uint64_t end, const TraceColumns& cols, unsigned workers);
  ~TraceChunkReader();
  TraceChunkReader(const TraceChunkReader&) = delete;
  TraceChunkReader& operator=(const TraceChunkReader&) = delete;

  // The next chunk in file order; nullopt after the last.
  std::optional<TraceChunk> next();
  // A chunk done with, for its memory to be used again (no page faults per chunk).
  void recycle(TraceChunk&& chunk);

 private:
  struct Lane {  // one worker's chunks: k, k + workers, k + 2·workers, …
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<TraceChunk> ready;
    std::vector<TraceChunk> spare;  // handed back by recycle()
    bool done = false;
  };
  void work(std::size_t lane);
  void parse_chunk(std::uint64_t index, std::string& buf, TraceChunk& chunk) const;

  int m_fd;
  std::uint64_t m_begin, m_end;
  const TraceColumns& m_cols;
  std::vector<Lane> m_lanes;
  std::vector<std::thread> m_workers;
  std::uint64_t m_next = 0;      // the chunk next() hands back next
  std::uint64_t m_recycled = 0;  // which lane recycle() gives to next
  std::atomic<bool> m_stop{false};
};

}  // namespace wb
