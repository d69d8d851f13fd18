// benchmark_app adapter: -m model -d DEVICE (-t S | -niter N) [-hint H] [-api sync|async]
// [-nireq N] [-b N] [-max_irate F]. The window (samples/cpp/benchmark_app/main.cpp):
// - start: "First inference took X ms" is printed after the warm-up request and its
//   reset_times(); the loop's first get_idle_request() right after it starts the Duration clock
//   (with -no_warmup, "Skipping warmup inference ..." takes its place);
// - length: the tool's "Duration: x ms", its clock from that first request to the last one's end;
// - "[Step 11/11] Dumping statistics report" is the first line after the loop (the end anchor
//   when no start line was seen).
// FPS = Count x batch / Duration, what ran in the window; the tool's Throughput is kept beside it
// (2021 releases print batch / median latency there in sync mode).
#include "adapters/benchmark_app/adapter.hpp"

#include <fmt/format.h>

#include <cmath>

#include "adapters/benchmark_app/parse.hpp"
#include "adapters/benchmark_app/report_file.hpp"
#include "adapters/files.hpp"
#include "adapters/text_util.hpp"
#include "harness/config/benchmark_config.hpp"
#include "harness/config/node.hpp"
#include "harness/util/json_or_null.hpp"

namespace wb {

namespace fs = std::filesystem;
using namespace benchmark_app;

namespace {
constexpr double kLineDeliveryS = 0.005;  // a flushed line reaches our pty reader within a few ms
constexpr long long kDefaultDurationS = 10;

// -d: a plugin name, "GPU.1", or a virtual device with its list ("AUTO:NPU,CPU").
const std::vector<std::string> kDevices{"CPU", "GPU", "NPU", "AUTO", "MULTI", "HETERO", "BATCH"};
// -hint values parse_and_check_command_line accepts.
const std::vector<std::string> kHints{"throughput", "tput", "latency", "cumulative_throughput", "ctput", "none"};

template <class T>
bool one_of(const std::vector<T>& all, const T& v) {
  for (const auto& a : all)
    if (a == v) return true;
  return false;
}
std::string joined(const std::vector<std::string>& all) {
  std::string s;
  for (const auto& a : all) s += (s.empty() ? "" : ", ") + a;
  return s;
}

std::optional<double> ctx_number(const ToolInvocation& inv, const char* k) {
  if (inv.context.contains(k) && inv.context[k].is_number()) return inv.context[k].get<double>();
  return std::nullopt;
}

// gflags reads -t, -niter, -nireq and -b as uint64.
std::optional<long long> whole(const ConfigNode& a, const std::string& key, long long min) {
  std::optional<long long> v;
  try {
    v = a.integer(key);
  } catch (const std::exception&) {
    a.fail(key, "expected a whole number (benchmark_app reads it as an unsigned integer)");
  }
  if (v && *v < min) a.fail(key, fmt::format("must be {} or more", min));
  return v;
}

ToolResult to_result(const Output& o, std::optional<double> config_batch, std::optional<double> max_fps,
                     std::string device, std::string model, const std::string& source) {
  ToolResult t;
  t.tool = "benchmark_app";
  t.model = std::move(model);
  t.sources = {source};
  // processedFramesN += batchSize per request: the batch the tool printed, else the config's -b.
  double batch = o.batch.value_or(config_batch.value_or(1));
  if (!o.batch && !config_batch)
    t.warnings.push_back("the output names no batch size ('Model batch size'): one frame per request assumed");
  double measured_s = o.duration_ms / 1000;
  t.fps = o.count * batch / measured_s;
  t.frames = o.count * batch;
  t.measured_s = measured_s;
  t.latency_mean_ms = o.latency.average_ms;
  if (!o.build.empty()) t.versions["openvino"] = o.build;
  if (!o.api_version.empty()) t.versions["inference_engine_api"] = o.api_version;
  t.versions["benchmark_app_output"] = format_name(o.format);
  std::string pct = o.latency.percentile == 50 ? "median" : fmt::format("p{}", o.latency.percentile);
  t.extras = {
      {"device", device.empty() ? nlohmann::json(nullptr) : nlohmann::json(device)},
      {"batch", batch},
      {"iterations", o.count},
      {"duration_ms", o.duration_ms},
      {"throughput_fps", or_null(o.throughput_fps)},
      {"fps_method", "Count x batch / Duration (the tool's own clock over its timed loop)"},
      {"first_inference_ms", or_null(o.first_inference_ms)},
      {"read_model_ms", or_null(o.read_model_ms)},
      {"compile_model_ms", or_null(o.compile_model_ms)},
      {"latency_ms",
       {{pct, or_null(o.latency.median_ms)},
        {"average", or_null(o.latency.average_ms)},
        {"min", or_null(o.latency.min_ms)},
        {"max", or_null(o.latency.max_ms)}}},
      {"latency_unit_printed", o.latency.unit.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.latency.unit)},
      {"execution_devices",
       o.execution_devices.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.execution_devices)},
      {"measuring", o.measuring},
      {"warmup_skipped", o.warmup_skipped}};
  if (max_fps) t.extras["max_irate"] = *max_fps;
  // The tool's figure is rounded to 2 decimals from a Duration rounded likewise.
  if (o.throughput_fps && *o.throughput_fps > 0) {
    double diff = std::abs(*o.throughput_fps - *t.fps) / *t.fps;
    if (diff > 0.002 + 0.01 / *o.throughput_fps)
      t.warnings.push_back(fmt::format(
          "the tool's Throughput {:.2f} FPS differs by {:.1f} % from Count x batch / Duration = {:.2f} FPS{}",
          *o.throughput_fps, 100 * diff, *t.fps,
          o.format == Format::r2021 ? " (2021 releases print batch / median latency there in sync mode)"
                                    : " (a dynamic-shape model changes its batch per request)"));
  }
  return t;
}
// A statistics report file alone (benchmark_report.csv/json): the same loop, the same clock.
ToolResult report_result(const ReportFile& r, const std::string& source) {
  ToolResult t;
  t.tool = "benchmark_app";
  t.sources = {source};
  t.measured_s = *r.duration_ms / 1000;
  if (r.throughput_from_latency()) {
    // 2021 sync: the printed throughput is batch × 1000 / median latency; the count over the
    // duration is the delivered rate (batch from -b, else one frame per request).
    double batch = r.batch_flag.value_or(1);
    if (!r.batch_flag) t.warnings.push_back("the 2021 report names no batch (-b): one frame per request assumed");
    t.frames = *r.iterations * batch;
    t.fps = *t.frames / *t.measured_s;
    t.other_fps["throughput_printed"] = *r.throughput_fps;
  } else {
    // throughput = 1000 × processedFramesN / totalDuration (main.cpp): the frames are its product.
    t.frames = std::round(*r.throughput_fps * *r.duration_ms / 1000);
    t.fps = *r.throughput_fps;
  }
  t.latency_mean_ms = r.latency_avg_ms;
  t.extras = {{"report_file", r.form},
              {"iterations", *r.iterations},
              {"duration_ms", *r.duration_ms},
              {"batch", *r.iterations > 0 ? nlohmann::json(*t.frames / *r.iterations) : nlohmann::json(nullptr)},
              {"fps_method", "the report's throughput: frames (iterations x batch) / total execution time"},
              {"latency_ms",
               {{"median", or_null(r.latency_median_ms)},
                {"average", or_null(r.latency_avg_ms)},
                {"min", or_null(r.latency_min_ms)},
                {"max", or_null(r.latency_max_ms)}}}};
  if (r.percentile) t.extras["latency_percentile"] = *r.percentile;
  return t;
}

