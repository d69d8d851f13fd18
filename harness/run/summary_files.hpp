// Building the Summary of a results folder and writing its files (summary.json, summary.md),
// shared by `wattbench run` (after every run) and `wattbench report` (from the raw files).
#pragma once
#include <filesystem>

#include "harness/config/config.hpp"
#include "harness/report/compare.hpp"
#include "harness/report/summary.hpp"
#include "harness/run/progress.hpp"

namespace wb {

// Header fields and one empty record per variant, each with its identity (kept as
// <variant>/identity.json) and its published figures; progress.json's state where there is one.
Summary new_summary(const Config& cfg, const std::filesystem::path& results_dir);
// Whether the plan finished, and which invocation made each run.
void apply_progress(Summary& s, const Progress& p);
// Recomputes aggregates and derived ratios, then rewrites the summary files.
void update_summary_files(Summary& s, const std::filesystem::path& results_dir);
// report.html: the summary with each run's power and temperature traces (streamed from the
// run folders and downsampled), phases shaded.
void write_html_report(const Summary& s, const std::filesystem::path& results_dir);
// `wattbench report`: re-analyses every run folder under results_dir; returns the summary.
Summary rebuild_summary(const std::filesystem::path& results_dir);
// Compare rows of a results folder (its summary.json and environment.json); throws with the path.
std::vector<CompareRow> load_compare_rows(const std::filesystem::path& results_dir);

}  // namespace wb
