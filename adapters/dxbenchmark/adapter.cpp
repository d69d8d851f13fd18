// dxbenchmark adapter: `dxbenchmark --dir D (-t SEC | -l N) [--warmup N] --result-path .`,
// run with cwd = the run's tool-files folder so its reports and profiler.json land there.
// The window is the timed loop from profiler.json (DEEPX-AI/dx_rt lib/profiler.cpp: per-event
// steady_clock times), not the dxbenchmark_<model> span (load + warm-up + loop) nor the
// profiler's exit line (after teardown and report writing).
#include "adapters/dxbenchmark/adapter.hpp"

#include <fmt/format.h>

#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "adapters/dxbenchmark/parse.hpp"
#include "adapters/files.hpp"
#include "harness/config/benchmark_config.hpp"
#include "harness/config/node.hpp"

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

std::string describe(const dxbenchmark::TimedLoop& loop) {
  return fmt::format(
      "profiler.json ({} event names): first and last timed NPU Task events on CLOCK_MONOTONIC, {} inferences × {} NPU "
      "task(s) after {} warm-up event(s)",
      loop.key_scheme, loop.inferences, loop.npu_tasks, loop.warmup_events);
}

// The timed loop from profiler.json, onto the result: an exact window where the file holds the
// whole loop; where v3.4 dropped its oldest jobs, the end is exact and the start comes from the
// loop's length, which dxbenchmark's runner bounds (runner.cpp: the time check runs every 100
// submissions, on whole seconds).
void apply_profile(ToolResult& t, const dxbenchmark::TimedLoop& loop, const ToolInvocation& inv) {
  if (loop.complete) {
    t.steady_start_s = loop.first_start_s;
    t.steady_end_s = loop.last_end_s;
    t.measured_s = loop.duration_s();
    t.frames = static_cast<double>(loop.inferences);
    t.window_note = describe(loop);
    if (!loop.warmup_sequential)
      t.warnings.push_back(
          fmt::format("the {} events skipped as warm-up did not run one at a time as synchronous warm-up runs do: "
                      "the warm-up count may not match the tool's",
                      loop.warmup_events));
    if (t.fps && loop.duration_s() > 0) {
      double profile_fps = static_cast<double>(loop.inferences) / loop.duration_s();
      t.extras["profile_fps"] = profile_fps;
      if (std::abs(profile_fps / *t.fps - 1) > 0.02)
        t.warnings.push_back(
            fmt::format("profiler.json counts {:.2f} inferences/s over the timed NPU Task span, the report {:.2f} FPS: "
                        "the window may not be the loop the report measured",
                        profile_fps, *t.fps));
    }
    return;
  }
  if (!t.fps || !(*t.fps > 0)) return;
  double length = 0, uncertainty = 0;
  std::string how;
  if (inv.context.contains("loops")) {
    length = inv.context["loops"].get<double>() / *t.fps;
    uncertainty = 0.001 + length * 0.005 / *t.fps;  // the report's FPS: ms elapsed, 2 decimals
    how = fmt::format("{} loops / {:.2f} FPS", inv.context["loops"].get<long long>(), *t.fps);
  } else if (inv.context.contains("time_s")) {
    double half_check = 50.0 / *t.fps;  // the stop test runs every 100 submissions
    length = inv.context["time_s"].get<double>() + half_check;
    uncertainty = half_check + 0.01;
    how = fmt::format("--time {} s plus half of the 100 submissions between the runner's stop checks",
                      inv.context["time_s"].get<long long>());
  } else {
    return;
  }
  t.steady_end_s = loop.last_end_s;
  t.steady_start_s = loop.last_end_s - length;
  t.measured_s = length;
  t.window_uncertainty_s = uncertainty;
  t.window_note = fmt::format(
      "profiler.json (v3.4) keeps only the last 1024 jobs: the window ends at the last timed NPU Task event and "
      "lasts {}",
      how);
}

