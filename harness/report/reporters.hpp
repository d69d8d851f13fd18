// Pure reporters: Summary -> text. No files, clocks or statistics inside.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "harness/report/summary.hpp"
#include "harness/report/table.hpp"

namespace wb {

struct HeadlineRow {
  std::string label, value, note;
};

// The figures of one variant, as both the terminal and Markdown reporters show them.
std::string headline_title(const VariantRecord& v);
// "did not finish: 1 of 8 planned runs done; ..." for a folder whose plan did not finish, else "".
std::string unfinished_note(const Summary& s);
std::vector<HeadlineRow> headline_rows(const VariantRecord& v);

// The idle-to-full curve of a paced sweep: one row per rate (harness/metrics/load_curve.hpp).
Table load_curve_table(const LoadCurve& c);

void write_terminal(const Summary& s, std::ostream& out);
void write_markdown(const Summary& s, std::ostream& out);

}  // namespace wb
