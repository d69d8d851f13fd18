// Binary search over a CSV trace by byte offset.
#include "harness/trace/trace_seek.hpp"

#include <unistd.h>
#include <fstream>
#include <string>

#include "harness/trace/trace_csv.hpp"
#include "harness/util/read_text.hpp"

namespace wb {

namespace {
// The first full line starting at or after byte `pos`; its t_s (first field), or NaN.
double time_at(std::ifstream& in, std::streamoff pos, std::streamoff& line_start) {
  in.clear();
  in.seekg(pos);
  std::string line;
  if (pos > 0) std::getline(in, line);  // skip the partial line
  line_start = in.tellg();
  if (!std::getline(in, line) || line.empty()) return kMissing;
  try {
    return std::stod(line.substr(0, line.find(',')));
  } catch (...) {
    return kMissing;
  }
}
}  // namespace

std::vector<Sample> samples_around(const std::filesystem::path& trace, double t, int count) {
  std::ifstream in = RegularFile(trace).stream();
  std::string header;
  std::getline(in, header);
  std::streamoff lo = static_cast<std::streamoff>(header.size() + 1),
                 hi = static_cast<std::streamoff>(std::filesystem::file_size(trace));
  // Find a byte offset whose next line is a little before t.
  while (hi - lo > 4096) {
    std::streamoff mid = lo + (hi - lo) / 2, start = 0;
    double tm = time_at(in, mid, start);
    if (is_present(tm) && tm < t)
      lo = mid;
    else
      hi = mid;
  }
  std::streamoff start = lo;
  if (lo > static_cast<std::streamoff>(header.size() + 1)) time_at(in, lo - 4096 * count, start);
  // Parse from there with the regular reader on a small slice of the file.
  auto slice = std::filesystem::temp_directory_path() / ("wattbench-slice-" + std::to_string(::getpid()) + ".csv");
  {
    std::ofstream out(slice, std::ios::binary);
    out << header << '\n';
    in.clear();
    in.seekg(std::max<std::streamoff>(start, static_cast<std::streamoff>(header.size() + 1)));
    std::string line;
    if (start > static_cast<std::streamoff>(header.size() + 1)) std::getline(in, line);
    std::size_t lines = 0;
    while (lines < 4096u * static_cast<unsigned>(count) && std::getline(in, line)) out << line << '\n', ++lines;
  }
  std::vector<Sample> before, after;
  for_each_sample(slice, [&](const Sample& s) {
    if (s.t_s < t) {
      before.push_back(s);
      if (before.size() > static_cast<std::size_t>(count)) before.erase(before.begin());
    } else if (after.size() < static_cast<std::size_t>(count)) {
      after.push_back(s);
    }
  });
  std::filesystem::remove(slice);
  before.insert(before.end(), after.begin(), after.end());
  return before;
}

std::optional<double> window_energy_by_seek(const std::filesystem::path& trace, const ProbeInfo& info,
                                            const Window& w) {
  if (info.energy_channel < 0) return std::nullopt;
  auto e0 = interpolate_at(samples_around(trace, w.start_s), info.energy_channel, w.start_s);
  auto e1 = interpolate_at(samples_around(trace, w.end_s), info.energy_channel, w.end_s);
  if (!e0 || !e1) return std::nullopt;
  return *e1 - *e0;
}

}  // namespace wb