// The report the tool wrote in its working folder (-report_type / -json_stats, no -report_folder).
std::optional<std::pair<ReportFile, fs::path>> report_in(const fs::path& tool_dir) {
  for (const char* name : {"benchmark_report.json", "benchmark_report.csv"})
    if (fs::exists(tool_dir / name))
      return std::make_pair(parse_report(read_whole_file(tool_dir / name), (tool_dir / name).string()),
                            tool_dir / name);
  return std::nullopt;
}

class BenchmarkAppAdapter final : public Adapter {
 public:
  std::string name() const override { return "benchmark_app"; }
  std::string default_executable() const override { return "benchmark_app"; }
  WorkKeys work_keys() const override { return {{"model"}, {"device", "hint", "api", "nireq", "batch", "max_fps"}}; }

  void check_args(const ConfigNode& a) const override {
    a.allow_only({"model", "device", "duration_s", "iterations", "hint", "api", "nireq", "batch", "max_fps",
                  "statistics_report"});
    if (auto r = a.string("statistics_report"); r && *r != "csv" && *r != "json")
      a.fail("statistics_report",
             fmt::format("'{}': expected csv (-report_type no_counters) or json (with -json_stats)", *r));
    a.require_string("model");
    std::string device = a.string("device").value_or("CPU");
    std::string plugin = device.substr(0, device.find_first_of(".:"));
    if (!one_of(kDevices, plugin))
      a.fail("device",
             fmt::format("'{}': expected a device benchmark_app's -d takes: {} (GPU.1 for a second GPU; AUTO, MULTI, "
                         "HETERO and BATCH with a list, e.g. AUTO:NPU,CPU)",
                         device, joined(kDevices)));
    auto t = whole(a, "duration_s", 1);
    auto n = whole(a, "iterations", 1);
    if (t && n)
      a.fail("iterations",
             "give duration_s (-t) or iterations (-niter), not both: the tool runs until both limits are met");
    if (auto h = a.string("hint"); h && !one_of(kHints, *h))
      a.fail("hint", fmt::format("'{}': expected one of {}", *h, joined(kHints)));
    auto api = a.string("api");
    if (api && *api != "sync" && *api != "async") a.fail("api", fmt::format("'{}': expected sync or async", *api));
    auto nireq = whole(a, "nireq", 1);
    if (api && *api == "sync" && n && nireq && *nireq > *n)
      a.fail("nireq", "with api: sync the tool refuses more infer requests than iterations");
    whole(a, "batch", 1);
    if (a.has("max_fps")) a.positive("max_fps", a.require_number("max_fps"));
  }

