// Pure reporters: Summary -> text. No files, clocks or statistics inside.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "harness/report/summary.hpp"

namespace wb {

struct HeadlineRow {
  std::string label, value, note;
};

// The figures of one variant, as both the terminal and Markdown reporters show them.
std::string headline_title(const Summary& s, const VariantRecord& v);
std::vector<HeadlineRow> headline_rows(const Summary& s, const VariantRecord& v);

void write_terminal(const Summary& s, std::ostream& out);
void write_markdown(const Summary& s, std::ostream& out);

}  // namespace wb
