// The infer tool kind: launches wattbench-infer like any vendor CLI. Figures from its own
// files in its working folder: the timestamp log (window = the warm-up's last receive .. the
// last measured receive, frames = the receives between, both on CLOCK_MONOTONIC, so the window
// is "tool-clock") and infer-result.json (runtime name and version, latency percentiles, pacing,
// output agreement). Pacing: the server scenario at benchmark.target_fps.
#include "adapters/infer/adapter.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>

#include "adapters/files.hpp"
#include "adapters/infer/parse.hpp"
#include "harness/config/benchmark_config.hpp"
#include "harness/config/node.hpp"
#include "harness/config/yaml_json.hpp"
#include "harness/util/printable.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {
constexpr const char* kTimestamps = "infer-timestamps.txt";
constexpr const char* kResult = "infer-result.json";
constexpr double kDefaultMinAgreement = 0.99;

// A runtime is a path (made absolute beside the config) or the bare name of one this project builds.
std::string runtime_arg(const std::string& r, const fs::path& config_dir) {
  return r.find('/') == std::string::npos ? r : config_path(r, config_dir);
}

nlohmann::json read_result(const fs::path& tool_dir) {
  fs::path p = tool_dir / kResult;
  if (!fs::is_regular_file(p)) return nullptr;
  try {
    return nlohmann::json::parse(read_whole_file(p));
  } catch (const nlohmann::json::exception& e) {
    throw ParseError(fmt::format("{}: not valid JSON: {}", p.string(), e.what()));
  }
}

infer_tool::Timestamps read_stamps(const fs::path& tool_dir) {
  fs::path p = tool_dir / kTimestamps;
  if (!fs::is_regular_file(p))
    throw ParseError(fmt::format("{}: missing (wattbench-infer writes it as the run goes)", p.string()));
  std::ifstream in(p);
  try {
    return infer_tool::read_timestamps(in, p.string());
  } catch (const std::runtime_error& e) {
    throw ParseError(e.what());
  }
}

class InferAdapter final : public Adapter {
 public:
  std::string name() const override { return "infer"; }
  std::string default_executable() const override { return "wattbench-infer"; }
  WorkKeys work_keys() const override {
    return {{"model", "runtime", "pipeline"},
            {"scenario", "in_flight", "target_fps", "inputs", "runtime_args", "interface", "seed", "images",
             "image_mean", "image_std"}};
  }

  void check_args(const ConfigNode& a) const override {
    a.allow_only({"backend",
                  "runtime",
                  "runtime_args",
                  "interface",
                  "model",
                  "onnx",
                  "inputs",
                  "seed",
                  "input_sets",
                  "scenario",
                  "in_flight",
                  "target_fps",
                  "warmup",
                  "duration_s",
                  "count",
                  "receive_timeout_s",
                  "reference_runtime",
                  "reference_model",
                  "reference_args",
                  "min_agreement",
                  "pipeline",
                  "images",
                  "image_mean",
                  "image_std"});
    if (a.has("pipeline")) {
      a.require_string("pipeline");
      for (const char* k : {"runtime", "model", "onnx", "inputs", "runtime_args", "reference_runtime",
                            "reference_model", "target_fps", "images"})
        if (a.has(k))
          a.fail(k, "a pipeline names each stage's runtime, model and inputs in its own file; remove this key");
      if (!a.has("duration_s") && !a.has("count"))
        a.fail_here("infer needs duration_s or count: how long the measured phase runs");
      return;
    }
    for (const char* k : {"runtime", "reference_runtime"})
      if (auto r = a.string(k);
          r && r->find('/') == std::string::npos &&
          (r->empty() || (*r)[0] == '-' || (*r)[0] == '.' ||
           r->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.") !=
               std::string::npos))
        a.fail(k,
               "a path to the runtime's shared library (with a '/'), or the bare name of a runtime in bin/oaax/ "
               "(letters, digits, '_', '-', '.')");
    a.require_string("runtime");
    a.require_string("model");
    if (auto s = a.string("scenario"); s && *s != "single-stream" && *s != "offline" && *s != "server")
      a.fail("scenario", "expected single-stream, offline or server (MLPerf LoadGen's names)");
    if (auto s = a.string("interface"); s && *s != "auto" && *s != "spec-1.0" && *s != "header-1.0")
      a.fail("interface", "expected auto, spec-1.0 or header-1.0");
    if (auto v = a.number("target_fps")) a.positive("target_fps", *v);
    if (auto v = a.integer("in_flight"); v && (*v < 1 || *v > 65536)) a.fail("in_flight", "expected 1..65536");
    if (auto v = a.integer("input_sets"); v && (*v < 1 || *v > 4096)) a.fail("input_sets", "expected 1..4096");
    if (auto v = a.integer("warmup"); v && *v < 0) a.fail("warmup", "expected 0 or more inferences");
    if (auto v = a.integer("count"); v && *v < 1) a.fail("count", "expected 1 or more inferences");
    if (auto v = a.integer("seed"); v && *v < 0) a.fail("seed", "expected 0 or more");
    if (auto v = a.number("duration_s")) a.seconds("duration_s", *v, false);
    if (auto v = a.number("receive_timeout_s")) a.seconds("receive_timeout_s", *v, false);
    if (auto v = a.number("image_std")) a.positive("image_std", *v);
    a.number("image_mean");
    if (auto v = a.number("min_agreement")) a.in_range("min_agreement", *v, 0, 1, "(a share of the input sets)");
    if (!a.has("duration_s") && !a.has("count"))
      a.fail_here("infer needs duration_s or count: how long the measured phase runs");
    for (const char* k : {"runtime_args", "reference_args"})
      if (auto m = a.mapping(k))
        for (const auto& kv : m->yaml())
          if (!kv.second.IsScalar())
            m->fail(kv.first.as<std::string>(), "a runtime argument is a single value (passed as a string)");
    for (const auto& in : a.mapping_list("inputs")) {
      in.allow_only({"name", "type", "shape"});
      in.require_string("name");
      in.require_string("type");
      auto dims = in.string_list("shape");
      if (!dims || dims->empty()) in.fail("shape", "expected a list of positive dimensions");
      for (const auto& d : *dims)
        if (d.empty() || d.size() > 9 || d.find_first_not_of("0123456789") != std::string::npos || std::stoul(d) == 0)
          in.fail("shape", fmt::format("'{}' is not a positive dimension", d));
    }
    if (!a.has("inputs") && !a.has("onnx") && fs::path(a.require_string("model")).extension() != ".onnx")
      a.fail_here(
          "infer needs the inputs: inputs (name, type, shape) or onnx (the source ONNX model to read them from)");
  }

