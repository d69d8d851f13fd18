// Terminal tables: every column starts at the same place on every line, whatever the cell's
// UTF-8 length; columns no row fills are left out.
#include <doctest/doctest.h>

#include <sstream>

#include "harness/report/table.hpp"

namespace {
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}
// Display column (code points) where `needle` starts in `line`.
std::size_t column_of(const std::string& line, const std::string& needle) {
  auto at = line.find(needle);
  REQUIRE(at != std::string::npos);
  return wb::display_width(line.substr(0, at));
}
}  // namespace

TEST_CASE("terminal table: aligned by display width, numbers right-aligned, empty columns dropped") {
  wb::Table t{"Idle power",
              {"Card", "Idle (W)", "Placement", "ASPM", "Notes"},
              {{"Hailo Hailo-8 (M.2 2242 B+M)", "0.500 ± 0.004", "—", "L1", ""},
               {"DeepX M1 — a name with a long dash", "1.04", "", "off", ""},
               {"x", "12.5", "—", "L0s L1", ""}},
              {"a note"}};
  std::ostringstream out;
  wb::write_table_terminal(t, out);
  auto lines = lines_of(out.str());
  INFO(out.str());
  REQUIRE(lines.size() >= 6);
  CHECK(lines[0] == "Idle power");
  // Placement and Notes are empty or "—" in every row: gone.
  CHECK(lines[1].find("Placement") == std::string::npos);
  CHECK(lines[1].find("Notes") == std::string::npos);
  // ASPM starts at one column on every line, despite "±" and "—" being several bytes.
  std::size_t aspm = column_of(lines[1], "ASPM");
  CHECK(column_of(lines[3], "L1") == aspm);
  CHECK(column_of(lines[4], "off") == aspm);
  CHECK(column_of(lines[5], "L0s L1") == aspm);
  // Idle is numeric: right-aligned, so the values end at one column.
  std::size_t end = column_of(lines[3], "0.500 ± 0.004") + wb::display_width("0.500 ± 0.004");
  CHECK(column_of(lines[4], "1.04") + 4 == end);
  CHECK(column_of(lines[5], "12.5") + 4 == end);
  CHECK(lines[6] == "a note");
  // No trailing blanks after the last column.
  for (std::size_t i = 1; i <= 5; ++i) CHECK(lines[i].back() != ' ');
}

TEST_CASE("terminal table: a table without rows keeps its headers; the width counts code points") {
  wb::Table t{"", {"a", "b"}, {}, {}};
  std::ostringstream out;
  wb::write_table_terminal(t, out);
  CHECK(out.str().find("a  b") == 0);
  CHECK(wb::display_width("±—×") == 3);
  CHECK(wb::display_width("abc") == 3);
  auto dropped = wb::without_empty_columns({"", {"x", "y"}, {{"1", "—"}, {"2", ""}}, {}});
  CHECK(dropped.headers == std::vector<std::string>{"x"});
  CHECK(dropped.rows[1] == std::vector<std::string>{"2"});
}