class DxbenchmarkAdapter final : public Adapter {
 public:
  std::string name() const override { return "dxbenchmark"; }
  std::string default_executable() const override { return "dxbenchmark"; }
  // the DeepX runtime driver's (dxrt_driver, dx_dma) errors and timeouts
  std::vector<KernelPattern> kernel_patterns() const override {
    return {{"dxrt", R"(\b(dxrt|dx_dma|dxrt_driver)\b.*([Tt]imeout|[Ff]ail|[Ee]rror))"}};
  }
  WorkKeys work_keys() const override { return {{"dir"}, {"devices", "npu_bound"}}; }

  void check_args(const ConfigNode& a) const override {
    a.allow_only({"dir", "time_s", "loops", "warmup", "devices", "npu_bound", "verbose", "only_data"});
    std::string dir = a.require_string("dir");
    // cxxopts::value<int>: "--time 2.5" makes dxbenchmark print "Error: …" and exit 0 without a report.
    auto t = a.integer("time_s");
    auto l = a.integer("loops");
    if (!t && !l) a.fail_here("dxbenchmark needs time_s (-t, whole seconds) or loops (-l)");
    if (t && *t < 1) a.fail("time_s", "must be 1 or more (whole seconds)");
    if (l && *l < 1) a.fail("loops", "must be 1 or more");
    if (t && l) a.fail("loops", "give time_s or loops, not both (dxbenchmark would run the loops and ignore the time)");
    for (const char* key : {"time_s", "loops", "warmup"})
      if (auto v = a.integer(key); v && *v > 2147483647)
        a.fail(key, "is larger than dxbenchmark's int option can hold");
    if (auto w = a.integer("warmup"); w && *w < 0) a.fail("warmup", "must be 0 or more (a count of runs)");
    if (auto n = a.integer("npu_bound"); n && (*n < 0 || *n > 6)) a.fail("npu_bound", "expected 0..6 (-n)");
    a.string("devices");
    a.boolean("verbose");
    a.boolean("only_data");
    // Several models in one --dir run in directory order in one process: the CSV rows are sorted by
    // name and only the last model's profile survives, so per-model power cannot be told apart.
    fs::path d = dir;
    if (d.is_relative() && !a.file().empty() && a.file().front() != '(') d = fs::path(a.file()).parent_path() / d;
    std::error_code ec;
    if (fs::is_directory(d, ec)) {
      std::vector<std::string> models;
      for (const auto& e : fs::directory_iterator(d, ec))
        if (e.path().extension() == ".dxnn") models.push_back(e.path().filename().string());
      std::sort(models.begin(), models.end());
      if (models.empty()) a.fail("dir", fmt::format("'{}' holds no .dxnn model", d.string()));
      if (models.size() > 1)
        a.fail(
            "dir",
            fmt::format("'{}' holds {} models ({}); dxbenchmark runs every model of a folder in one process and keeps "
                        "only the last one's profile, so their power cannot be told apart: give each model a folder of "
                        "its own (a matrix axis over benchmark.args.dir measures them one after another)",
                        d.string(), models.size(), fmt::join(models, ", ")));
    }
  }

  ToolInvocation invocation(const BenchmarkConfig& b, const fs::path& config_dir) const override {
    ConfigNode a(b.args, "(config)", "benchmark.args");
    ToolInvocation inv;
    inv.args = {"--dir", config_path(a.require_string("dir"), config_dir)};
    if (auto l = a.integer("loops")) {
      inv.args.insert(inv.args.end(), {"--loops", std::to_string(*l)});
      inv.context["loops"] = *l;
    } else {
      long long t = *a.integer("time_s");
      inv.args.insert(inv.args.end(), {"--time", std::to_string(t)});
      inv.expected_s = static_cast<double>(t);
      inv.context["time_s"] = t;
    }
    long long warmup = a.integer("warmup").value_or(dxbenchmark::kDefaultWarmup);
    if (a.has("warmup")) inv.args.insert(inv.args.end(), {"--warmup", std::to_string(warmup)});
    inv.context["warmup"] = warmup;
    if (auto n = a.integer("npu_bound")) inv.args.insert(inv.args.end(), {"-n", std::to_string(*n)});
    if (auto d = a.string("devices")) inv.args.insert(inv.args.end(), {"-d", *d});
    if (a.boolean("only_data").value_or(false)) inv.args.push_back("--only-data");
    if (a.boolean("verbose").value_or(false)) inv.args.push_back("-v");
    inv.args.insert(inv.args.end(), {"--result-path", "."});
    inv.args.insert(inv.args.end(), b.extra_args.begin(), b.extra_args.end());
    inv.live_lines = true;
    return inv;
  }

