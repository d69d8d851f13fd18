// wattbench-infer: one runner for every inference runtime behind the backend seam (docs/infer.md).
// Options come from the command line, or from a YAML file (--config) whose keys are the long
// option names; the command line wins. The timed phase's every send and receive goes to the
// timestamp log; infer-result.json sums the run up; the outputs of the first input sets are
// compared with a reference runtime's (run in a child process after the measured phase).
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <yaml-cpp/yaml.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "infer/accuracy.hpp"
#include "infer/backend.hpp"
#include "infer/images.hpp"
#include "infer/inputs.hpp"
#include "infer/pipeline.hpp"
#include "infer/scenario.hpp"

namespace fs = std::filesystem;
using namespace wb::infer;

extern char** environ;

namespace {

struct Options {
  std::string config, backend = "oaax", runtime, model, onnx, interface = "auto", scenario = "single-stream";
  std::vector<std::string> args, inputs;
  std::size_t in_flight = 1, warmup = 20, input_sets = 8;
  double target_fps = 0, duration_s = 0, receive_timeout_s = 10;
  std::uint64_t count = 0, seed = 1;
  std::string timestamps = "infer-timestamps.txt", result = "infer-result.json";
  std::string reference_runtime, reference_model, reference_backend = "oaax", reference_interface = "auto";
  std::vector<std::string> reference_args;
  std::string reference_pass;  // internal: write the outputs of the input sets here and exit
  std::string pipeline;        // a cascade (pipeline YAML) instead of runtime + model
  std::string images;          // a folder of images for the first input
  double image_mean = 0, image_std = 1;
};

// YAML keys -> "--key=value" arguments ahead of the command line's (which CLI11 lets win).
std::vector<std::string> config_args(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec) || fs::file_size(path, ec) > (1 << 20))
    throw std::runtime_error(path + ": not a file under 1 MiB");
  YAML::Node root = YAML::LoadFile(path);
  if (!root.IsMap()) throw std::runtime_error(path + ": expected a mapping of option names to values");
  std::vector<std::string> out;
  for (const auto& kv : root) {
    std::string key = kv.first.as<std::string>();
    std::replace(key.begin(), key.end(), '_', '-');
    const YAML::Node& v = kv.second;
    if ((key == "runtime-args" || key == "reference-args") && v.IsMap()) {
      for (const auto& a : v)
        out.push_back("--" + std::string(key == "runtime-args" ? "arg" : "reference-arg") + "=" +
                      a.first.as<std::string>() + "=" + a.second.as<std::string>());
    } else if (key == "inputs" && v.IsSequence()) {
      for (const auto& i : v) {
        if (!i.IsMap() || !i["name"] || !i["type"] || !i["shape"] || !i["shape"].IsSequence())
          throw std::runtime_error(path + ": line " + std::to_string(i.Mark().line + 1) +
                                   ": an input needs name, type and shape (a list)");
        std::string dims;
        for (const auto& d : i["shape"]) dims += (dims.empty() ? "" : "x") + d.as<std::string>();
        out.push_back("--input=" + i["name"].as<std::string>() + ":" + i["type"].as<std::string>() + ":" + dims);
      }
    } else if (v.IsScalar()) {
      out.push_back("--" + key + "=" + v.as<std::string>());
    } else {
      throw std::runtime_error(path + ": line " + std::to_string(v.Mark().line + 1) + ": '" +
                               kv.first.as<std::string>() + "' expects a single value");
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> key_values(const std::vector<std::string>& a) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& s : a) {
    auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0)
      throw std::runtime_error("runtime argument '" + s + "': expected KEY=VALUE");
    out.emplace_back(s.substr(0, eq), s.substr(eq + 1));
  }
  return out;
}

