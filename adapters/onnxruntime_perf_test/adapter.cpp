// onnxruntime_perf_test adapter: -e EP -m duration -t S | -m times -r N [-x T] [-i "k|v ..."] -I -s model.
// Window: the tool's "Total inference run time", ending where its summary starts.
#include "adapters/onnxruntime_perf_test/adapter.hpp"

#include <fmt/format.h>

#include <set>

#include "adapters/end_anchor.hpp"
#include "adapters/files.hpp"
#include "adapters/onnxruntime_perf_test/parse.hpp"
#include "adapters/text_util.hpp"
#include "harness/config/benchmark_config.hpp"
#include "harness/config/node.hpp"
#include "harness/util/json_or_null.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {

// -e values the tool's command_args_parser.cc accepts (kXxxExecutionProvider by name).
const std::set<std::string> kProviders{"cpu",  "cuda",     "dnnl",    "tensorrt", "openvino", "qnn",
                                       "snpe", "nnapi",    "coreml",  "dml",      "acl",      "armnn",
                                       "rocm", "migraphx", "xnnpack", "vitisai",  "webgpu",   "nv_tensorrt_rtx"};

ToolResult to_result(const onnxruntime_perf_test::Output& o, double batch, const std::string& ep, std::string model,
                     std::vector<std::string> sources) {
  ToolResult t;
  t.tool = "onnxruntime_perf_test";
  t.model = std::move(model);
  // The run's wall time when printed; the oldest versions print only the sum of the requests'
  // own times, which is the same span for sequential requests (-c 1).
  double span = o.run_time_s ? *o.run_time_s : *o.total_time_cost_s;
  double per_s = o.per_second ? *o.per_second : *o.requests / span;
  t.fps = per_s * batch;  // one request is one batch of inputs
  t.frames = *o.requests * batch;
  t.measured_s = span;
  t.latency_mean_ms = o.average_ms;
  if (!o.run_time_s)
    t.warnings.push_back("no 'Total inference run time' (old perftest): the window is the sum of the requests' times");
  nlohmann::json lat = nlohmann::json::object();
  for (const auto& [k, v] : o.latency_s) lat[k] = v * 1000;
  t.extras = {{"execution_provider", ep.empty() ? nlohmann::json(nullptr) : nlohmann::json(ep)},
              {"batch", batch},
              {"requests", *o.requests},
              {"session_creation_s", or_null(o.session_creation_s)},
              {"first_inference_ms", or_null(o.first_inference_ms)},
              {"total_inference_time_cost_s", or_null(o.total_time_cost_s)},
              {"run_time_s", or_null(o.run_time_s)},
              {"inferences_per_second", or_null(o.per_second)},
              {"avg_cpu_usage_pct", or_null(o.cpu_usage_pct)},
              {"peak_working_set_bytes", or_null(o.peak_working_set_bytes)},
              {"latency_ms", lat}};
  t.sources = std::move(sources);
  return t;
}

class OnnxruntimePerfTestAdapter final : public Adapter {
 public:
  std::string name() const override { return "onnxruntime_perf_test"; }
  std::string default_executable() const override { return "onnxruntime_perf_test"; }
  WorkKeys work_keys() const override {
    return {{"model"}, {"execution_provider", "provider_options", "threads", "batch"}};
  }

  void check_args(const ConfigNode& a) const override {
    a.allow_only({"model", "execution_provider", "provider_options", "mode", "duration_s", "repeats", "threads",
                  "batch", "generate_inputs", "statistics"});
    a.require_string("model");
    auto ep = a.string("execution_provider").value_or("cpu");
    if (!kProviders.count(ep)) {
      std::string all;
      for (const auto& p : kProviders) all += (all.empty() ? "" : ", ") + p;
      a.fail("execution_provider", fmt::format("'{}': expected one of the tool's -e values: {}", ep, all));
    }
    auto mode = a.string("mode").value_or("duration");
    if (mode != "duration" && mode != "times")
      a.fail("mode", fmt::format("'{}': expected duration (-t) or times (-r)", mode));
    if (mode == "duration" && a.has("repeats")) a.fail("repeats", "only with mode: times");
    if (mode == "times" && a.has("duration_s")) a.fail("duration_s", "only with mode: duration");
    // -t goes through OrtStrtol into an integer count of seconds.
    if (auto d = a.integer("duration_s"); d && *d < 1)
      a.fail("duration_s", "must be a whole number of seconds, 1 or more");
    if (auto r = a.integer("repeats"); r && *r < 1) a.fail("repeats", "must be 1 or more");
    if (auto x = a.integer("threads"); x && *x < 0) a.fail("threads", "must be 0 (the tool's default) or more");
    if (auto b = a.integer("batch"); b && *b < 1) a.fail("batch", "must be 1 or more (inputs per request)");
    a.string("provider_options");
    a.boolean("generate_inputs");
    a.boolean("statistics");
  }

