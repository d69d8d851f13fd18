// The runner's timestamp log (infer/scenario.hpp writes it): one event a line, monotonic ns.
#include "adapters/infer/parse.hpp"

#include <charconv>
#include <limits>
#include <stdexcept>

namespace wb::infer_tool {

namespace {
bool number(const std::string& s, std::size_t& pos, std::int64_t& v) {
  while (pos < s.size() && s[pos] == ' ') ++pos;
  auto r = std::from_chars(s.data() + pos, s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr == s.data() + pos) return false;
  pos = static_cast<std::size_t>(r.ptr - s.data());
  return true;
}
}  // namespace

Timestamps read_timestamps(std::istream& in, const std::string& what, std::int64_t step_ns) {
  Timestamps t;
  std::string line;
  std::size_t n = 0;
  std::int64_t last_point = std::numeric_limits<std::int64_t>::min();
  auto bad = [&](const std::string& why) {
    throw std::runtime_error(what + ":" + std::to_string(n) + ": " + why +
                             " (expected 'S|R SEQ NS', 'W NS' or 'E NS'), found '" + line.substr(0, 80) + "'");
  };
  while (std::getline(in, line)) {
    ++n;
    if (line.size() > 200) bad("line too long");
    if (line.empty() || line[0] == '#') continue;
    // A cascade's per-stage events ("s<i> ...", "r<i> ..."): the end-to-end results are the R lines.
    if ((line[0] == 's' || line[0] == 'r') && line.size() > 1 && line[1] >= '0' && line[1] <= '9') continue;
    std::size_t pos = 1;
    std::int64_t a = 0, b = 0;
    switch (line[0]) {
      case 'S':
      case 'R':
        if (!number(line, pos, a) || !number(line, pos, b) || a < 0) bad("malformed event");
        if (line[0] == 'S') {
          ++t.sends;
        } else {
          if (static_cast<std::uint64_t>(a) != t.receives) bad("receive out of sequence");
          ++t.receives;
          if (t.window_start_ns && !t.window_end_ns && b > *t.window_start_ns) {
            if (t.last_receive_ns && b < *t.last_receive_ns) bad("time goes backwards");
            ++t.measured;
            t.last_receive_ns = b;
            if (b - last_point >= step_ns) {
              t.progress.emplace_back(b, t.measured);
              last_point = b;
            }
          }
        }
        break;
      case 'W':
        if (!number(line, pos, a) || t.window_start_ns) bad("malformed or second window start");
        t.window_start_ns = a;
        t.progress.emplace_back(a, 0);
        last_point = a;
        break;
      case 'E':
        if (!number(line, pos, a) || t.window_end_ns || !t.window_start_ns)
          bad("malformed window end, or one without a start");
        t.window_end_ns = a;
        break;
      default:
        bad("unknown event");
    }
  }
  if (t.last_receive_ns && (t.progress.empty() || t.progress.back().first != *t.last_receive_ns))
    t.progress.emplace_back(*t.last_receive_ns, t.measured);
  return t;
}

std::optional<double> clock_offset_s(const std::vector<StampedLine>& lines) {
  std::optional<double> best;
  for (const auto& l : lines) {
    static const std::string kProgress = "wattbench-infer progress ", kStart = "wattbench-infer measure start ",
                             kEnd = "wattbench-infer measure end ";
    std::size_t pos;
    if (l.text.rfind(kProgress, 0) == 0)
      pos = kProgress.size();
    else if (l.text.rfind(kStart, 0) == 0)
      pos = kStart.size();
    else if (l.text.rfind(kEnd, 0) == 0)
      pos = kEnd.size();
    else
      continue;
    std::int64_t ns = 0;
    if (!number(l.text, pos, ns) || ns <= 0) continue;
    double off = l.arrival_s - ns / 1e9;
    if (!best || off < *best) best = off;
  }
  return best;
}

}  // namespace wb::infer_tool
