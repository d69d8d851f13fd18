// dxbenchmark adapter: `dxbenchmark --dir D (-t SEC | -l N) --warmup N --result-path .`,
// run with cwd = the run's tool-files folder so its reports and profiler.json land there.
#include "adapters/dxbenchmark/adapter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "adapters/dxbenchmark/parse.hpp"
#include "adapters/files.hpp"
#include "harness/config/config.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {
ToolResult to_tool_result(const dxbenchmark::ModelResult& r) {
  ToolResult t;
  t.tool = "dxbenchmark";
  t.model = r.model;
  t.fps = r.fps;
  t.latency_mean_ms = r.latency_mean_ms;
  t.latency_sd_ms = r.latency_sd_ms;
  t.device_time_mean_ms = r.npu_mean_ms;
  t.device_time_sd_ms = r.npu_sd_ms;
  t.versions = r.versions;
  return t;
}
}  // namespace

void DxbenchmarkAdapter::check_args(const ConfigNode& a) const {
  a.allow_only({"dir", "time_s", "loops", "warmup", "devices", "npu_bound", "verbose", "only_data"});
  a.require_string("dir");
  auto t = a.number("time_s");
  auto l = a.integer("loops");
  if (!t && !l) a.fail_here("dxbenchmark needs time_s (-t) or loops (-l)");
  if (t) a.positive("time_s", *t);
  if (l && *l < 1) a.fail("loops", "must be 1 or more");
  if (auto w = a.integer("warmup"); w && *w < 0) a.fail("warmup", "must be 0 or more (a count of runs)");
  if (auto n = a.integer("npu_bound"); n && (*n < 0 || *n > 6)) a.fail("npu_bound", "expected 0..6 (-n)");
  a.string("devices");
  a.boolean("verbose");
  a.boolean("only_data");
}

ToolInvocation DxbenchmarkAdapter::invocation(const BenchmarkConfig& b, const fs::path& config_dir) const {
  ConfigNode a(b.args, "(config)", "benchmark.args");
  ToolInvocation inv;
  inv.args = {"--dir", config_path(a.require_string("dir"), config_dir)};
  // The tool runs the loop count when both are given (its runner checks loops first).
  if (auto l = a.integer("loops")) {
    inv.args.insert(inv.args.end(), {"--loops", std::to_string(*l)});
  } else {
    double t = *a.number("time_s");
    inv.args.insert(inv.args.end(), {"--time", fmt::format("{:g}", t)});
    inv.expected_s = t;
  }
  if (auto w = a.integer("warmup")) inv.args.insert(inv.args.end(), {"--warmup", std::to_string(*w)});
  if (auto n = a.integer("npu_bound")) inv.args.insert(inv.args.end(), {"-n", std::to_string(*n)});
  if (auto d = a.string("devices")) inv.args.insert(inv.args.end(), {"-d", *d});
  if (a.boolean("only_data").value_or(false)) inv.args.push_back("--only-data");
  if (a.boolean("verbose").value_or(false)) inv.args.push_back("-v");
  inv.args.insert(inv.args.end(), {"--result-path", "."});
  inv.args.insert(inv.args.end(), b.extra_args.begin(), b.extra_args.end());
  inv.live_lines = true;
  return inv;
}

ToolResult DxbenchmarkAdapter::parse_run(const fs::path& tool_dir, const fs::path& stdout_log, const fs::path&,
                                         const ToolInvocation&) const {
  auto info = dxbenchmark::parse_stdout(read_whole_file(stdout_log), stdout_log.string());
  std::vector<dxbenchmark::ModelResult> rows;
  std::string source;
  if (auto csv = newest_file(tool_dir, "DXBENCHMARK_", ".csv")) {
    rows = dxbenchmark::parse_csv(read_whole_file(*csv), csv->string());
    source = csv->string();
  } else if (auto json = newest_file(tool_dir, "DXBENCHMARK_", ".json")) {
    rows = dxbenchmark::parse_json(read_whole_file(*json), json->string());
    source = json->string();
  } else {
    throw ParseError(fmt::format("{}: no DXBENCHMARK_*.csv or DXBENCHMARK_*.json: dxbenchmark wrote no report (see {})",
                                 tool_dir.string(), stdout_log.string()));
  }
  // The profiler keeps only the last model's timings, so the window is the last model's
  // timed phase; take that model's row.
  const dxbenchmark::ModelResult* chosen = &rows.back();
  if (!info.benchmark_model.empty()) {
    for (const auto& r : rows) {
      std::string base = fs::path(r.model).filename().string();
      if (base.rfind(info.benchmark_model, 0) == 0 || r.model.rfind(info.benchmark_model, 0) == 0) chosen = &r;
    }
  }
  ToolResult t = to_tool_result(*chosen);
  for (const auto& [k, v] : info.versions) t.versions.try_emplace(k, v);
  t.measured_s = info.benchmark_s;
  if (t.fps && t.measured_s) t.frames = *t.fps * *t.measured_s;
  t.sources = {source, stdout_log.string()};
  if (rows.size() > 1) {
    t.extras["models_in_report"] = rows.size();
    t.extras["note"] = "dxbenchmark ran several models; power is measured over the last one's timed phase";
  }
  return t;
}

WindowEvidence DxbenchmarkAdapter::window_evidence(const std::vector<TimedLine>& lines, const ToolInvocation&) const {
  WindowEvidence w;
  for (const auto& l : lines) {
    if (l.stream == 1 && l.text.find(dxbenchmark::kProfilerWrittenMarker) != std::string::npos) {
      w.end_anchor_s = l.t_s;
      w.end_anchor_text = l.text;
      break;
    }
  }
  return w;
}

nlohmann::json DxbenchmarkAdapter::parse_files(const std::vector<fs::path>& files) const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : files) {
    std::string text = read_whole_file(f);
    std::string name = f.filename().string();
    nlohmann::json entry;
    entry["file"] = f.string();
    auto rows_json = [](const std::vector<dxbenchmark::ModelResult>& rows) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& r : rows) arr.push_back(to_json(to_tool_result(r)));
      return arr;
    };
    bool looks_json = text.find_first_not_of(" \t\r\n") != std::string::npos && text[text.find_first_not_of(" \t\r\n")] == '{';
    if (f.extension() == ".csv") {
      entry["kind"] = "csv";
      entry["results"] = rows_json(dxbenchmark::parse_csv(text, f.string()));
    } else if (f.extension() == ".json" || looks_json) {
      entry["kind"] = "json";
      entry["results"] = rows_json(dxbenchmark::parse_json(text, f.string()));
    } else {
      auto info = dxbenchmark::parse_stdout(text, f.string());
      if (info.versions.empty() && info.profiler.empty() && info.model_files.empty())
        throw ParseError(fmt::format("{}: not dxbenchmark output: expected 'Runtime Framework Version:' lines, "
                                     "'=== Model File: … ===' or the profiler table", f.string()));
      entry["kind"] = "stdout";
      entry["versions"] = info.versions;
      entry["model_files"] = info.model_files;
      nlohmann::json prof = nlohmann::json::object();
      for (const auto& [k, r] : info.profiler) prof[k] = {{"min_us", r.min_us}, {"max_us", r.max_us}, {"avg_us", r.avg_us}};
      entry["profiler"] = prof;
      entry["measured_s"] = info.benchmark_s ? nlohmann::json(*info.benchmark_s) : nlohmann::json(nullptr);
      entry["benchmark_model"] = info.benchmark_model;
    }
    out.push_back(entry);
  }
  return out;
}

}  // namespace wb