  // -max_irate: "Optional. Maximum inference rate by frame per second" (a double; main.cpp sleeps
  // until processed frames / max_irate), so frames over all requests and batches.
  Adapter::Pacing pacing(const ConfigNode& a, double fps) const override {
    if (a.has("max_fps")) return {{}, "benchmark.args.max_fps caps the rate too: keep one of the two"};
    return {{"-max_irate", fmt::format("{}", fps)}, ""};
  }

  ToolInvocation invocation(const BenchmarkConfig& b, const fs::path& config_dir) const override {
    ConfigNode a(b.args, "(config)", "benchmark.args");
    ToolInvocation inv;
    std::string model = config_path(a.require_string("model"), config_dir);
    std::string device = a.string("device").value_or("CPU");
    inv.args = {"-m", model, "-d", device};
    if (auto n = a.integer("iterations")) {
      inv.args.insert(inv.args.end(), {"-niter", std::to_string(*n)});
    } else {
      // Always a limit: the tool's default duration depends on the device.
      long long t = a.integer("duration_s").value_or(kDefaultDurationS);
      inv.args.insert(inv.args.end(), {"-t", std::to_string(t)});
      inv.expected_s = static_cast<double>(t);
    }
    if (auto h = a.string("hint")) inv.args.insert(inv.args.end(), {"-hint", *h});
    if (auto api = a.string("api")) inv.args.insert(inv.args.end(), {"-api", *api});
    if (auto n = a.integer("nireq")) inv.args.insert(inv.args.end(), {"-nireq", std::to_string(*n)});
    if (auto n = a.integer("batch")) {
      inv.args.insert(inv.args.end(), {"-b", std::to_string(*n)});
      inv.context["batch"] = *n;
    }
    if (auto m = a.number("max_fps")) {
      inv.args.insert(inv.args.end(), {"-max_irate", fmt::format("{:g}", *m)});
      inv.context["max_fps"] = *m;
    }
    if (b.target_fps) {
      auto cap = pacing(a, *b.target_fps).args;
      inv.args.insert(inv.args.end(), cap.begin(), cap.end());
      inv.context["max_fps"] = *b.target_fps;
    }
    // The statistics report in the working folder (no -report_folder), read beside the output.
    if (auto r = a.string("statistics_report")) {
      inv.args.insert(inv.args.end(), {"-report_type", "no_counters"});
      if (*r == "json") inv.args.push_back("-json_stats");
    }
    inv.args.insert(inv.args.end(), b.extra_args.begin(), b.extra_args.end());
    inv.context["device"] = device;
    inv.context["model"] = fs::path(model).filename().string();
    inv.live_lines = true;
    return inv;
  }