nlohmann::json num(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

std::vector<InputSpec> input_specs(const std::vector<std::string>& inputs, const std::string& onnx,
                                   const std::string& model) {
  std::vector<InputSpec> specs;
  for (const auto& s : inputs) specs.push_back(parse_input_spec(s));
  if (specs.empty()) {
    std::string src = !onnx.empty() ? onnx : (fs::path(model).extension() == ".onnx" ? model : "");
    if (src.empty())
      throw std::runtime_error(
          "no inputs: give inputs (name, type, shape) or onnx: the source ONNX model to read them from");
    specs = specs_from_onnx(src);
  }
  return specs;
}

// The reference pass: each input set once, single-stream, outputs to a file.
int reference_pass(const Options& o, const std::vector<Tensors>& inputs) {
  BackendOptions bo{o.runtime, key_values(o.args), o.interface};
  auto b = make_backend(o.backend, bo);
  b->load_model(o.model);
  std::vector<Tensors> outs;
  for (const auto& in : inputs) {
    b->send(in);
    Tensors t;
    auto start = monotonic_ns();
    while (!b->receive(&t)) {
      if (monotonic_ns() - start > static_cast<std::int64_t>(o.receive_timeout_s * 1e9))
        throw RuntimeError("reference runtime: no output in " + std::to_string(o.receive_timeout_s) +
                           " s: " + b->runtime_message());
      usleep(50);
    }
    outs.push_back(std::move(t));
  }
  write_outputs(o.reference_pass, outs);
  return 0;
}

// Runs this program again as the reference pass; returns its outputs or throws with its words.
std::vector<Tensors> run_reference(const Options& o, const std::string& self) {
  std::string out_file = "infer-reference-outputs.bin", log_file = "infer-reference.log";
  std::vector<std::string> a{self,
                             "--backend",
                             o.reference_backend,
                             "--runtime",
                             o.reference_runtime,
                             "--model",
                             o.reference_model.empty() ? o.model : o.reference_model,
                             "--interface",
                             o.reference_interface,
                             "--seed",
                             std::to_string(o.seed),
                             "--input-sets",
                             std::to_string(o.input_sets),
                             "--receive-timeout-s",
                             std::to_string(o.receive_timeout_s),
                             "--reference-pass",
                             out_file};
  for (const auto& s : o.reference_args) a.insert(a.end(), {"--arg", s});
  for (const auto& s : o.inputs) a.insert(a.end(), {"--input", s});
  if (!o.onnx.empty()) a.insert(a.end(), {"--onnx", o.onnx});
  if (!o.images.empty())
    a.insert(a.end(), {"--images=" + o.images, "--image-mean=" + std::to_string(o.image_mean),
                       "--image-std=" + std::to_string(o.image_std)});
  std::vector<char*> argv;
  for (auto& s : a) argv.push_back(s.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  pid_t pid;
  int rc = posix_spawn(&pid, self.c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) throw std::runtime_error("cannot start the reference pass: " + std::string(strerror(rc)));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::ifstream in(log_file);
    std::string words((std::istreambuf_iterator<char>(in)), {});
    if (words.size() > 2000) words = words.substr(words.size() - 2000);
    throw std::runtime_error("the reference pass failed: " + words);
  }
  return read_outputs(out_file);
}

// A bare runtime name (letters, digits, '_', '-', '.') is a runtime this project builds: bin/oaax/lib<name>.so
// beside this program. Anything with a '/' is a path.
std::string resolve_runtime(const std::string& r, const std::string& self) {
  if (r.empty() || r.find('/') != std::string::npos) return r;
  if (r.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.") != std::string::npos ||
      r[0] == '.')
    throw std::runtime_error("runtime '" + r + "': a path (with '/') or the bare name of a runtime in " +
                             (fs::path(self).parent_path() / "oaax").string());
  fs::path p = fs::path(self).parent_path() / "oaax" / ("lib" + r + ".so");
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) throw std::runtime_error("runtime '" + r + "': no " + p.string());
  return p.string();
}