  ToolInvocation invocation(const BenchmarkConfig& b, const fs::path& config_dir) const override {
    ConfigNode a(b.args, "(config)", "benchmark.args");
    ToolInvocation inv;
    auto& v = inv.args;
    // Every option as --flag=value: a value that starts with '-' (a hostile name) stays a value.
    auto put = [&](const std::string& flag, const std::string& value) { v.push_back(flag + "=" + value); };
    auto opt = [&](const char* key, const char* flag) {
      if (auto s = a.string(key)) put(flag, *s);
    };
    if (auto p = a.string("pipeline")) {
      put("--pipeline", config_path(*p, config_dir));
    } else {
      put("--runtime", runtime_arg(a.require_string("runtime"), config_dir));
      put("--model", config_path(a.require_string("model"), config_dir));
    }
    opt("backend", "--backend");
    opt("interface", "--interface");
    if (auto s = a.string("onnx")) put("--onnx", config_path(*s, config_dir));
    if (auto s = a.string("images")) put("--images", config_path(*s, config_dir));
    opt("image_mean", "--image-mean");
    opt("image_std", "--image-std");
    for (const char* k : {"runtime_args", "reference_args"})
      if (auto m = a.mapping(k))
        for (const auto& kv : m->yaml())
          put(std::string(k) == "runtime_args" ? "--arg" : "--reference-arg",
              kv.first.as<std::string>() + "=" + kv.second.as<std::string>());
    for (const auto& in : a.mapping_list("inputs")) {
      std::string dims;
      const auto shape = in.string_list("shape").value_or(std::vector<std::string>{});
      for (const auto& d : shape) dims += (dims.empty() ? "" : "x") + d;
      put("--input", *in.string("name") + ":" + *in.string("type") + ":" + dims);
    }
    opt("seed", "--seed");
    opt("input_sets", "--input-sets");
    opt("scenario", "--scenario");
    opt("in_flight", "--in-flight");
    opt("target_fps", "--target-fps");
    opt("warmup", "--warmup");
    opt("duration_s", "--duration-s");
    opt("count", "--count");
    opt("receive_timeout_s", "--receive-timeout-s");
    if (auto s = a.string("reference_runtime")) put("--reference-runtime", runtime_arg(*s, config_dir));
    if (auto s = a.string("reference_model")) put("--reference-model", config_path(*s, config_dir));
    if (b.target_fps) {
      auto cap = pacing(a, *b.target_fps).args;
      v.insert(v.end(), cap.begin(), cap.end());
    }
    v.insert(v.end(), b.extra_args.begin(), b.extra_args.end());
    if (auto d = a.number("duration_s")) inv.expected_s = *d;
    inv.context = yaml_to_json(b.args);
    return inv;
  }

