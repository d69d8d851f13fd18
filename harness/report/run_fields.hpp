// A run's summary.json fields (and run.json's), declared once: to_json(RunRecord) writes them
// and check_summary_types checks a file read back against them. The metric table's figures
// are run fields too, walked from harness/metrics/metric_table.hpp.
#pragma once
#include <span>

#include "harness/report/json_fields.hpp"

namespace wb {

struct RunRecord;
struct ProbeFigures;
struct SimTruth;
struct TempSpan;

std::span<const JsonField<RunRecord>> run_fields();
std::span<const JsonField<ProbeFigures>> probe_figure_fields();  // a run's probes[] entries
std::span<const JsonField<ProbeFigures>> meter_fields();         // their meter object
std::span<const JsonField<TempSpan>> temp_span_fields();         // a run's temps[] entries
std::span<const JsonField<SimTruth>> sim_truth_fields();         // a simulated run's sim_truth
std::span<const JsonField<RunRecord>> aspm_fields();             // a run's aspm, where device.aspm was set

}  // namespace wb
