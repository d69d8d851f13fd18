// What a gate (check, compare --trend) accepts as input: a summary's statistics must be finite,
// possible (sd, ci95 >= 0; min <= mean <= max; ci95 = t·sd/√n) and follow from the runs they
// came from. A hand-edited or corrupted summary.json is refused, never judged.
#pragma once
#include <string>
#include <vector>

#include "harness/report/compare.hpp"

namespace wb {

// Every problem of a row's aggregates, each naming the variant, metric and field with the
// stored and the recomputed value; empty when the row may be gated.
std::vector<std::string> gate_input_problems(const CompareRow& row);

// Throws std::invalid_argument naming the folder's summary.json and every problem (at most a
// few, then a count) when any row of `rows` has one.
void require_gate_input(const std::vector<CompareRow>& rows);

}  // namespace wb