// The run loop's settings from the command line, for a model's run and a cascade's alike (a
// cascade runs no server scenario, so target_fps goes unread there).
ScenarioConfig scenario_config(const Options& o, Scenario sc) {
  ScenarioConfig c;
  c.scenario = sc;
  c.in_flight = o.in_flight;
  c.target_fps = o.target_fps;
  c.warmup = o.warmup;
  c.duration_s = o.duration_s;
  c.count = o.count;
  c.receive_timeout_s = o.receive_timeout_s;
  return c;
}

int run_cascade(const Options& o, const std::string& self);

int run(Options o, const std::string& self) {
  if (!o.pipeline.empty()) return run_cascade(o, self);
  if (o.runtime.empty() || o.model.empty())
    throw std::runtime_error("give runtime (the runtime's shared library) and model, or pipeline (a cascade's YAML)");
  o.runtime = resolve_runtime(o.runtime, self);
  o.reference_runtime = resolve_runtime(o.reference_runtime, self);
  auto specs = input_specs(o.inputs, o.onnx, o.model);
  if (!(o.image_std > 0)) throw std::runtime_error("image-std must be > 0");
  auto inputs = o.images.empty() ? synth_inputs(specs, o.seed, std::max<std::size_t>(1, o.input_sets))
                                 : image_inputs(specs, ImageOptions{o.images, o.image_mean, o.image_std}, o.seed,
                                                std::max<std::size_t>(1, o.input_sets));
  if (!o.reference_pass.empty()) return reference_pass(o, inputs);
  auto sc = scenario_from_name(o.scenario);
  if (!sc) throw std::runtime_error("scenario '" + o.scenario + "': expected single-stream, offline or server");
  if (*sc == Scenario::server && !(o.target_fps > 0)) throw std::runtime_error("scenario server needs target-fps > 0");
  if (o.duration_s <= 0 && o.count == 0)
    throw std::runtime_error("give duration-s or count: how long the measured phase runs");

  nlohmann::json res = {{"tool", "wattbench-infer"}, {"backend", o.backend}, {"scenario", scenario_name(*sc)},
                        {"model", o.model},          {"seed", o.seed},       {"input_sets", inputs.size()}};
  for (const auto& s : specs) {
    std::string dims;
    for (auto d : s.shape) dims += (dims.empty() ? "" : "x") + std::to_string(d);
    if (!o.images.empty())
      res["images"] = {{"folder", o.images}, {"sets", inputs.size()}, {"mean", o.image_mean}, {"std", o.image_std}};
    res["inputs"].push_back({{"name", s.name}, {"type", dtype_name(s.dtype)}, {"shape", dims}});
  }
  auto write_result = [&] {
    std::ofstream f(o.result + ".tmp", std::ios::trunc);
    f << res.dump(2) << "\n";
    f.close();
    fs::rename(o.result + ".tmp", o.result);
  };
  std::FILE* log = std::fopen(o.timestamps.c_str(), "w");
  if (!log) throw std::runtime_error(o.timestamps + ": cannot write: " + strerror(errno));
  static char buf[1 << 16];
  std::setvbuf(log, buf, _IOFBF, sizeof buf);
  std::fprintf(
      log, "# wattbench-infer timestamps v1: S|R <seq> <CLOCK_MONOTONIC ns>; W <ns> window start; E <ns> window end\n");
  int exit_code = 0;
  {
    std::unique_ptr<Backend> b;
    try {
      b = make_backend(o.backend, BackendOptions{o.runtime, key_values(o.args), o.interface});
      res["runtime"] = {{"name", b->runtime_name()}, {"version", b->runtime_version()}, {"interface", b->interface()}};
      std::printf("wattbench-infer runtime %s version %s interface %s\n", b->runtime_name().c_str(),
                  b->runtime_version().c_str(), b->interface().c_str());
      std::fflush(stdout);
      b->load_model(o.model);
    } catch (const std::exception& e) {
      res["error"] = e.what();
      write_result();
      std::fclose(log);
      throw;
    }
    ScenarioConfig c = scenario_config(o, *sc);
    c.capture = o.reference_runtime.empty() ? 0 : inputs.size();
    auto r = run_scenario(*b, inputs, c, log, stdout);
    std::fclose(log);
    double window_s = (r.window_end_ns - r.window_start_ns) / 1e9;
    res["in_flight"] = *sc == Scenario::single_stream ? 1 : o.in_flight;
    res["warmup"] = o.warmup;
    res["sent"] = r.sent;
    res["completed"] = r.completed;
    res["measured"] = r.measured;
    res["window_start_ns"] = r.window_start_ns;
    res["window_end_ns"] = r.window_end_ns;
    res["window_s"] = r.measured ? nlohmann::json(window_s) : nlohmann::json(nullptr);
    res["fps"] = r.measured && window_s > 0 ? nlohmann::json(r.measured / window_s) : nlohmann::json(nullptr);
    const auto& L = r.latency;
    res["latency_ms"] = {
        {"mean", num(L.mean_ms())},        {"p50", num(L.percentile_ms(50))},
        {"p90", num(L.percentile_ms(90))}, {"p99", num(L.percentile_ms(99))},
        {"max", num(L.max_ms())},          {"note", "percentiles within 0.1 % (log buckets), mean and max exact"}};
    if (*sc == Scenario::server) {
      res["target_fps"] = o.target_fps;
      res["dropped_deadlines"] = r.dropped_deadlines;
      res["late_sends"] = r.late_sends;
      res["max_send_lateness_ms"] = r.max_late_ns / 1e6;
      if (res["fps"].is_number()) res["achieved_over_target"] = res["fps"].get<double>() / o.target_fps;
    }
    if (!r.error.empty()) {
      res["error"] = r.error;
      write_result();
      std::fprintf(stderr,
                   "wattbench-infer: error mid-run after %llu of %llu inferences (%llu measured, kept in %s): %s\n",
                   static_cast<unsigned long long>(r.completed), static_cast<unsigned long long>(r.sent),
                   static_cast<unsigned long long>(r.measured), o.timestamps.c_str(), r.error.c_str());
      return 3;
    }
    write_result();
    if (!o.reference_runtime.empty()) {
      b.reset();  // the runtime under test ends before the reference starts
      try {
        auto ref = run_reference(o, self);
        auto a = compare_outputs(r.captured, ref);
        res["accuracy"] = to_json(a);
        res["accuracy"]["reference_runtime"] = o.reference_runtime;
        res["accuracy"]["reference_model"] = o.reference_model.empty() ? o.model : o.reference_model;
      } catch (const std::exception& e) {
        res["accuracy"] = {{"error", e.what()}};
        exit_code = 4;
        std::fprintf(stderr, "wattbench-infer: accuracy check failed: %s\n", e.what());
      }
      write_result();
    }
  }
  std::printf("wattbench-infer result %s\n", res.dump().c_str());
  return exit_code;
}

