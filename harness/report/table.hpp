// A report table as data: the Markdown, HTML and terminal writers only render it.
#pragma once
#include <ostream>
#include <string>
#include <vector>

namespace wb {

struct Table {
  std::string title;
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> notes;
};

// "## title", the table, each note as a paragraph; cells escaped for Markdown.
void write_table_markdown(const Table& t, std::ostream& out);

// The table without the columns that are empty ("" or "—") in every row; a table without rows keeps them all.
Table without_empty_columns(const Table& t);
// Terminal text columns are measured in: UTF-8 code points (no wide East Asian glyphs in our tables).
std::size_t display_width(const std::string& s);
// For a terminal: the title, the columns padded to their widest cell (numbers right-aligned),
// columns empty in every row dropped, then the notes.
void write_table_terminal(const Table& t, std::ostream& out);

}  // namespace wb