  ToolResult parse_run(const fs::path& tool_dir, const fs::path& stdout_log, const fs::path& stderr_log,
                       const ToolInvocation& inv) const override {
    std::string out = read_tool_log(stdout_log);
    auto info = dxbenchmark::parse_stdout(out, stdout_log.string());
    std::vector<dxbenchmark::ModelResult> rows;
    std::string source;
    if (auto csv = newest_file(tool_dir, "DXBENCHMARK_", ".csv")) {
      rows = dxbenchmark::parse_csv(read_whole_file(*csv), csv->string());
      source = csv->string();
    } else if (auto json = newest_file(tool_dir, "DXBENCHMARK_", ".json")) {
      rows = dxbenchmark::parse_json(read_whole_file(*json), json->string());
      source = json->string();
    } else {
      std::string err = dxbenchmark::tool_error(out, read_tool_log_if_any(stderr_log));
      if (!err.empty())
        throw ToolError(
            fmt::format("dxbenchmark refused to run and wrote no report: '{}' (it exits 0 on bad options)", err));
      throw ParseError(
          fmt::format("{}: no DXBENCHMARK_*.csv or DXBENCHMARK_*.json: dxbenchmark wrote no report (see {})",
                      tool_dir.string(), stdout_log.string()));
    }
    if (rows.size() > 1) {
      std::vector<std::string> names;
      for (const auto& r : rows) names.push_back(r.model);
      throw ToolError(fmt::format(
          "dxbenchmark ran {} models in one process ({}): they share one power trace and only the last one's "
          "profile survives, so their efficiency cannot be told apart; give each model a folder of its own",
          rows.size(), fmt::join(names, ", ")));
    }
    ToolResult t = to_tool_result(rows.front());
    for (const auto& [k, v] : info.versions) t.versions.try_emplace(k, v);
    t.sources = {source, stdout_log.string()};
    if (info.load_to_end_s)
      t.extras["model_load_to_end_s"] = *info.load_to_end_s;  // load + warm-up + loop, not the window
    if (!info.profiler_layout.empty()) t.extras["profiler_layout"] = info.profiler_layout;
    fs::path profile = tool_dir / dxbenchmark::kProfileFile;
    if (!fs::exists(profile)) {
      t.window_note =
          "dxbenchmark left no profiler.json in its working folder: its timed loop prints nothing on stdout, and the "
          "profiler's dxbenchmark_<model> span also covers model load and warm-up";
      return t;
    }
    auto loop = dxbenchmark::parse_profile(read_whole_file(profile), profile.string(),
                                           inv.context.value("warmup", dxbenchmark::kDefaultWarmup));
    apply_profile(t, loop, inv);
    t.sources.push_back(profile.string());
    return t;
  }

  WindowEvidence window_evidence(const std::vector<TimedLine>&, const ToolInvocation&) const override {
    // Nothing on stdout bounds the timed loop (the profiler line comes after teardown and the
    // reports); the window comes from profiler.json in parse_run.
    return {};
  }