  ToolInvocation invocation(const BenchmarkConfig& b, const fs::path& config_dir) const override {
    ConfigNode a(b.args, "(config)", "benchmark.args");
    ToolInvocation inv;
    std::string ep = a.string("execution_provider").value_or("cpu");
    inv.args = {"-e", ep};
    if (a.string("mode").value_or("duration") == "times") {
      inv.args.insert(inv.args.end(), {"-m", "times", "-r", std::to_string(a.integer("repeats").value_or(1000))});
    } else {
      auto d = a.integer("duration_s").value_or(10);
      inv.args.insert(inv.args.end(), {"-m", "duration", "-t", std::to_string(d)});
      inv.expected_s = static_cast<double>(d);
    }
    if (auto x = a.integer("threads")) inv.args.insert(inv.args.end(), {"-x", std::to_string(*x)});
    if (auto i = a.string("provider_options")) inv.args.insert(inv.args.end(), {"-i", *i});
    if (a.boolean("generate_inputs").value_or(true))
      inv.args.push_back("-I");                                            // random inputs, no test_data_set_* folder
    if (a.boolean("statistics").value_or(true)) inv.args.push_back("-s");  // the latency percentiles
    inv.args.insert(inv.args.end(), b.extra_args.begin(), b.extra_args.end());
    std::string model = config_path(a.require_string("model"), config_dir);
    inv.args.push_back(model);
    inv.context = {{"batch", a.integer("batch").value_or(1)},
                   {"execution_provider", ep},
                   {"model", fs::path(model).filename().string()}};
    inv.live_lines = true;
    return inv;
  }

  ToolResult parse_run(const fs::path&, const fs::path& stdout_log, const fs::path& stderr_log,
                       const ToolInvocation& inv) const override {
    std::string out = read_tool_log(stdout_log);
    std::string err = read_tool_log_if_any(stderr_log);
    if (!onnxruntime_perf_test::has_summary(out)) {
      std::string why = onnxruntime_perf_test::failure_reason(out, err);
      // ONNX Runtime's statuses about the graph (onnxruntime/core/common/status.h codes INVALID_GRAPH,
      // INVALID_PROTOBUF, NOT_IMPLEMENTED; the kernel registry's "Could not find an implementation for
      // <op> node") refuse the model; an execution provider that cannot start is the card's.
      if (!why.empty())
        throw ToolError(fmt::format("onnxruntime_perf_test stopped before its summary: '{}'", why),
                        text::contains_any_ci(why, {"could not find an implementation", "invalid_graph",
                                                    "invalid_protobuf", "not_implemented", "load model from"})
                            ? ToolError::Cause::model
                            : ToolError::Cause::card_or_setup);
    }
    return to_result(onnxruntime_perf_test::parse(out, stdout_log.string()), inv.context.value("batch", 1.0),
                     inv.context.value("execution_provider", ""), inv.context.value("model", ""),
                     {stdout_log.string()});
  }

  WindowEvidence window_evidence(const std::vector<TimedLine>& lines, const ToolInvocation&) const override {
    WindowEvidence w;
    anchor_end_at_first(w, lines, [](const TimedLine& l) { return onnxruntime_perf_test::is_summary_start(l.text); });
    return w;
  }

  nlohmann::json parse_files(const std::vector<fs::path>& files) const override {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : files) {
      std::string text = read_whole_file(f);
      out.push_back(
          {{"file", f.string()},
           {"result", to_json(to_result(onnxruntime_perf_test::parse(text, f.string()), 1, "", "", {f.string()}))}});
    }
    return out;
  }
};

}  // namespace

const Adapter& onnxruntime_perf_test_adapter() {
  static const OnnxruntimePerfTestAdapter adapter;
  return adapter;
}

}  // namespace wb
