// LineReader: block reads cut lines anywhere; each line comes back whole, bounded.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "harness/util/line_reader.hpp"

using namespace wb;
namespace fs = std::filesystem;

namespace {
struct Read {
  std::vector<std::string> lines;
  bool last_terminated = true;
};

Read read_all(const std::string& text, std::size_t max_line, std::size_t block) {
  const auto p = fs::temp_directory_path() / "wattbench-line-reader.txt";
  std::ofstream(p, std::ios::binary) << text;
  const int fd = ::open(p.c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  Read r;
  try {
    LineReader reader(fd, max_line, block);
    std::string_view line;
    while (reader.next(line)) {
      r.lines.emplace_back(line);
      r.last_terminated = reader.terminated();
    }
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  return r;
}
}  // namespace

TEST_CASE("lines across block edges come back whole, CRLF and all") {
  std::string text;
  std::vector<std::string> expected;
  for (int i = 0; i < 200; ++i) {
    expected.push_back(std::string(static_cast<std::size_t>(i % 37), 'a' + static_cast<char>(i % 26)) +
                       std::to_string(i));
    text += expected.back() + (i % 3 == 0 ? "\r\n" : "\n");
  }
  for (std::size_t block : {1u, 7u, 64u, 4096u}) {
    auto r = read_all(text, 128, block);
    CHECK(r.lines == expected);
    CHECK(r.last_terminated);
  }
}

TEST_CASE("a last line without its newline is returned and marked") {
  auto r = read_all("a,b\nc,", 16, 3);
  REQUIRE(r.lines.size() == 2);
  CHECK(r.lines[1] == "c,");
  CHECK_FALSE(r.last_terminated);
  CHECK(read_all("", 16, 4).lines.empty());
}

TEST_CASE("a line over the cap is an error, even without a newline") {
  CHECK_THROWS_WITH(read_all("short\n" + std::string(100, 'x') + "\n", 50, 8),
                    doctest::Contains("longer than 50 bytes"));
  CHECK_THROWS_WITH(read_all(std::string(100, 'x'), 50, 8), doctest::Contains("longer than 50 bytes"));
  CHECK(read_all(std::string(50, 'x') + "\n", 50, 8).lines.size() == 1);
}
