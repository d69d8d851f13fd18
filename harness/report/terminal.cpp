// Terminal reporter: the result table of each variant.
#include <fmt/format.h>

#include "harness/report/reporters.hpp"

namespace wb {

void write_terminal(const Summary& s, std::ostream& out) {
  for (const auto& v : s.variants) {
    out << headline_title(s, v) << "\n";
    for (const auto& row : headline_rows(s, v)) {
      std::string line = fmt::format("  {:<12} {:<20}", row.label, row.value);
      if (!row.note.empty()) line += "  " + row.note;
      out << line << "\n";
    }
  }
  if (s.interrupted) out << "  (interrupted: figures cover the runs that finished)\n";
}

}  // namespace wb
