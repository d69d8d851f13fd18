// One line of a power-<probe>.csv trace to a Sample: the fast path for the plain numeric cells
// TraceCsvWriter writes, and the general CSV path (quoted cells) for anything else. Shared by
// the sequential reader and the chunked one (harness/trace/trace_chunks.hpp).
#pragma once
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "harness/trace/sample.hpp"

namespace wb {

struct TraceColumns {
  std::filesystem::path path;         // for errors
  std::vector<std::string> channels;  // between t_s and flags
  std::vector<char> parse_column;     // per column (t_s, channels…, flags, error): convert it
  std::size_t count() const { return channels.size() + 3; }
};

// The header's columns; throws naming the file when it is not 't_s,<channels…>,flags,error'.
// `channels_wanted` (indices; all when null) are the channels converted, the others read as kMissing.
TraceColumns trace_columns(const std::filesystem::path& path, const std::string& header_line,
                           const std::vector<std::size_t>* channels_wanted);

// Plain cells only: fills `s` and returns true, or returns false for the general path (a quoted
// cell, too few columns). Throws naming file and line for a cell that is no number.
bool parse_plain_trace_line(std::string_view line, const TraceColumns& cols, std::size_t line_no, Sample& s);

// The general path: false when the line has another number of columns than the header; throws
// naming file and line for a cell that is no number.
bool parse_csv_trace_line(std::string_view line, const TraceColumns& cols, std::size_t line_no, Sample& s);

std::vector<std::string> split_csv_line(std::string_view line);

}  // namespace wb
