// Streaming CSV trace writer and reader.
#include "harness/trace/trace_csv.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <limits>
#include <stdexcept>

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

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells;
  std::string cur;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cur += '"';
        ++i;
      } else if (c == '"')
        quoted = false;
      else
        cur += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  cells.push_back(std::move(cur));
  return cells;
}

double parse_cell(const std::string& cell, const std::filesystem::path& path, std::size_t line_no,
                  const std::string& column) {
  if (cell.empty()) return kMissing;
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(cell, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != cell.size())
    throw std::runtime_error(fmt::format("{}:{}: column '{}': expected a number or an empty cell, found '{}'",
                                         path.string(), line_no, column, cell));
  return v;
}

}  // namespace

std::vector<std::string> for_each_sample(const std::filesystem::path& path,
                                         const std::function<void(const Sample&)>& fn,
                                         const std::optional<std::vector<std::size_t>>& channels_wanted) {
  RegularFile file(path);  // a FIFO or device in its place is refused, not waited on
  LineReader reader(file.fd(), kMaxTraceLineBytes);
  std::string_view view;
  auto next_line = [&]() {
    try {
      return reader.next(view);
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(fmt::format("{}: {}", path.string(), e.what()));
    }
  };
  if (!next_line()) throw std::runtime_error(fmt::format("{}:1: empty trace, expected a header", path.string()));
  const std::string header_line(view);
  auto header = split_csv_line(header_line);
  if (header.size() < 3 || header.front() != "t_s" || header[header.size() - 2] != "flags" || header.back() != "error")
    throw std::runtime_error(
        fmt::format("{}:1: expected header 't_s,<channels…>,flags,error', found '{}'", path.string(), header_line));
  std::vector<std::string> channels(header.begin() + 1, header.end() - 2);
  // Which columns to convert: t_s, flags and error always, the channels asked for (all by default).
  const std::size_t ncols = header.size();
  std::vector<char> parse_column(ncols, channels_wanted ? 0 : 1);
  parse_column.front() = 1;
  parse_column[ncols - 2] = 1;
  parse_column[ncols - 1] = 1;
  if (channels_wanted)
    for (std::size_t c : *channels_wanted)
      if (c < channels.size()) parse_column[c + 1] = 1;
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
  s.values.assign(channels.size(), kMissing);
  while (next_line()) {
    ++line_no;
    if (view.empty()) continue;
    // Fast path: plain numeric cells (what the writer produces); a quoted cell anywhere takes
    // the slow path.
    {
      const char* p = view.data();
      const char* end = p + view.size();
      std::size_t col = 0;
      bool ok = true;
      while (col < ncols) {
        if (p != end && *p == '"') {
          ok = false;
          break;
        }
        const char* comma = end;
        if (col + 1 < ncols) {
          comma = static_cast<const char*>(std::memchr(p, ',', static_cast<std::size_t>(end - p)));
          if (!comma) {
            ok = false;
            break;
          }
        }
        if (col + 1 == ncols) {
          if (std::memchr(p, '"', static_cast<std::size_t>(end - p))) {
            ok = false;
            break;
          }
          s.error.assign(p, end);
        } else if (parse_column[col]) {
          double v = kMissing;
          if (comma > p && !parse_plain_decimal(p, comma, v)) {
            auto [q, ec] = std::from_chars(p, comma, v);
            if (ec != std::errc() || q != comma) {
              std::string cell(p, comma);
              parse_cell(cell, path, line_no,
                         col == 0           ? "t_s"
                         : col + 2 == ncols ? "flags"
                                            : channels[col - 1]);  // throws
            }
          }
          if (col == 0) {
            s.t_s = v;
          } else if (col + 2 == ncols) {
            s.flags = is_present(v) ? static_cast<std::uint32_t>(v) : 0;
          } else {
            s.values[col - 1] = v;
          }
        }
        p = comma + 1;
        ++col;
      }
      if (ok) {
        if (!is_present(s.t_s)) throw std::runtime_error(fmt::format("{}:{}: t_s is empty", path.string(), line_no));
        in_order(s);
        fn(s);
        continue;
      }
    }
    const std::string line(view);
    auto cells = split_csv_line(line);
    if (cells.size() != header.size()) {
      // A last line cut by a crash is not an error: everything before it stands.
      if (!reader.terminated()) break;
      throw std::runtime_error(fmt::format("{}:{}: expected {} columns, found {} (truncated write?)", path.string(),
                                           line_no, header.size(), cells.size()));
    }
    s.t_s = parse_cell(cells[0], path, line_no, "t_s");
    if (!is_present(s.t_s)) throw std::runtime_error(fmt::format("{}:{}: t_s is empty", path.string(), line_no));
    for (std::size_t i = 0; i < channels.size(); ++i)
      s.values[i] = parse_column[i + 1] ? parse_cell(cells[i + 1], path, line_no, channels[i]) : kMissing;
    double flags = parse_cell(cells[cells.size() - 2], path, line_no, "flags");
    s.flags = is_present(flags) ? static_cast<std::uint32_t>(flags) : 0;
    s.error = cells.back();
    in_order(s);
    fn(s);
  }
  return channels;
}

TraceFile read_trace_csv(const std::filesystem::path& path) {
  TraceFile tf;
  tf.channel_names = for_each_sample(path, [&](const Sample& s) { tf.samples.push_back(s); });
  return tf;
}

}  // namespace wb
