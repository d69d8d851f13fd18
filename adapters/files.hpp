// File helpers for adapters: whole-file reads with a clear error, newest file by prefix.
#pragma once
#include <filesystem>
#include <optional>
#include <string>

namespace wb {

// A path from a config: relative ones name files beside the config (the tool runs elsewhere),
// made absolute and normalised for the tool's argv.
std::string config_path(const std::filesystem::path& p, const std::filesystem::path& config_dir);
// Throws ParseError naming the file when it cannot be read.
std::string read_whole_file(const std::filesystem::path& p);
// A tool's raw log as the parsers see it: every run of bytes between "\n"/"\r" cut at
// kMaxLineBytes, as the live lines were, so a tool printing gigabytes without a newline
// costs no more memory than its cut lines; of a log longer than kMaxToolLogBytes only the first
// and the last half of that are read (whole lines), so a flood costs a fixed amount. Throws
// ParseError like read_whole_file. Where the middle was skipped, kToolLogGapLine stands in for
// it, so a parser that counts lines (one per iteration) knows its count is not whole.
inline constexpr std::size_t kMaxToolLogBytes = 8u << 20;
inline constexpr const char* kToolLogGapLine = "[wattbench: the middle of this log was not read (8 MiB cap)]";
std::string read_tool_log(const std::filesystem::path& p);
// The same for a log the tool may have left no file of (its stderr): "" then.
std::string read_tool_log_if_any(const std::filesystem::path& p);
// The file in `dir` whose name starts with `prefix` and ends with `ext`, latest by name
// (tools stamp names with the time); nullopt when none.
std::optional<std::filesystem::path> newest_file(const std::filesystem::path& dir, const std::string& prefix,
                                                 const std::string& ext);

}  // namespace wb
