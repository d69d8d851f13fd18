#include "harness/trace/trace_line.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstring>
#include <stdexcept>

#include "harness/util/decimal_parse.hpp"

namespace wb {

std::vector<std::string> split_csv_line(std::string_view line) {
  std::vector<std::string> cells;
  std::string cur;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cur += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur += c;
      }
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

namespace {
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

const std::string& column_name(const TraceColumns& cols, std::size_t col) {
  static const std::string t_s = "t_s", flags = "flags";
  return col == 0 ? t_s : col + 2 == cols.count() ? flags : cols.channels[col - 1];
}
}  // namespace

TraceColumns trace_columns(const std::filesystem::path& path, const std::string& header_line,
                           const std::vector<std::size_t>* channels_wanted) {
  auto header = split_csv_line(header_line);
  if (header.size() < 3 || header.front() != "t_s" || header[header.size() - 2] != "flags" || header.back() != "error")
    throw std::runtime_error(
        fmt::format("{}:1: expected header 't_s,<channels…>,flags,error', found '{}'", path.string(), header_line));
  TraceColumns cols;
  cols.path = path;
  cols.channels.assign(header.begin() + 1, header.end() - 2);
  // Which columns to convert: t_s, flags and error always, the channels asked for (all by default).
  const std::size_t ncols = header.size();
  cols.parse_column.assign(ncols, channels_wanted ? 0 : 1);
  cols.parse_column.front() = 1;
  cols.parse_column[ncols - 2] = 1;
  cols.parse_column[ncols - 1] = 1;
  if (channels_wanted)
    for (std::size_t c : *channels_wanted)
      if (c < cols.channels.size()) cols.parse_column[c + 1] = 1;
  return cols;
}

bool parse_plain_trace_line(std::string_view line, const TraceColumns& cols, std::size_t line_no, Sample& s) {
  const std::size_t ncols = cols.count();
  const char* p = line.data();
  const char* end = p + line.size();
  for (std::size_t col = 0; col < ncols; ++col) {
    if (p != end && *p == '"') return false;
    const char* comma = end;
    if (col + 1 < ncols) {
      comma = static_cast<const char*>(std::memchr(p, ',', static_cast<std::size_t>(end - p)));
      if (!comma) return false;
    }
    if (col + 1 == ncols) {
      if (std::memchr(p, '"', static_cast<std::size_t>(end - p))) return false;
      s.error.assign(p, end);
    } else if (cols.parse_column[col]) {
      double v = kMissing;
      if (comma > p && !parse_plain_decimal(p, comma, v)) {
        auto [q, ec] = std::from_chars(p, comma, v);
        if (ec != std::errc() || q != comma)
          parse_cell(std::string(p, comma), cols.path, line_no, column_name(cols, col));
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
  }
  return true;
}

bool parse_csv_trace_line(std::string_view line, const TraceColumns& cols, std::size_t line_no, Sample& s) {
  auto cells = split_csv_line(line);
  if (cells.size() != cols.count()) return false;
  s.t_s = parse_cell(cells[0], cols.path, line_no, "t_s");
  for (std::size_t i = 0; i < cols.channels.size(); ++i)
    s.values[i] = cols.parse_column[i + 1] ? parse_cell(cells[i + 1], cols.path, line_no, cols.channels[i]) : kMissing;
  double flags = parse_cell(cells[cells.size() - 2], cols.path, line_no, "flags");
  s.flags = is_present(flags) ? static_cast<std::uint32_t>(flags) : 0;
  s.error = cells.back();
  return true;
}

}  // namespace wb
