// Streaming CSV trace writer and reader.
#include "harness/trace/trace_csv.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <thread>

#include "harness/trace/trace_chunks.hpp"
#include "harness/trace/trace_line.hpp"
#include "harness/util/checked_write.hpp"
#include "harness/util/decimal_parse.hpp"
#include "harness/util/line_reader.hpp"
#include "harness/util/read_text.hpp"

namespace wb {

const char* quantity_name(Quantity q) {
  switch (q) {
    case Quantity::power:
      return "power";
    case Quantity::energy:
      return "energy";
    case Quantity::voltage:
      return "voltage";
    case Quantity::current:
      return "current";
    case Quantity::charge:
      return "charge";
    case Quantity::temperature:
      return "temperature";
    case Quantity::other:
      break;
  }
  return "other";
}

std::string trace_csv_header(const ProbeInfo& info) {
  std::string h = "t_s";
  for (const auto& c : info.channels) h += "," + c.name;
  h += ",flags,error";
  return h;
}

TraceCsvWriter::TraceCsvWriter(const std::filesystem::path& path, const ProbeInfo& info,
                               std::chrono::milliseconds flush_interval)
    : m_path(path), m_last_flush(std::chrono::steady_clock::now()), m_flush_interval(flush_interval) {
  m_file = std::fopen(path.c_str(), "w");
  if (!m_file)
    throw std::runtime_error(fmt::format("{}: cannot create trace: {}", path.string(), std::strerror(errno)));
  std::string header = trace_csv_header(info) + "\n";
  check(std::fwrite(header.data(), 1, header.size(), m_file) == header.size() && std::fflush(m_file) == 0);
}

TraceCsvWriter::~TraceCsvWriter() {
  if (m_file) std::fclose(m_file);
}

void TraceCsvWriter::check(bool ok) {
  if (ok || !m_error.empty()) return;
  m_error = io_error_text(errno ? errno : EIO, m_path);
}

static std::string csv_quote(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    if (c == '\n' || c == '\r') c = ' ';
    out += c;
  }
  return out + "\"";
}

void TraceCsvWriter::write(const Sample& s) {
  // After a failed write the file may end in part of a line: adding more would corrupt it.
  if (!m_error.empty()) return;
  fmt::memory_buffer buf;
  fmt::format_to(std::back_inserter(buf), "{:.6f}", s.t_s);
  for (double v : s.values) {
    if (is_present(v))
      fmt::format_to(std::back_inserter(buf), ",{:.9g}", v);
    else
      buf.push_back(',');
  }
  fmt::format_to(std::back_inserter(buf), ",{},{}\n", s.flags, csv_quote(s.error));
  errno = 0;
  check(std::fwrite(buf.data(), 1, buf.size(), m_file) == buf.size());
  auto now = std::chrono::steady_clock::now();
  if (m_error.empty() && now - m_last_flush >= m_flush_interval) {
    check(std::fflush(m_file) == 0);
    m_last_flush = now;
  }
}

void TraceCsvWriter::flush() {
  if (!m_error.empty()) return;
  errno = 0;
  check(std::fflush(m_file) == 0);
  if (m_error.empty() && ::fsync(::fileno(m_file)) != 0 && errno != EINVAL)
    check(false);  // EINVAL: a device, nothing to sync
  m_last_flush = std::chrono::steady_clock::now();
}

namespace {
// Where the header line ends (the first sample line starts); nullopt when it has no newline.
std::optional<std::uint64_t> header_end_offset(int fd, std::size_t size) {
  std::string head(std::min<std::size_t>(size, kMaxTraceLineBytes + 2), '\0');
  const ssize_t n = ::pread(fd, head.data(), head.size(), 0);
  if (n <= 0) return std::nullopt;
  const void* nl = std::memchr(head.data(), '\n', static_cast<std::size_t>(n));
  if (!nl) return std::nullopt;
  return static_cast<std::uint64_t>(static_cast<const char*>(nl) - head.data()) + 1;
}
}  // namespace

