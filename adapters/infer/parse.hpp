// Pure readers of what wattbench-infer writes: its timestamp log ("S|R seq ns", "W ns", "E ns")
// and its result JSON.
#pragma once
#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace wb::infer_tool {

struct Timestamps {
  std::optional<std::int64_t> window_start_ns, window_end_ns;  // W and E lines
  std::uint64_t sends = 0, receives = 0;
  std::uint64_t measured = 0;                   // receives after W up to E
  std::optional<std::int64_t> last_receive_ns;  // of the measured ones
  // Cumulative measured receives at monotonic ns, thinned to one point per `step_ns` (and the last).
  std::vector<std::pair<std::int64_t, std::uint64_t>> progress;
};

// Throws std::runtime_error naming `what` and the line when a line is malformed or out of order.
Timestamps read_timestamps(std::istream& in, const std::string& what, std::int64_t step_ns = 10'000'000);

// The offset (run-clock s minus monotonic s) from the runner's live progress lines: the smallest
// (arrival - stamp) over "wattbench-infer progress NS ..." / "measure start|end NS" lines.
struct StampedLine {
  double arrival_s;
  std::string text;
};
std::optional<double> clock_offset_s(const std::vector<StampedLine>& lines);

}  // namespace wb::infer_tool
