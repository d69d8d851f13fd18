// The end of a timed phase that a tool marks by the first line of what follows it (its report
// or summary banner), for the adapters whose tools print no end marker of their own.
#pragma once
#include <vector>

#include "harness/plugin/tool_kind.hpp"

namespace wb {

// Sets w's end anchor at the first line for which is_end(line) holds; leaves it unset if none does.
template <class IsEnd>
void anchor_end_at_first(WindowEvidence& w, const std::vector<TimedLine>& lines, IsEnd is_end) {
  for (const auto& l : lines)
    if (is_end(l)) {
      w.end_anchor_s = l.t_s;
      w.end_anchor_text = l.text;
      return;
    }
}

}  // namespace wb
