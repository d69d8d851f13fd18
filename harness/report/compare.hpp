// `wattbench compare`: article tables across results folders. Rows are loaded once from the
// folders' summary.json; the writers are pure functions of the rows.
#pragma once
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/analysis/stats.hpp"
#include "harness/identity/identity.hpp"
#include "harness/report/table.hpp"

namespace wb {

struct CompareRow {
  std::string result, dir, created, variant, tool;
  nlohmann::json params = nlohmann::json::object();
  ResultIdentity identity;  // the variant's (older summaries: built from their device and tool)
  std::string manufacturer, accelerator, form_factor, model, scope, probe, notes;
  // aspm: the link's state read back for the runs (identity.aspm.state), else the host's global
  // policy named as such; aspm_policy: environment.json's global policy word.
  std::string aspm, aspm_policy;
  std::map<std::string, Stats> aggregate;  // summary.json's aggregates, by metric key
  // The same statistics recomputed from the variant's runs (ok, warm), for every metric key the
  // runs carry; gates check summary.json's aggregates against them (harness/report/gate_input.hpp).
  std::map<std::string, Stats> from_runs;
  bool refused = false;  // every run failed because the tool refused the work (model does not fit...)
  std::string refusal;   // the tool's reason, from the first refused run
  std::optional<double> latency_ms;
  std::string placement;  // "82/88" where the tool reports delegate placement
  nlohmann::json derived = nlohmann::json::object();
  std::optional<double> published_fps, published_fps_per_w;
  std::string published_scope, published_source;
  std::size_t runs = 0, failed_runs = 0;
  bool tool_refused = false;  // the last failed run was the tool's refusal of the model
  std::string failure;        // the last failed run's reason
  // Output agreement with a reference runtime (tool infer): the worst top-1 agreement over the ok
  // runs, and the min_agreement those runs were held to; empty where the tool checks none.
  std::optional<double> agreement, min_agreement;
  // The aggregate of a metric key; empty Stats when the summary has none (an older summary).
  const Stats& stat(const std::string& key) const;
};

Stats stats_from_json(const nlohmann::json& j);
// One row per variant of a summary.json (environment: that folder's environment.json, may be null).
std::vector<CompareRow> rows_from_summary(const nlohmann::json& summary, const nlohmann::json& environment,
                                          const std::string& dir);

struct CompareOptions {
  std::string sort = "fps_per_w";    // any numeric column key; descending
  std::vector<std::string> columns;  // efficiency table columns; empty = the default set
  // Rows whose outputs agree with the reference less than this are not ranked by FPS/W (as
  // MLPerf's closed division requires accuracy); empty: each row's own recorded min_agreement.
  std::optional<double> min_agreement;
};

// Why a row's FPS/W is not ranked ("" when it is): its outputs agree too little with the reference.
std::string unranked_reason(const CompareRow& r, const CompareOptions& opt);
// Descending by `key`; rows with an unranked_reason go last, whatever their figures.
void sort_rows(std::vector<CompareRow>& rows, const std::string& key, const CompareOptions& opt = {});

// The tables of a comparison, as data: the Markdown and HTML writers only render them.
std::vector<Table> compare_tables(const std::vector<CompareRow>& rows, const CompareOptions& opt);
void write_compare_markdown(const std::vector<CompareRow>& rows, const CompareOptions& opt, std::ostream& out);
void write_compare_csv(const std::vector<CompareRow>& rows, std::ostream& out);
nlohmann::json compare_json(const std::vector<CompareRow>& rows);
// Columns that --columns and --sort accept (every metric of the table among them).
const std::vector<std::string>& compare_columns();

}  // namespace wb
