// Registry of adapters: one explicit list, no static self-registration.
#include "adapters/registry.hpp"

#include "adapters/axelera/adapter.hpp"
#include "adapters/benchmark_model/adapter.hpp"
#include "adapters/generic/adapter.hpp"
#include "adapters/trtexec/adapter.hpp"
#include "adapters/dxbenchmark/adapter.hpp"
#include "adapters/hailortcli/adapter.hpp"

namespace wb {

const std::vector<const Adapter*>& adapters() {
  static const DxbenchmarkAdapter dxbenchmark;
  static const HailortcliAdapter hailortcli;
  static const BenchmarkModelAdapter benchmark_model;
  static const AxeleraAdapter axelera;
  static const TrtexecAdapter trtexec;
  static const GenericAdapter generic;
  static const std::vector<const Adapter*> all{&dxbenchmark, &hailortcli, &benchmark_model, &axelera, &trtexec, &generic};
  return all;
}

const Adapter* find_adapter(const std::string& name) {
  for (const auto* a : adapters())
    if (a->name() == name) return a;
  return nullptr;
}

std::string adapter_names() {
  std::string s;
  for (const auto* a : adapters()) s += (s.empty() ? "" : ", ") + a->name();
  return s;
}

nlohmann::json to_json(const ToolResult& r) {
  nlohmann::json j;
  j["tool"] = r.tool;
  j["model"] = r.model;
  auto opt = [&](const char* k, const std::optional<double>& v) { j[k] = v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  opt("fps", r.fps);
  opt("frames", r.frames);
  opt("latency_mean_ms", r.latency_mean_ms);
  opt("latency_sd_ms", r.latency_sd_ms);
  opt("device_time_mean_ms", r.device_time_mean_ms);
  opt("device_time_sd_ms", r.device_time_sd_ms);
  opt("measured_s", r.measured_s);
  j["versions"] = r.versions;
  j["extras"] = r.extras;
  j["sources"] = r.sources;
  return j;
}

}  // namespace wb
