// Report tables in Markdown.
#include "harness/report/table.hpp"

#include "harness/report/format.hpp"

#include <algorithm>
#include <cctype>

namespace wb {

namespace {
void md_table(std::ostream& out, const std::vector<std::string>& headers,
              const std::vector<std::vector<std::string>>& rows) {
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

Table without_empty_columns(const Table& t) {
  if (t.rows.empty()) return t;
  auto empty = [](const std::string& c) { return c.empty() || c == "—"; };
  Table out{t.title, {}, std::vector<std::vector<std::string>>(t.rows.size()), t.notes};
  for (std::size_t c = 0; c < t.headers.size(); ++c) {
    bool all_empty = true;
    for (const auto& r : t.rows) all_empty &= c >= r.size() || empty(r[c]);
    if (all_empty) continue;
    out.headers.push_back(t.headers[c]);
    for (std::size_t i = 0; i < t.rows.size(); ++i) out.rows[i].push_back(c < t.rows[i].size() ? t.rows[i][c] : "");
  }
  return out;
}

std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
}

void write_table_terminal(const Table& table, std::ostream& out) {
  Table t = without_empty_columns(table);
  std::vector<std::size_t> width(t.headers.size(), 0);
  std::vector<bool> numeric(t.headers.size(), !t.rows.empty());
  // A column reads as numbers when every filled cell starts like one ("1.2 ± 0.1", "-3 %", "0.87×").
  auto number_like = [](const std::string& c) {
    if (c.empty() || c == "—") return true;
    std::size_t i = (c[0] == '-' || c[0] == '+') ? 1 : 0;
    return i < c.size() && std::isdigit(static_cast<unsigned char>(c[i]));
  };
  for (std::size_t c = 0; c < t.headers.size(); ++c) {
    width[c] = display_width(t.headers[c]);
    for (const auto& r : t.rows) {
      width[c] = std::max(width[c], display_width(r[c]));
      numeric[c] = numeric[c] && number_like(r[c]);
    }
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string s;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      std::string pad(width[c] - display_width(cells[c]), ' ');
      s += (c ? "  " : "") + (numeric[c] ? pad + cells[c] : cells[c] + (c + 1 < cells.size() ? pad : ""));
    }
    s.erase(s.find_last_not_of(' ') + 1);  // an empty last cell leaves no trailing blanks
    out << s << "\n";
  };
  if (!t.title.empty()) out << t.title << "\n";
  line(t.headers);
  std::vector<std::string> rule;
  for (auto w : width) {
    std::string r;
    for (std::size_t i = 0; i < w; ++i) r += "─";
    rule.push_back(r);
  }
  line(rule);
  for (const auto& r : t.rows) line(r);
  for (const auto& n : t.notes) out << n << "\n";
  out << "\n";
}

void write_table_markdown(const Table& t, std::ostream& out) {
  out << "## " << markdown_escape(t.title) << "\n\n";
  md_table(out, t.headers, t.rows);
  for (const auto& n : t.notes) out << markdown_escape(n) << "\n\n";
}

}  // namespace wb
