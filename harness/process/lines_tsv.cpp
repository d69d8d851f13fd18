// Reading tool.lines.tsv back, memory capped.
#include "harness/process/lines_tsv.hpp"

#include <algorithm>
#include <deque>
#include <fstream>
#include <utility>

#include "harness/util/read_text.hpp"

namespace wb {

std::vector<TimedLine> read_lines_tsv(const std::filesystem::path& p, std::size_t* dropped) {
  if (dropped) *dropped = 0;
  if (!std::filesystem::exists(p)) return {};  // the tool never started
  std::ifstream in = RegularFile(p).stream();
  // Per stream (a stderr flood must not push out stdout's markers): a head, then a rolling tail.
  struct Kept {
    std::vector<std::pair<std::size_t, TimedLine>> head;
    std::deque<std::pair<std::size_t, TimedLine>> tail;
    std::size_t head_bytes = 0, tail_bytes = 0;
  } kept[2];
  const std::size_t half = kKeptLinesBytes / 4;  // head and tail of each of the two streams
  std::size_t index = 0, skipped = 0;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    auto t1 = line.find('\t');
    auto t2 = t1 == std::string::npos ? std::string::npos : line.find('\t', t1 + 1);
    if (t2 == std::string::npos) continue;  // a line cut by a crash
    TimedLine tl;
    try {
      tl = {std::stod(line.substr(0, t1)), std::stoi(line.substr(t1 + 1, t2 - t1 - 1)), line.substr(t2 + 1)};
    } catch (...) {
      continue;
    }
    if (tl.text.size() > kMaxLineBytes) tl.text.resize(kMaxLineBytes);
    Kept& k = kept[tl.stream == 2 ? 1 : 0];
    std::size_t cost = tl.text.capacity() + sizeof(TimedLine) + sizeof(std::size_t);
    if (k.head_bytes + cost <= half) {
      k.head_bytes += cost;
      k.head.emplace_back(index++, std::move(tl));
      continue;
    }
    k.tail_bytes += cost;
    k.tail.emplace_back(index++, std::move(tl));
    while (k.tail_bytes > half && !k.tail.empty()) {
      k.tail_bytes -= k.tail.front().second.text.capacity() + sizeof(TimedLine) + sizeof(std::size_t);
      k.tail.pop_front();
      ++skipped;
    }
  }
  std::vector<std::pair<std::size_t, TimedLine>> all;
  for (auto& k : kept) {
    for (auto& x : k.head) all.push_back(std::move(x));
    for (auto& x : k.tail) all.push_back(std::move(x));
  }
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<TimedLine> lines;
  lines.reserve(all.size());
  for (auto& x : all) lines.push_back(std::move(x.second));
  if (dropped) *dropped = skipped;
  return lines;
}

}  // namespace wb