std::vector<std::string> for_each_sample(const std::filesystem::path& path,
                                         const std::function<void(const Sample&)>& fn,
                                         const std::optional<std::vector<std::size_t>>& channels_wanted,
                                         std::uint64_t chunked_from_bytes) {
  RegularFile file(path);  // a FIFO or device in its place is refused, not waited on
  std::optional<LineReader> reader(std::in_place, file.fd(), kMaxTraceLineBytes);
  std::string_view view;
  auto next_line = [&]() {
    try {
      return reader->next(view);
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(fmt::format("{}: {}", path.string(), e.what()));
    }
  };
  if (!next_line()) throw std::runtime_error(fmt::format("{}:1: empty trace, expected a header", path.string()));
  const TraceColumns cols = trace_columns(path, std::string(view), channels_wanted ? &*channels_wanted : nullptr);
  std::size_t line_no = 1;
  // A shuffled or time-reversed trace would give nonsense gaps and energies: refuse it here.
  double prev_t = -std::numeric_limits<double>::infinity();
  std::size_t prev_line = 0;
  auto in_order = [&](const Sample& smp) {
    if (smp.t_s < prev_t)
      throw std::runtime_error(fmt::format(
          "{}:{}: t_s {} is earlier than the sample before it ({} at line {}); expected samples in time order",
          path.string(), line_no, smp.t_s, prev_t, prev_line));
    prev_t = smp.t_s;
    prev_line = line_no;
  };
  Sample s;
  s.values.assign(cols.channels.size(), kMissing);
  // A long trace: its plain lines parsed on both cores, handed over in order; the first line
  // that is not plain, and all after it, are read below one by one.
  const auto header_end = header_end_offset(file.fd(), file.size());
  if (header_end && file.size() - *header_end >= chunked_from_bytes && std::thread::hardware_concurrency() > 1) {
    std::uint64_t next_offset = *header_end;
    {
      TraceChunkReader chunks(file.fd(), *header_end, file.size(), cols, 2);
      const std::size_t nch = cols.channels.size();
      while (auto chunk = chunks.next()) {
        if (chunk->start != next_offset) break;
        const std::size_t lines_before = line_no;
        std::size_t error_at = 0;
        for (std::size_t row = 0; row < chunk->t_s.size(); ++row) {
          line_no = lines_before + chunk->row_line[row] + 1;
          s.t_s = chunk->t_s[row];
          s.flags = chunk->flags[row];
          std::copy_n(chunk->values.begin() + static_cast<std::ptrdiff_t>(row * nch), nch, s.values.begin());
          if (error_at < chunk->errors.size() && chunk->errors[error_at].first == row)
            s.error = std::move(chunk->errors[error_at++].second);
          else
            s.error.clear();
          in_order(s);
          fn(s);
        }
        line_no = lines_before + chunk->lines;
        next_offset = chunk->end;
        if (!chunk->complete) break;
        chunks.recycle(std::move(*chunk));
      }
    }
    if (::lseek(file.fd(), static_cast<off_t>(next_offset), SEEK_SET) < 0)
      throw std::runtime_error(fmt::format("{}: seek failed: {}", path.string(), std::strerror(errno)));
    reader.emplace(file.fd(), kMaxTraceLineBytes);
  }
  while (next_line()) {
    ++line_no;
    if (view.empty()) continue;
    // Fast path: plain numeric cells (what the writer produces); a quoted cell anywhere takes
    // the slow path.
    if (!parse_plain_trace_line(view, cols, line_no, s) && !parse_csv_trace_line(view, cols, line_no, s)) {
      // A last line cut by a crash is not an error: everything before it stands.
      if (!reader->terminated()) break;
      throw std::runtime_error(fmt::format("{}:{}: expected {} columns, found {} (truncated write?)", path.string(),
                                           line_no, cols.count(), split_csv_line(view).size()));
    }
    if (!is_present(s.t_s)) throw std::runtime_error(fmt::format("{}:{}: t_s is empty", path.string(), line_no));
    in_order(s);
    fn(s);
  }
  return cols.channels;
}

TraceFile read_trace_csv(const std::filesystem::path& path) {
  TraceFile tf;
  tf.channel_names = for_each_sample(path, [&](const Sample& s) { tf.samples.push_back(s); });
  return tf;
}

}  // namespace wb
