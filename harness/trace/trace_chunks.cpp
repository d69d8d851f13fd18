#include "harness/trace/trace_chunks.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "harness/trace/trace_csv.hpp"

namespace wb {

namespace {
constexpr std::size_t kReadyPerLane = 2;  // chunks parsed ahead per worker: the memory bound

// pread until `len` bytes or the end of the file; the bytes read.
std::size_t read_at(int fd, std::uint64_t offset, char* into, std::size_t len) {
  std::size_t got = 0;
  while (got < len) {
    const ssize_t n = ::pread(fd, into + got, len - got, static_cast<off_t>(offset + got));
    if (n > 0) {
      got += static_cast<std::size_t>(n);
    } else if (n == 0) {
      break;
    } else if (errno != EINTR) {
      throw std::runtime_error(std::string("read failed: ") + std::strerror(errno));
    }
  }
  return got;
}

// The offset just after the first newline at or after `from`, looking at most a line's length;
// nullopt when there is none.
std::optional<std::uint64_t> line_start_after(int fd, std::uint64_t from, std::uint64_t end) {
  std::string buf(64 << 10, '\0');
  for (std::uint64_t at = from; at < end && at - from <= kMaxTraceLineBytes + 1;) {
    const std::size_t n =
        read_at(fd, at, buf.data(), static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), end - at)));
    if (n == 0) break;
    if (const void* nl = std::memchr(buf.data(), '\n', n))
      return at + static_cast<std::uint64_t>(static_cast<const char*>(nl) - buf.data()) + 1;
    at += n;
  }
  return std::nullopt;
}
}  // namespace

TraceChunkReader::TraceChunkReader(int fd, std::uint64_t begin, std::uint64_t end, const TraceColumns& cols,
                                   unsigned workers)
    : m_fd(fd), m_begin(begin), m_end(end), m_cols(cols), m_lanes(std::max(1u, workers)) {
  for (std::size_t lane = 0; lane < m_lanes.size(); ++lane) m_workers.emplace_back([this, lane] { work(lane); });
}

TraceChunkReader::~TraceChunkReader() {
  for (auto& lane : m_lanes) {
    std::lock_guard lock(lane.mutex);
    m_stop = true;
    lane.changed.notify_all();
  }
  for (auto& w : m_workers) w.join();
}

std::optional<TraceChunk> TraceChunkReader::next() {
  Lane& lane = m_lanes[m_next % m_lanes.size()];
  std::unique_lock lock(lane.mutex);
  lane.changed.wait(lock, [&] { return !lane.ready.empty() || lane.done; });
  if (lane.ready.empty()) return std::nullopt;
  TraceChunk chunk = std::move(lane.ready.front());
  lane.ready.pop_front();
  lane.changed.notify_all();
  ++m_next;
  return chunk;
}

void TraceChunkReader::recycle(TraceChunk&& chunk) {
  Lane& lane = m_lanes[m_recycled++ % m_lanes.size()];
  std::lock_guard lock(lane.mutex);
  if (lane.spare.size() <= kReadyPerLane) lane.spare.push_back(std::move(chunk));
}

void TraceChunkReader::work(std::size_t lane_index) {
  Lane& lane = m_lanes[lane_index];
  std::string buf;  // the chunk's bytes, its capacity kept from chunk to chunk
  for (std::uint64_t index = lane_index; m_begin + index * kChunkBytes < m_end; index += m_lanes.size()) {
    TraceChunk chunk;
    {
      std::lock_guard lock(lane.mutex);
      if (!lane.spare.empty()) {
        chunk = std::move(lane.spare.back());
        lane.spare.pop_back();
      }
    }
    try {
      parse_chunk(index, buf, chunk);
    } catch (const std::exception&) {
      chunk.complete = false;  // the sequential reader meets the same trouble and names it
      chunk.end = chunk.start;
      chunk.t_s.clear();
    }
    std::unique_lock lock(lane.mutex);
    lane.changed.wait(lock, [&] { return lane.ready.size() < kReadyPerLane || m_stop; });
    if (m_stop) break;
    lane.ready.push_back(std::move(chunk));
    lane.changed.notify_all();
  }
  std::lock_guard lock(lane.mutex);
  lane.done = true;
  lane.changed.notify_all();
}

void TraceChunkReader::parse_chunk(std::uint64_t index, std::string& buf, TraceChunk& chunk) const {
  chunk.lines = 0;
  chunk.row_line.clear();
  chunk.t_s.clear();
  chunk.flags.clear();
  chunk.values.clear();
  chunk.errors.clear();
  chunk.complete = false;
  const std::uint64_t nominal = m_begin + index * kChunkBytes;
  const std::uint64_t nominal_end = std::min(m_end, nominal + kChunkBytes);
  // A chunk owns the lines that start in it; the first begins after the newline before it.
  auto start = index == 0 ? std::optional<std::uint64_t>(m_begin) : line_start_after(m_fd, nominal - 1, m_end);
  chunk.start = chunk.end = start.value_or(nominal);
  if (!start || *start >= nominal_end) {
    chunk.complete = start.has_value();  // no line starts here: nothing to parse
    return;
  }
  auto stop =
      nominal_end == m_end ? std::optional<std::uint64_t>(m_end) : line_start_after(m_fd, nominal_end - 1, m_end);
  if (!stop) return;  // a line too long to find its end: the sequential reader says so
  buf.resize(static_cast<std::size_t>(*stop - *start));
  buf.resize(read_at(m_fd, *start, buf.data(), buf.size()));
  const std::size_t nch = m_cols.channels.size();
  Sample s;
  s.values.assign(nch, kMissing);
  const char* p = buf.data();
  const char* const end = p + buf.size();
  while (p != end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    if (!nl) break;  // the file's last line without its newline (cut by a crash?)
    std::string_view line(p, static_cast<std::size_t>(nl - p));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) {
      try {
        if (!parse_plain_trace_line(line, m_cols, 0, s) || !is_present(s.t_s)) break;
      } catch (const std::exception&) {
        break;
      }
      const std::size_t row = chunk.t_s.size();
      chunk.row_line.push_back(static_cast<std::uint32_t>(chunk.lines));
      chunk.t_s.push_back(s.t_s);
      chunk.flags.push_back(s.flags);
      chunk.values.insert(chunk.values.end(), s.values.begin(), s.values.end());
      if (!s.error.empty()) chunk.errors.emplace_back(row, s.error);
    }
    ++chunk.lines;
    p = nl + 1;
  }
  chunk.end = *start + static_cast<std::uint64_t>(p - buf.data());
  chunk.complete = chunk.end == *stop;
}

}  // namespace wb
