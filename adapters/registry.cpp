// Registry of adapters: one explicit list, no static self-registration.
#include "harness/plugin/tool_kind.hpp"

#include "adapters/acclbench/adapter.hpp"
#include "adapters/axelera/adapter.hpp"
#include "adapters/benchmark_app/adapter.hpp"
#include "adapters/benchmark_model/adapter.hpp"
#include "adapters/dxbenchmark/adapter.hpp"
#include "adapters/generic/adapter.hpp"
#include "adapters/hailortcli/adapter.hpp"
#include "adapters/infer/adapter.hpp"
#include "adapters/onnxruntime_perf_test/adapter.hpp"
#include "adapters/rknn_benchmark/adapter.hpp"
#include "adapters/trtexec/adapter.hpp"
#include "harness/util/json_or_null.hpp"

namespace wb {

const std::vector<const Adapter*>& tool_kinds() {
  static const std::vector<const Adapter*> all{
      &dxbenchmark_adapter(),    &hailortcli_adapter(), &benchmark_model_adapter(), &axelera_adapter(),
      &trtexec_adapter(),        &acclbench_adapter(),  &benchmark_app_adapter(),   &onnxruntime_perf_test_adapter(),
      &rknn_benchmark_adapter(), &infer_adapter(),      &generic_adapter()};
  return all;
}

const Adapter* find_tool(const std::string& name) {
  for (const auto* a : tool_kinds())
    if (a->name() == name) return a;
  return nullptr;
}

std::string tool_names() {
  std::string s;
  for (const auto* a : tool_kinds()) s += (s.empty() ? "" : ", ") + a->name();
  return s;
}

nlohmann::json to_json(const ToolResult& r) {
  nlohmann::json j;
  j["tool"] = r.tool;
  j["model"] = r.model;
  auto opt = [&](const char* k, const std::optional<double>& v) { j[k] = or_null(v); };
  opt("fps", r.fps);
  opt("frames", r.frames);
  opt("latency_mean_ms", r.latency_mean_ms);
  opt("latency_sd_ms", r.latency_sd_ms);
  opt("device_time_mean_ms", r.device_time_mean_ms);
  opt("device_time_sd_ms", r.device_time_sd_ms);
  opt("measured_s", r.measured_s);
  opt("steady_start_s", r.steady_start_s);
  opt("steady_end_s", r.steady_end_s);
  j["window_uncertainty_s"] = r.window_uncertainty_s;
  if (!r.window_note.empty()) j["window_note"] = r.window_note;
  j["versions"] = r.versions;
  j["extras"] = r.extras;
  j["sources"] = r.sources;
  if (!r.warnings.empty()) j["warnings"] = r.warnings;
  if (r.fps_over_window) j["fps_over_window"] = true;
  if (!r.other_fps.empty()) j["other_fps"] = r.other_fps;
  return j;
}

}  // namespace wb
