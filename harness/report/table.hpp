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

}  // namespace wb
