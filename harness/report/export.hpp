// Exports for existing continuous-benchmarking servers instead of a history database of our
// own: Bencher Metric Format (bencher.dev, `bencher run --adapter json --file`) and an
// OpenMetrics text exposition (GitLab metrics reports, a Prometheus Pushgateway).
// One benchmark (series) per identity and variant: the latest result of each.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/report/compare.hpp"

namespace wb {

// The latest row (by creation time) of each identity and variant, with a unique name.
struct ExportRow {
  const CompareRow* row;
  std::string name;  // "Hailo Hailo-8 (M.2 2280 M) · resnet50 · hailortcli"
};
std::vector<ExportRow> export_rows(const std::vector<CompareRow>& rows);

// {"<benchmark>": {"fps": {"value": 1371.2, "lower_value": …, "upper_value": …}, …}}: the
// measures fps, fps_per_w, power_w, idle_power_w, j_per_inference; bounds from the 95 % interval
// where there are repeats; a figure that was not measured is left out, never 0.
nlohmann::json bmf_json(const std::vector<CompareRow>& rows);

// Gauges wattbench_fps, wattbench_fps_per_watt, wattbench_power_watts, wattbench_idle_power_watts,
// wattbench_energy_per_inference_joules (and their _ci95 half-widths), labelled with the identity;
// ends with "# EOF".
void write_openmetrics(const std::vector<CompareRow>& rows, std::ostream& out);

}  // namespace wb
