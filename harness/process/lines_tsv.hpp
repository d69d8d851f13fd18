// tool.lines.tsv, the tool's output lines on the run clock as the process runner wrote them:
// read by the analysis and by tool plug-ins that find their window in it (so a plug-in needs
// nothing from harness/run/).
#pragma once
#include <cstddef>
#include <filesystem>
#include <vector>

#include "harness/process/timed_line.hpp"

namespace wb {

// "t_s<TAB>stream<TAB>text" lines as written by the process runner. Memory is capped: per
// stream the first and the last kKeptLinesBytes / 2 (text and bookkeeping) are kept, in order;
// `dropped` (when given) counts the lines between them that were skipped.
inline constexpr std::size_t kKeptLinesBytes = 32u << 20;
std::vector<TimedLine> read_lines_tsv(const std::filesystem::path& p, std::size_t* dropped = nullptr);

}  // namespace wb