  ToolResult parse_run(const fs::path& tool_dir, const fs::path& stdout_log, const fs::path& stderr_log,
                       const ToolInvocation& inv) const override {
    std::string out = read_tool_log(stdout_log);
    std::string err = read_tool_log_if_any(stderr_log);
    if (!has_report(out)) {
      std::string why = failure_reason(out, err);
      // OpenVINO's words for a model its plugin cannot take (read_model / compile_model exceptions:
      // "Unsupported operation ...", "... is not supported", "Cannot create <op> layer"); a plugin or
      // device that cannot be created or is lost is the card's.
      if (!why.empty())
        throw ToolError(
            fmt::format("benchmark_app stopped before its report: '{}'", why),
            text::contains_any_ci(why, {"unsupported operation", "not supported", "cannot create", "unsupported model"})
                ? ToolError::Cause::model
                : ToolError::Cause::card_or_setup);
      // stdout cut (a full disk, a lost pty), but the statistics report file was written.
      if (auto rep = report_in(tool_dir)) {
        auto t = report_result(rep->first, rep->second.string());
        t.model = inv.context.value("model", "");
        t.warnings.push_back("the figures come from the statistics report file: the tool's output has no report");
        return t;
      }
    }
    auto t = to_result(parse(out, stdout_log.string()), ctx_number(inv, "batch"), ctx_number(inv, "max_fps"),
                       inv.context.value("device", ""), inv.context.value("model", ""), stdout_log.string());
    if (auto rep = report_in(tool_dir)) {
      t.sources.push_back(rep->second.string());
      t.extras["report_file"] = rep->first.form;
      // Both come from the same loop and clock: the file has 6 decimals, stdout fewer.
      if (std::abs(*rep->first.duration_ms - t.extras["duration_ms"].get<double>()) >
          0.01 + 1e-4 * *rep->first.duration_ms)
        t.warnings.push_back(fmt::format("the statistics report file says {} ms, the output {} ms",
                                         *rep->first.duration_ms, t.extras["duration_ms"].get<double>()));
    }
    return t;
  }

  WindowEvidence window_evidence(const std::vector<TimedLine>& lines, const ToolInvocation&) const override {
    WindowEvidence w;
    for (const auto& l : lines) {
      if (l.stream != 1) continue;
      if (is_timed_start(l.text)) {
        w.marker_start_s = l.t_s;
        w.detail = fmt::format("'{}', printed just before the timed loop's first request", l.text.substr(0, 80));
      } else if (is_report_step(l.text)) {
        w.end_anchor_s = l.t_s;
        w.end_anchor_text = l.text;
        break;
      }
    }
    w.uncertainty_s = kLineDeliveryS;
    return w;
  }

  nlohmann::json parse_files(const std::vector<fs::path>& files) const override {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : files) {
      std::string text = read_whole_file(f);
      // The statistics report files by content (their names depend on -report_folder and -json_stats).
      std::string kind = report_kind(text);
      if (!kind.empty()) {
        out.push_back({{"file", f.string()},
                       {"kind", kind},
                       {"result", to_json(report_result(parse_report(text, f.string()), f.string()))}});
        continue;
      }
      auto t = to_result(parse(text, f.string()), std::nullopt, std::nullopt, "", "", f.string());
      out.push_back({{"file", f.string()}, {"result", to_json(t)}});
    }
    return out;
  }
};

}  // namespace

const Adapter& benchmark_app_adapter() {
  static const BenchmarkAppAdapter adapter;
  return adapter;
}

}  // namespace wb
