// The chunked trace reader (two threads for a long trace) gives exactly what the one-thread
// reader gives: the same samples bit for bit, in the same order, and the same error with the
// same line number, whatever the file holds where (quoted cells, empty and CRLF lines, a bad
// number, a time reversal or an endless line several chunks in, a last line cut short).
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "harness/trace/trace_chunks.hpp"
#include "harness/trace/trace_csv.hpp"

using namespace wb;
namespace fs = std::filesystem;

namespace {
struct Read {
  std::vector<Sample> samples;
  std::string error;
};

Read read_with(const fs::path& p, std::uint64_t chunked_from, const std::optional<std::vector<std::size_t>>& wanted) {
  Read r;
  try {
    for_each_sample(
        p, [&](const Sample& s) { r.samples.push_back(s); }, wanted, chunked_from);
  } catch (const std::exception& e) {
    r.error = e.what();
  }
  return r;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void check_same(const Read& one_thread, const Read& chunked) {
  CHECK(chunked.error == one_thread.error);
  REQUIRE(chunked.samples.size() == one_thread.samples.size());
  std::size_t differing = 0;
  for (std::size_t i = 0; i < one_thread.samples.size(); ++i) {
    const Sample& a = one_thread.samples[i];
    const Sample& b = chunked.samples[i];
    bool same =
        same_bits(a.t_s, b.t_s) && a.flags == b.flags && a.error == b.error && a.values.size() == b.values.size();
    for (std::size_t c = 0; same && c < a.values.size(); ++c) same = same_bits(a.values[c], b.values[c]);
    differing += same ? 0 : 1;
  }
  CHECK(differing == 0);
}

// About 12 MB: a dozen chunks. `line_text(k)` may replace line k's text.
fs::path write_trace(const std::string& name, const std::function<std::string(long, const std::string&)>& edit,
                     const std::string& tail = "") {
  auto p = fs::temp_directory_path() / name;
  std::ofstream out(p, std::ios::binary);
  out << "t_s,vbus_v,current_a,power_w,energy_j,flags,error\n";
  double e = 0;
  for (long k = 0; k < 200000; ++k) {
    double t = k / 1000.0, pw = 4.7 + 0.1 * ((k * 7919) % 101) / 101.0;
    e += pw / 1000;
    out << edit(k, fmt::format("{:.6f},3.29,{:.9g},{:.9g},{:.9g},0,", t, pw / 3.29, pw, e)) << "\n";
  }
  out << tail;
  return p;
}
}  // namespace

TEST_CASE("chunked trace reading: the same samples and errors as one thread") {
  const auto never = std::numeric_limits<std::uint64_t>::max();
  const long mid = 120000;  // several chunks in
  struct {
    const char* name;
    std::function<std::string(long, const std::string&)> edit;
    std::string tail;
    const char* error;  // expected in both ("" none)
  } cases[] = {
      {"plain", [](long, const std::string& l) { return l; }, "", ""},
      {"quoted errors, empty and CRLF lines all through",
       [](long k, const std::string& l) {
         if (k % 9973 == 0) return fmt::format("{:.6f},,,,,9,\"reopened, \"\"USB\"\" reset\"", k / 1000.0);
         if (k % 7001 == 0) return std::string();
         if (k % 5003 == 0) return l + "\r";
         return l;
       },
       "", ""},
      {"a last line cut short", [](long, const std::string& l) { return l; }, "200.000000,3.29,1.4", ""},
      {"a bad number several chunks in",
       [mid](long k, const std::string& l) {
         return k == mid ? fmt::format("{:.6f},3.29,1,x4.7,1,0,", k / 1000.0) : l;
       },
       "", "column 'power_w': expected a number"},
      {"time running backwards several chunks in",
       [mid](long k, const std::string& l) { return k == mid ? fmt::format("{:.6f},3.29,1,4.7,1,0,", 1.0) : l; }, "",
       "is earlier than the sample before it"},
      {"an empty t_s", [mid](long k, const std::string& l) { return k == mid ? std::string(",3.29,1,4.7,1,0,") : l; },
       "", "t_s is empty"},
      {"an endless line", [mid](long k, const std::string& l) { return k == mid ? l + std::string(3u << 20, '7') : l; },
       "", "a line longer than"},
  };
  for (const auto& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    auto p = write_trace("wattbench-chunks.csv", c.edit, c.tail);
    REQUIRE(fs::file_size(p) > 6 * TraceChunkReader::kChunkBytes);
    for (const auto& wanted :
         {std::optional<std::vector<std::size_t>>{}, std::optional<std::vector<std::size_t>>{{2}}}) {
      const Read one_thread = read_with(p, never, wanted);
      const Read chunked = read_with(p, 0, wanted);
      if (*c.error) {
        CHECK(one_thread.error.find(c.error) != std::string::npos);
        const bool names_line = one_thread.error.find(fmt::format(":{}:", mid + 2)) != std::string::npos;
        CHECK((names_line || std::string(c.name) == "an endless line"));
      } else {
        CHECK(one_thread.error.empty());
        CHECK(one_thread.samples.size() > 190000);
      }
      check_same(one_thread, chunked);
    }
    fs::remove(p);
  }
}