  Adapter::Pacing pacing(const ConfigNode& a, double fps) const override {
    if (a.has("pipeline")) return {{}, "a pipeline runs single-stream or offline"};
    if (auto s = a.string("scenario"); s && *s != "server")
      return {{},
              fmt::format("scenario {} runs flat out; only server paces (remove scenario or set it to server)", *s)};
    std::vector<std::string> args{"--scenario=server", fmt::format("--target-fps={}", fps)};
    if (!a.has("in_flight")) args.push_back("--in-flight=64");  // a cap on outstanding work, not a queue depth
    return {args, ""};
  }

  ToolResult parse_run(const fs::path& tool_dir, const fs::path& stdout_log, const fs::path& stderr_log,
                       const ToolInvocation& inv) const override {
    ToolResult t;
    t.tool = "infer";
    t.model = inv.context.value("model", "");
    auto res = read_result(tool_dir);
    if (res.is_null()) {
      std::string err = read_tool_log(stderr_log);
      auto pos = err.rfind("wattbench-infer: ");
      if (pos != std::string::npos) {
        std::string said = err.substr(pos + 17);
        while (!said.empty() && (said.back() == '\n' || said.back() == '\r')) said.pop_back();
        throw ToolError(printable(said));  // a runtime's words may carry escapes or control bytes
      }
      throw ParseError(
          fmt::format("{}: missing, and {} names no reason", (tool_dir / kResult).string(), stderr_log.string()));
    }
    if (res.contains("error") && res["error"].is_string()) {
      std::string e = printable(res["error"].get<std::string>());
      // A runtime that returns no message may have logged one (DeepX's and Hailo's OAAX runtimes
      // log and return a bare code): its last stderr line that is not the runner's own.
      if (e.find("(the runtime gave no message)") != std::string::npos) {
        std::string err = read_tool_log(stderr_log), last;
        std::size_t start = 0;
        while (start < err.size()) {
          auto end = err.find('\n', start);
          std::string line = err.substr(start, end == std::string::npos ? std::string::npos : end - start);
          if (!line.empty() && line.rfind("wattbench-infer", 0) != 0) last = line;
          if (end == std::string::npos) break;
          start = end + 1;
        }
        if (!last.empty()) e += "; its last words on stderr: " + printable(last.substr(0, 500));
      }
      bool model = e.find("runtime_model_loading") != std::string::npos;
      if (res.contains("measured") && res["measured"].is_number())
        e += fmt::format(" ({} inferences measured before it, kept in {} and {})", res["measured"].get<std::uint64_t>(),
                         (tool_dir / kTimestamps).string(), (tool_dir / kResult).string());
      throw ToolError(e, model ? ToolError::Cause::model : ToolError::Cause::card_or_setup);
    }
    auto st = read_stamps(tool_dir);
    t.sources = {(tool_dir / kTimestamps).string(), (tool_dir / kResult).string()};
    if (!st.window_start_ns || !st.window_end_ns || st.measured == 0)
      throw ParseError(fmt::format("{}: no measured inferences (no window start, end or receive between)",
                                   (tool_dir / kTimestamps).string()));
    t.steady_start_s = *st.window_start_ns / 1e9;
    t.steady_end_s = *st.window_end_ns / 1e9;
    t.window_note = "wattbench-infer's CLOCK_MONOTONIC stamps: the warm-up's last receive to the last measured receive";
    t.frames = static_cast<double>(st.measured);
    t.measured_s = (*st.window_end_ns - *st.window_start_ns) / 1e9;
    if (*t.measured_s > 0) t.fps = *t.frames / *t.measured_s;
    if (res.value("measured", std::uint64_t{0}) != st.measured)
      t.warnings.push_back(
          fmt::format("infer-result.json counts {} measured inferences, the timestamp log {}: the log's count is used",
                      res.value("measured", std::uint64_t{0}), st.measured));
    if (res.contains("latency_ms") && res["latency_ms"]["mean"].is_number())
      t.latency_mean_ms = res["latency_ms"]["mean"].get<double>();
    if (res.contains("runtime")) {
      t.versions["runtime"] = printable(res["runtime"].value("name", ""));
      t.versions["runtime_version"] = printable(res["runtime"].value("version", ""));
      t.versions["oaax_interface"] = printable(res["runtime"].value("interface", ""));
    }
    for (const char* k : {"scenario", "in_flight", "warmup", "latency_ms", "target_fps", "achieved_over_target",
                          "dropped_deadlines", "inputs", "seed", "input_sets", "backend", "stages", "pipeline_file",
                          "late_sends", "max_send_lateness_ms", "images"})
      if (res.contains(k)) t.extras[k] = res[k];
    if (res.contains("late_sends") && res["late_sends"].is_number() && res.value("sent", std::uint64_t{0}) > 0 &&
        res["late_sends"].get<double>() > 0.01 * res["sent"].get<double>())
      t.warnings.push_back(fmt::format(
          "{} of {} paced sends left more than 1 ms after their deadline (at worst {:.1f} ms): the runtime's "
          "receive_output blocks the runner's loop; the rate holds on average, single sends do not",
          res["late_sends"].get<std::uint64_t>(), res["sent"].get<std::uint64_t>(),
          res.value("max_send_lateness_ms", 0.0)));
    if (res.contains("dropped_deadlines") && res["dropped_deadlines"].get<std::uint64_t>() > 0)
      t.warnings.push_back(fmt::format("the server scenario fell more than 1 s behind and gave up {} deadlines",
                                       res["dropped_deadlines"].get<std::uint64_t>()));
    if (res.contains("accuracy")) {
      auto acc = res["accuracy"];
      double min =
          inv.context.contains("min_agreement") ? inv.context["min_agreement"].get<double>() : kDefaultMinAgreement;
      acc["min_agreement"] = min;
      if (acc.contains("error")) {
        t.warnings.push_back("output agreement unknown: " + acc["error"].get<std::string>());
        acc["below_min_agreement"] = nullptr;
      } else {
        double top1 = acc.value("top1_agreement", 0.0);
        acc["below_min_agreement"] = top1 < min;
        if (top1 < min)
          t.warnings.push_back(fmt::format(
              "output agreement {:.1f} % top-1 against the reference runtime, below min_agreement {:.1f} %: "
              "its FPS/W is not ranked beside others",
              100 * top1, 100 * min));
      }
      t.extras["accuracy"] = acc;
    }
    (void)stdout_log;
    return t;
  }

