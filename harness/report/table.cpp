// Report tables in Markdown.
#include "harness/report/table.hpp"

#include "harness/report/format.hpp"

namespace wb {

namespace {
void md_table(std::ostream& out, const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows) {
  out << "|";
  for (const auto& h : headers) out << " " << markdown_escape(h) << " |";
  out << "\n|";
  for (std::size_t i = 0; i < headers.size(); ++i) out << "---|";
  out << "\n";
  for (const auto& r : rows) {
    out << "|";
    for (const auto& c : r) out << " " << markdown_escape(c) << " |";
    out << "\n";
  }
  out << "\n";
}
}  // namespace

void write_table_markdown(const Table& t, std::ostream& out) {
  out << "## " << markdown_escape(t.title) << "\n\n";
  md_table(out, t.headers, t.rows);
  for (const auto& n : t.notes) out << markdown_escape(n) << "\n\n";
}

}  // namespace wb