// A cascade: every stage its own runtime instance. OAAX runtimes keep one model per loaded library,
// so a library used by two stages is loaded from a private copy for the second.
int run_cascade(const Options& o, const std::string& self) {
  auto sc = scenario_from_name(o.scenario);
  if (!sc || *sc == Scenario::server)
    throw std::runtime_error("a pipeline runs single-stream or offline (scenario '" + o.scenario + "')");
  if (o.duration_s <= 0 && o.count == 0)
    throw std::runtime_error("give duration-s or count: how long the measured phase runs");
  auto specs = load_pipeline(o.pipeline);
  fs::path copies = fs::temp_directory_path() / ("wattbench-infer-" + std::to_string(getpid()));
  struct Cleanup {
    fs::path p;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(p, ec);
    }
  } cleanup{copies};
  std::vector<std::unique_ptr<Backend>> owned;
  std::vector<Backend*> stages;
  std::vector<std::vector<Tensors>> inputs;
  std::set<std::string> loaded;
  nlohmann::json res = {
      {"tool", "wattbench-infer"}, {"scenario", scenario_name(*sc)}, {"pipeline_file", o.pipeline}, {"seed", o.seed}};
  auto write_result = [&] {
    std::ofstream f(o.result + ".tmp", std::ios::trunc);
    f << res.dump(2) << "\n";
    f.close();
    fs::rename(o.result + ".tmp", o.result);
  };
  for (std::size_t i = 0; i < specs.size(); ++i) {
    auto& sp = specs[i];
    std::string lib = resolve_runtime(sp.runtime, self);
    if (!loaded.insert(fs::weakly_canonical(lib).string()).second) {
      fs::create_directories(copies);
      fs::path copy = copies / ("stage" + std::to_string(i) + "-" + fs::path(lib).filename().string());
      fs::copy_file(lib, copy, fs::copy_options::overwrite_existing);
      lib = copy.string();
    }
    try {
      owned.push_back(make_backend(sp.backend, BackendOptions{lib, sp.args, sp.interface}));
      owned.back()->load_model(sp.model);
    } catch (const std::exception& e) {
      res["error"] = "stage '" + sp.name + "': " + e.what();
      write_result();
      throw std::runtime_error(res["error"].get<std::string>());
    }
    stages.push_back(owned.back().get());
    inputs.push_back(
        synth_inputs(input_specs(sp.inputs, sp.onnx, sp.model), o.seed + i, std::max<std::size_t>(1, o.input_sets)));
    std::printf("wattbench-infer stage %s runtime %s version %s interface %s\n", sp.name.c_str(),
                stages.back()->runtime_name().c_str(), stages.back()->runtime_version().c_str(),
                stages.back()->interface().c_str());
  }
  std::fflush(stdout);
  std::FILE* log = std::fopen(o.timestamps.c_str(), "w");
  if (!log) throw std::runtime_error(o.timestamps + ": cannot write: " + strerror(errno));
  static char buf[1 << 16];
  std::setvbuf(log, buf, _IOFBF, sizeof buf);
  std::fprintf(log,
               "# wattbench-infer timestamps v1 (pipeline): s<i>|r<i> <result> <ns> [k] per stage; R <n> <ns> per "
               "end-to-end result; W/E window\n");
  auto pr = run_pipeline(stages, specs, inputs, scenario_config(o, *sc), log, stdout);
  std::fclose(log);
  const auto& r = pr.run;
  double window_s = (r.window_end_ns - r.window_start_ns) / 1e9;
  bool ok = r.measured && window_s > 0;
  res["in_flight"] = *sc == Scenario::single_stream ? 1 : o.in_flight;
  res["completed"] = r.completed;
  res["measured"] = r.measured;
  res["window_start_ns"] = r.window_start_ns;
  res["window_end_ns"] = r.window_end_ns;
  res["window_s"] = ok ? nlohmann::json(window_s) : nlohmann::json(nullptr);
  res["fps"] = ok ? nlohmann::json(r.measured / window_s) : nlohmann::json(nullptr);
  res["latency_ms"] = {{"mean", num(r.latency.mean_ms())},
                       {"p50", num(r.latency.percentile_ms(50))},
                       {"p99", num(r.latency.percentile_ms(99))},
                       {"max", num(r.latency.max_ms())}};
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const auto& f = pr.stages[i];
    nlohmann::json sj = {{"name", f.name},
                         {"runtime", stages[i]->runtime_name()},
                         {"runtime_version", stages[i]->runtime_version()},
                         {"sent", f.sent},
                         {"received", f.received},
                         {"measured", f.measured},
                         {"rate_per_s", ok ? nlohmann::json(f.measured / window_s) : nlohmann::json(nullptr)}};
    if (i > 0) {
      sj["k_mean"] = num(f.k_mean);
      sj["k_from"] = specs[i].k_output;
    }
    res["stages"].push_back(sj);
  }
  if (!r.error.empty()) {
    res["error"] = r.error;
    write_result();
    std::fprintf(stderr, "wattbench-infer: error mid-run after %llu results (%llu measured, kept in %s): %s\n",
                 static_cast<unsigned long long>(r.completed), static_cast<unsigned long long>(r.measured),
                 o.timestamps.c_str(), r.error.c_str());
    return 3;
  }
  write_result();
  std::printf("wattbench-infer result %s\n", res.dump().c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"wattbench-infer: drives one model on one inference runtime with MLPerf-style scenarios"};
  Options o;
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--config", o.config, "YAML file whose keys are these options' long names");
  app.add_option("--backend", o.backend, "backend kind (oaax)");
  app.add_option("--runtime", o.runtime, "the runtime's shared library");
  app.add_option("--arg", o.args, "runtime argument KEY=VALUE (repeatable)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--interface", o.interface, "OAAX interface generation: auto, spec-1.0, header-1.0");
  app.add_option("--model", o.model, "the model file the runtime loads");
  app.add_option("--onnx", o.onnx, "the source ONNX model, to read the input names, types and shapes from");
  app.add_option("--input", o.inputs, "input NAME:TYPE:DIMS (repeatable), e.g. input:float32:1x3x224x224")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--seed", o.seed, "seed of the synthetic inputs");
  app.add_option("--input-sets", o.input_sets, "different input sets, sent in turn");
  app.add_option("--scenario", o.scenario, "single-stream, offline or server");
  app.add_option("--in-flight", o.in_flight, "inferences in flight (offline; server: the most outstanding)");
  app.add_option("--target-fps", o.target_fps, "server: the target rate");
  app.add_option("--warmup", o.warmup, "inferences before the measured phase");
  app.add_option("--duration-s", o.duration_s, "measured phase length");
  app.add_option("--count", o.count, "measured inferences");
  app.add_option("--receive-timeout-s", o.receive_timeout_s, "no output for this long with work in flight is an error");
  app.add_option("--timestamps", o.timestamps, "timestamp log");
  app.add_option("--result", o.result, "result JSON");
  app.add_option("--reference-runtime", o.reference_runtime, "runtime whose outputs are the reference");
  app.add_option("--reference-model", o.reference_model, "the reference runtime's model (default: model)");
  app.add_option("--reference-backend", o.reference_backend, "the reference's backend kind");
  app.add_option("--reference-interface", o.reference_interface, "the reference's interface generation");
  app.add_option("--reference-arg", o.reference_args, "reference runtime argument KEY=VALUE")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--images", o.images,
                 "a folder of .ppm/.pgm images for the first input (decoded, resized, laid out, quantized here)");
  app.add_option("--image-mean", o.image_mean, "float inputs: (pixel / 255 - mean) / std");
  app.add_option("--image-std", o.image_std, "float inputs: (pixel / 255 - mean) / std");
  app.add_option("--pipeline", o.pipeline,
                 "a cascade: pipeline YAML (stages with runtime, model, per_result) instead of runtime and model");
  app.add_option("--reference-pass", o.reference_pass, "(internal) write the reference outputs to this file")
      ->group("");
  try {
    // A --config's keys first, so that the command line's own options come after and win.
    std::vector<std::string> all;
    for (int i = 1; i + 1 < argc; ++i)
      if (std::string(argv[i]) == "--config") all = config_args(argv[i + 1]);
    all.insert(all.end(), argv + 1, argv + argc);
    std::vector<std::string> args(all.rbegin(), all.rend());  // CLI11 takes them reversed
    app.allow_extras(false);
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "wattbench-infer: %s\n", e.what());
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  try {
    std::error_code ec;
    std::string self = fs::read_symlink("/proc/self/exe", ec).string();
    return run(o, self);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "wattbench-infer: %s\n", e.what());
    return 2;
  }
}