  WindowEvidence window_evidence(const std::vector<TimedLine>& lines, const ToolInvocation&) const override {
    WindowEvidence w;
    for (const auto& l : lines) {
      if (l.stream != 1) continue;
      if (!w.marker_start_s && l.text.rfind("wattbench-infer measure start ", 0) == 0)
        w.marker_start_s = l.t_s;
      else if (w.marker_start_s && !w.marker_end_s && l.text.rfind("wattbench-infer measure end ", 0) == 0)
        w.marker_end_s = l.t_s;
    }
    w.detail = "the runner's measure start/end lines (its own timestamps are used where its log is read)";
    if (!w.marker_end_s) w.marker_start_s.reset();
    return w;
  }

  std::vector<ProgressPoint> run_progress(const std::vector<TimedLine>& lines, const ToolInvocation&,
                                          const fs::path& tool_dir) const override {
    std::vector<infer_tool::StampedLine> stamped;
    for (const auto& l : lines)
      if (l.stream == 1) stamped.push_back({l.t_s, l.text});
    auto offset = infer_tool::clock_offset_s(stamped);
    if (!offset || !fs::is_regular_file(tool_dir / kTimestamps)) return {};
    std::vector<ProgressPoint> out;
    try {
      for (const auto& [ns, n] : read_stamps(tool_dir).progress)
        out.push_back({ns / 1e9 + *offset, static_cast<double>(n)});
    } catch (const ParseError&) {
      return {};
    }
    return out;
  }

  nlohmann::json parse_files(const std::vector<fs::path>& files) const override {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : files) {
      if (f.filename() == kResult) {
        out.push_back(
            {{"file", f.string()}, {"kind", "infer-result"}, {"result", nlohmann::json::parse(read_whole_file(f))}});
      } else {
        std::ifstream in(f);
        if (!in) throw ParseError(fmt::format("{}: cannot read", f.string()));
        try {
          auto st = infer_tool::read_timestamps(in, f.string());
          nlohmann::json j = {{"file", f.string()},
                              {"kind", "infer-timestamps"},
                              {"sends", st.sends},
                              {"receives", st.receives},
                              {"measured", st.measured}};
          if (st.window_start_ns && st.window_end_ns && st.measured)
            j["window_s"] = (*st.window_end_ns - *st.window_start_ns) / 1e9,
            j["fps"] = st.measured / ((*st.window_end_ns - *st.window_start_ns) / 1e9);
          out.push_back(j);
        } catch (const std::runtime_error& e) {
          throw ParseError(e.what());
        }
      }
    }
    return out;
  }
};

}  // namespace

const Adapter& infer_adapter() {
  static const InferAdapter adapter;
  return adapter;
}

}  // namespace wb