  nlohmann::json parse_files(const std::vector<fs::path>& files) const override {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : files) {
      std::string text = read_whole_file(f);
      nlohmann::json entry;
      entry["file"] = f.string();
      auto rows_json = [](const std::vector<dxbenchmark::ModelResult>& rows) {
        nlohmann::json arr = nlohmann::json::array();
        for (const auto& r : rows) arr.push_back(to_json(to_tool_result(r)));
        return arr;
      };
      auto first = text.find_first_not_of(" \t\r\n");
      bool looks_json = first != std::string::npos && text[first] == '{';
      if (f.extension() == ".csv") {
        entry["kind"] = "csv";
        entry["results"] = rows_json(dxbenchmark::parse_csv(text, f.string()));
      } else if (looks_json &&
                 (f.filename() == dxbenchmark::kProfileFile || text.find("\"results\"") == std::string::npos)) {
        // Offline there is no config: the warm-up count is the tool's default unless the order of
        // events shows otherwise (warm-up runs one at a time).
        auto loop = dxbenchmark::parse_profile(text, f.string(), dxbenchmark::kDefaultWarmup);
        entry["kind"] = "profile";
        entry["key_scheme"] = loop.key_scheme;
        entry["npu_tasks"] = loop.npu_tasks;
        entry["events"] = loop.events;
        entry["warmup_events_skipped"] = loop.warmup_events;
        entry["warmup_runs_assumed"] = dxbenchmark::kDefaultWarmup;
        entry["warmup_sequential"] = loop.warmup_sequential;
        entry["complete"] = loop.complete;
        entry["last_end_monotonic_s"] = loop.last_end_s;
        if (loop.complete) {
          entry["first_start_monotonic_s"] = loop.first_start_s;
          entry["measured_s"] = loop.duration_s();
          entry["inferences"] = loop.inferences;
          entry["fps"] = loop.duration_s() > 0
                             ? nlohmann::json(static_cast<double>(loop.inferences) / loop.duration_s())
                             : nlohmann::json(nullptr);
        } else {
          entry["measured_s"] = nullptr;
          entry["inferences"] = nullptr;
          entry["note"] = "v3.4 keeps only the last 1024 jobs: the loop's start and count are not in the file";
        }
      } else if (f.extension() == ".json" || looks_json) {
        entry["kind"] = "json";
        entry["results"] = rows_json(dxbenchmark::parse_json(text, f.string()));
      } else {
        auto info = dxbenchmark::parse_stdout(text, f.string());
        if (info.versions.empty() && info.profiler.empty() && info.model_files.empty())
          throw ParseError(
              fmt::format("{}: not dxbenchmark output: expected 'Runtime Framework Version:' lines, "
                          "'=== Model File: … ===' or the profiler table",
                          f.string()));
        entry["kind"] = "stdout";
        entry["versions"] = info.versions;
        entry["model_files"] = info.model_files;
        entry["profiler_layout"] = info.profiler_layout;
        nlohmann::json prof = nlohmann::json::array();
        for (const auto& r : info.profiler) {
          nlohmann::json row = {{"name", r.name}, {"min_us", r.min_us}, {"max_us", r.max_us}, {"avg_us", r.avg_us}};
          if (!r.device.empty()) row["device"] = r.device;
          if (!r.task.empty()) row["task"] = r.task;
          if (r.cov_pct) row["cov_pct"] = *r.cov_pct;
          if (!r.samples_us.empty()) {
            row["samples_us"] = r.samples_us;
            row["more_samples"] = r.more_samples;
          }
          prof.push_back(row);
        }
        entry["profiler"] = prof;
        entry["model_load_to_end_s"] =
            info.load_to_end_s ? nlohmann::json(*info.load_to_end_s) : nlohmann::json(nullptr);
        entry["span_model"] = info.span_model;
        entry["measured_s"] = nullptr;
        entry["note"] =
            "stdout holds no timed-loop duration (the dxbenchmark_<model> span includes model load and warm-up): "
            "give profiler.json";
      }
      out.push_back(entry);
    }
    return out;
  }
};

}  // namespace

const Adapter& dxbenchmark_adapter() {
  static const DxbenchmarkAdapter adapter;
  return adapter;
}

}  // namespace wb
