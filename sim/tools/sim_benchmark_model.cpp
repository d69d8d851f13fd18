// sim-benchmark_model: a stand-in for TensorFlow Lite's benchmark_model on the simulated bench.
// It follows the tool's source, not wattbench's parser. `sim.tool_version` picks the version:
// "2.4" … "2.12" (no prefix), "2.13" … "2.15" ("INFO: " prefix; "" = 2.15, the default),
// "litert-2.x" (LiteRT, prefix and percentile tail), "1.13" (TF 1.13, below). Other older versions are
// refused (exit 2).
//
// Sources (research copies of each file; line numbers for the tag named):
// - tensorflow/tensorflow tensorflow/lite/tools/benchmark/benchmark_main.cc (2.12.0 / 2.14.0
//   via nxp-imx/tensorflow-imx lf-6.6.3_1.0.0) l.25 "STARTING!", l.28 "Benchmarking failed."
//   (ERROR, stderr, exit 1).
// - tensorflow/lite/tools/logging.h (2.12.0 l.75-84): INFO/WARN -> std::cout, ERROR/FATAL ->
//   std::cerr, one std::endl per message; from 2.13 (commit c08142c33f4) "INFO: "/"WARN: "/
//   "ERROR: " prefixes. LiteRT google-ai-edge/LiteRT tflite/tools/logging.h keeps the prefix.
// - benchmark_model.cc (2.12.0 / 2.14.0):
//   LogParams l.176-200: "Log parameter values verbosely: [0]", then only the flags given
//   (tool_params.h LOG_TOOL_PARAM): int32 as integers, float through a default ostream (%g,
//   "1e+06"), bool as 0/1. BenchmarkTfLiteModel::LogParams (benchmark_tflite_model.cc 2.12
//   l.474) always prints "Graph: [..]"; then the delegate providers ("Use xnnpack: [1]",
//   "External delegate path: [..]").
//   Run() l.282-300: params, Init() (model load + delegates, the `load` phase), then "The input
//   model file size (MB): " << bytes/1e6 and "Initialized session in " << us/1e3 << "ms." (%g).
//   Run(min_num_times, min_secs, max_secs, ...) l.208-254: the "Running benchmark for at least
//   <int> iterations and at least <float> seconds but terminate if exceeding <float> seconds."
//   banner, then the loop `(run < min_num_times || now < min_finish) && now <= max_finish`,
//   each run timed alone, run_delay / run_frequency sleeps after it, then the stat line
//   `TFLITE_LOG(INFO) << stream.str() << std::endl;` (so a blank line follows). Called twice:
//   warm-up (warmup_runs, warmup_min_secs, max_secs), then the timed run (num_runs, min_secs,
//   max_secs). The `measure` phase is exactly the second banner to its stat line.
//   BenchmarkLoggingListener::OnBenchmarkEnd l.78-110: "Inference timings in us: Init: <int>,
//   First inference: <int>, Warmup (avg): <%g>, Inference (avg): <%g>", the APPROXIMATE note,
//   "Memory footprint delta from the start of the tool (MB): init=<%g> overall=<%g>" (the
//   `report` phase: printing only). Then the destructor frees interpreter and delegates
//   (`teardown`, silent) and main returns 0 (`exit`).
// - benchmark_tflite_model.cc Init() (2.12 l.881 / 2.14 l.929): "Loaded model <path>"; the
//   delegate providers print "<NAME> delegate created." (tools/delegates/delegate_provider.cc,
//   ≥2.8); the runtime logs "INFO: Created TensorFlow Lite XNNPACK delegate for CPU." and
//   "VERBOSE: Replacing N out of M node(s) with delegate (...)" on stderr
//   (lite/minimal_logging); then (2.12 l.745-805 / 2.14 l.791-851) "Going to apply N delegates
//   one after another." (N ≥ 2) and "Explicitly applied <NAME> delegate, and the model graph
//   will be completely|partially executed by the delegate[ w/ K delegate kernels]." or "Though
//   <NAME> delegate is explicitly applied, the model graph will not be executed by the delegate."
// - Stat<int64_t>::OutputToStream, tensorflow/core/util/stats_calculator.h (v1.15.0 l.78, same
//   text to 2.14): "count=N first= curr= min= max= avg=<double %g> std=<int64>", "count=1
//   curr=X", "count=N curr=X(all same)", "count=0". LiteRT (tflite/tools/benchmark, v1.1.0 …
//   v2.2.0) uses StatWithPercentiles: + " p5=.. median=.. p95=.." (nth_element at size*p/100).
// - Flags: int32 flags (num_runs, warmup_runs, num_threads) go through the int32 flag parser and
//   reject "1e+06"; float flags (min_secs, max_secs, warmup_min_secs, run_delay, run_frequency)
//   accept it. Defaults (DefaultParams): num_runs 50, min_secs 1, max_secs 150, run_delay -1,
//   run_frequency -1, warmup_runs 1, warmup_min_secs 0.5.
// - --run_frequency and --run_delay pace both Run calls, warm-up and timed (BenchmarkModel::Run
//   sleeps after each run: run_delay, or up to next_run_finish_time when run_frequency > 0, which
//   overrides run_delay; 2.14 l.208-254, LiteRT tflite/tools/benchmark/benchmark_model.cc at
//   f674577 l.221-277). The stat line and the averages time each run alone, sleeps excluded; the
//   stat line is printed after the last run's sleep. Not from TensorFlow (the simulator's power
//   model): the card idles between runs, its power above idle following the share of its rate
//   (load_share: run_frequency × latency, or latency / (latency + run_delay)).
// - Nothing per run: Run() prints only its banner and, after the loop, the stat line; the listeners
//   (BenchmarkLoggingListener, ProfilingListener, InterpreterStatePrinter for
//   --print_preinvoke_state/--print_postinvoke_state) print at OnBenchmarkStart/End only (checked at
//   tensorflow/tensorflow 08df8c4 benchmark_model.cc l.208-254 and benchmark_tflite_model.cc).
// - Not from TensorFlow: each timed run is slowed by the simulated card's throttling factor at its
//   start (sim/bench/throttle.hpp), so its power and rate follow the same curve as the truth's.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sim/bench/throttle.hpp"
#include "sim/bench/tool_bench.hpp"

namespace fs = std::filesystem;
using namespace std::chrono;

namespace {

struct Era {
  int major = 2, minor = 15;
  bool litert = false;
  bool at_least(int a, int b) const { return litert || major > a || (major == a && minor >= b); }
  bool prefix() const { return at_least(2, 13); }
};

std::string g(double v) { return fmt::format("{:.6g}", v); }  // a default std::ostream

Era era_of(const std::string& v, bool& ok) {
  Era e;
  ok = true;
  if (v.empty()) return e;
  std::string s = v;
  if (s.rfind("litert-", 0) == 0) {
    e.litert = true;
    s = s.substr(7);
  }
  if (s.rfind("v", 0) == 0) s = s.substr(1);
  if (std::sscanf(s.c_str(), "%d.%d", &e.major, &e.minor) != 2) ok = false;
  if (!e.litert && !e.at_least(2, 4)) ok = false;  // ≤2.3 logs every parameter, another timing line
  return e;
}

// The stat line of Stat<int64_t> (and StatWithPercentiles for LiteRT).
std::string stat_line(const std::vector<std::int64_t>& t, bool percentiles) {
  std::string s;
  if (t.empty()) {
    s = "count=0";
  } else {
    auto [mn, mx] = std::minmax_element(t.begin(), t.end());
    if (*mn == *mx) {
      s = fmt::format("count={} curr={}", t.size(), t.back());
      if (t.size() > 1) s += "(all same)";
    } else {
      double sum = 0, sq = 0;
      for (auto x : t) sum += static_cast<double>(x), sq += static_cast<double>(x) * static_cast<double>(x);
      double avg = sum / static_cast<double>(t.size());
      auto sd = static_cast<std::int64_t>(std::sqrt(sq / static_cast<double>(t.size()) - avg * avg));
      s = fmt::format("count={} first={} curr={} min={} max={} avg={} std={}", t.size(), t.front(), t.back(), *mn, *mx,
                      g(avg), sd);
    }
  }
  if (percentiles) {
    auto pct = [&](int p) -> std::int64_t {
      if (t.empty()) return 0;
      auto v = t;
      auto idx = v.size() * static_cast<std::size_t>(p) / 100;
      std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(idx), v.end());
      return v[idx];
    };
    s += fmt::format(" p5={} median={} p95={}", pct(5), pct(50), pct(95));
  }
  return s;
}

// TF 1.13 (tool_version "1.13"): tensorflow/lite/tools/benchmark/benchmark_model.cc and
// logging.h of that release. Every TFLITE_LOG goes to std::cerr with std::endl ("A wrapper that
// logs to stderr"); LogParams prints every base parameter whatever was given ("Num runs", "Inter-
// run delay (seconds)" -1 by default, "Num threads", "Benchmark name", "Output prefix", "Warmup
// runs"), then the TFLite ones ("Graph", "Input layers", "Input shapes", "Use nnapi : ", "Use
// legacy nnapi : ", "Use gpu : ", "Allow fp16 : "); Flags::Parse leaves flags it does not know
// (--use_xnnpack, --min_secs, --run_frequency) unconsumed and goes on; "Initialized session in "
// << us / 1e3 << "ms" (no space, no full stop); Run(num_times) prints "Running benchmark for N
// iterations " (trailing space), runs exactly N times, sleeping run_delay after each, then the stat
// line; OnBenchmarkEnd: "Average inference timings in us: Warmup: <avg %g>, Init: <int>, no stats:
// <avg %g>".
int tf1_main(int argc, char** argv, wb::sim::ToolBench& bench) {
  const auto& p = bench.params();
  auto log = [](const std::string& s) {
    std::fprintf(stderr, "%s\n", s.c_str());
    std::fflush(stderr);
  };
  std::map<std::string, std::string> flags;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (auto eq = a.find('='); a.rfind("--", 0) == 0 && eq != std::string::npos)
      flags[a.substr(2, eq - 2)] = a.substr(eq + 1);
  }
  auto num = [&](const char* k, double d) { return flags.count(k) ? std::strtod(flags[k].c_str(), nullptr) : d; };
  int num_runs = static_cast<int>(num("num_runs", 50)), warmup_runs = static_cast<int>(num("warmup_runs", 1));
  float run_delay = static_cast<float>(num("run_delay", -1));
  std::string graph = flags.count("graph") ? flags["graph"] : "";
  log("STARTING!");
  log(fmt::format("Num runs: [{}]", num_runs));
  log(fmt::format("Inter-run delay (seconds): [{}]", g(run_delay)));
  log(fmt::format("Num threads: [{}]", static_cast<int>(num("num_threads", 1))));
  log("Benchmark name: []");
  log("Output prefix: []");
  log(fmt::format("Warmup runs: [{}]", warmup_runs));
  log(fmt::format("Graph: [{}]", graph));
  for (const char* l : {"Input layers: []", "Input shapes: []", "Use nnapi : [0]", "Use legacy nnapi : [0]",
                        "Use gpu : [0]", "Allow fp16 : [0]"})
    log(l);
  if (graph.empty() || !fs::exists(graph)) {
    log(fmt::format("Failed to mmap model {}", graph));  // wording approximate; exit code as the fake's newer eras
    return 1;
  }
  auto& state = bench.state();
  state.phase("load");
  auto init_t0 = steady_clock::now();
  std::this_thread::sleep_for(duration<double>(p.load_s));
  double init_us = std::floor(duration<double>(steady_clock::now() - init_t0).count() * 1e6);
  log(fmt::format("Initialized session in {}ms", g(init_us / 1e3)));
  double lat_us = p.latency_ms * 1000.0;
  if (run_delay > 0) state.load_share(lat_us / (lat_us + static_cast<double>(run_delay) * 1e6));
  auto run_phase = [&](int n, const char* phase, double first_extra_us) {
    log(fmt::format("Running benchmark for {} iterations ", n));
    state.phase(phase);
    auto t0 = steady_clock::now();
    double now = 0;
    std::vector<std::int64_t> times;
    for (int run = 0; run < n; ++run) {
      double t = lat_us * bench.jitter() + (times.empty() ? first_extra_us : 0);
      times.push_back(static_cast<std::int64_t>(t));
      now += t / 1e6 + std::max(0.0, static_cast<double>(run_delay));
      std::this_thread::sleep_until(t0 + duration_cast<steady_clock::duration>(duration<double>(now)));
    }
    double wall = duration<double>(steady_clock::now() - t0).count();
    log(stat_line(times, false) + "\n");
    return std::make_pair(times, wall);
  };
  auto avg_of = [](const std::vector<std::int64_t>& t) {
    double sum = 0;
    for (auto x : t) sum += static_cast<double>(x);
    return t.empty() ? 0.0 : sum / static_cast<double>(t.size());
  };
  auto [warm, warm_wall] = run_phase(warmup_runs, "warmup", p.first_inference_ms * 1000);
  (void)warm_wall;
  auto [timed, wall] = run_phase(num_runs, "measure", 0);
  state.phase("report");
  state.result(timed.size(), wall, run_delay > 0 ? std::nullopt : std::optional<double>(1e6 / avg_of(timed)));
  log(fmt::format("Average inference timings in us: Warmup: {}, Init: {}, no stats: {}", g(avg_of(warm)),
                  static_cast<std::int64_t>(init_us), g(avg_of(timed))));
  state.phase("teardown");
  std::this_thread::sleep_for(duration<double>(p.teardown_s));
  state.phase("exit");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  wb::sim::ToolBench bench(7907u);
  const auto& p = bench.params();
  if (p.tool_version == "1.13") return tf1_main(argc, argv, bench);
  bool known = true;
  Era era = era_of(p.tool_version, known);
  if (!known) {
    std::fprintf(stderr, "sim-benchmark_model: tool_version '%s' is not simulated (2.4 … 2.15, litert-2.x)\n",
                 p.tool_version.c_str());
    return 2;
  }
  const char* info = era.prefix() ? "INFO: " : "";
  const char* error = era.prefix() ? "ERROR: " : "";
  auto log = [&](const std::string& s) {  // TFLITE_LOG(INFO): stdout, flushed by std::endl
    std::printf("%s%s\n", info, s.c_str());
    std::fflush(stdout);
  };
  auto fail = [&](const std::string& s) {
    std::fprintf(stderr, "%s%s\n%sBenchmarking failed.\n", error, s.c_str(), error);
    return 1;
  };

  std::map<std::string, std::string> flags;
  log("STARTING!");
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto eq = a.find('=');
    if (a.rfind("--", 0) != 0 || eq == std::string::npos)
      return fail(fmt::format("Unconsumed cmdline flags: {}", a));  // wording approximate
    flags[a.substr(2, eq - 2)] = a.substr(eq + 1);
  }
  // int32 / float flags as the tool's Flag parser reads them (a bad value fails the parse).
  auto int_flag = [&](const std::string& k, int d, bool& ok) {
    if (!flags.count(k)) return d;
    char* end = nullptr;
    long v = std::strtol(flags[k].c_str(), &end, 10);
    if (end == flags[k].c_str() || *end != '\0') ok = false;
    return static_cast<int>(v);
  };
  auto float_flag = [&](const std::string& k, float d, bool& ok) {
    if (!flags.count(k)) return d;
    char* end = nullptr;
    float v = std::strtof(flags[k].c_str(), &end);
    if (end == flags[k].c_str() || *end != '\0') ok = false;
    return v;
  };
  bool ok = true;
  int num_runs = int_flag("num_runs", 50, ok), warmup_runs = int_flag("warmup_runs", 1, ok);
  int num_threads = int_flag("num_threads", era.at_least(2, 10) ? -1 : 1, ok);
  float min_secs = float_flag("min_secs", 1.f, ok), max_secs = float_flag("max_secs", 150.f, ok);
  float warmup_min_secs = float_flag("warmup_min_secs", 0.5f, ok), run_delay = float_flag("run_delay", -1.f, ok);
  float run_frequency = float_flag("run_frequency", -1.f, ok);
  if (!ok) return fail("Failed to parse the command line flags.");  // wording approximate (Flags::Parse fails)
  std::string graph = flags.count("graph") ? flags["graph"] : "";
  std::string delegate_path = flags.count("external_delegate_path") ? flags["external_delegate_path"] : "";
  bool xnnpack = !flags.count("use_xnnpack") || flags["use_xnnpack"] == "true" || flags["use_xnnpack"] == "1";

  // LogParams: the header, then only what was given (Graph always).
  log("Log parameter values verbosely: [0]");
  if (flags.count("num_runs")) log(fmt::format("Min num runs: [{}]", num_runs));
  if (flags.count("min_secs")) log(fmt::format("Min runs duration (seconds): [{}]", g(min_secs)));
  if (flags.count("max_secs")) log(fmt::format("Max runs duration (seconds): [{}]", g(max_secs)));
  if (flags.count("run_delay")) log(fmt::format("Inter-run delay (seconds): [{}]", g(run_delay)));
  if (flags.count("run_frequency")) log(fmt::format("Number of prorated runs per second: [{}]", g(run_frequency)));
  if (flags.count("num_threads")) log(fmt::format("Num threads: [{}]", num_threads));
  if (flags.count("warmup_runs")) log(fmt::format("Min warmup runs: [{}]", warmup_runs));
  if (flags.count("warmup_min_secs")) log(fmt::format("Min warmup runs duration (seconds): [{}]", g(warmup_min_secs)));
  if (flags.count("report_peak_memory_footprint"))
    log(fmt::format("Report the peak memory footprint: [{}]", flags["report_peak_memory_footprint"] == "true" ? 1 : 0));
  log(fmt::format("Graph: [{}]", graph));
  if (flags.count("use_xnnpack")) log(fmt::format("Use xnnpack: [{}]", xnnpack ? 1 : 0));
  if (!delegate_path.empty()) log(fmt::format("External delegate path: [{}]", delegate_path));
  if (graph.empty() || !fs::exists(graph)) {
    std::fprintf(stderr, "%sCould not open '%s'.\n%sFailed to mmap model %s\n", error, graph.c_str(), error,
                 graph.c_str());
    std::fprintf(stderr, "%sBenchmarking failed.\n", error);
    return 1;
  }

  auto& state = bench.state();
  // Init(): model load, interpreter, delegates, AllocateTensors.
  state.phase("load");
  auto init_t0 = steady_clock::now();
  log(fmt::format("Loaded model {}", graph));
  int total = static_cast<int>(p.nodes_total), delegated = static_cast<int>(p.nodes_delegated);
  int partitions = static_cast<int>(p.partitions);
  std::vector<std::string> created;  // provider names, in provider order (XNNPACK before EXTERNAL)
  if (xnnpack) created.push_back("XNNPACK");
  if (!delegate_path.empty()) created.push_back("EXTERNAL");
  for (const auto& c : created) {
    if (c == "XNNPACK") {
      std::fprintf(stderr, "INFO: Created TensorFlow Lite XNNPACK delegate for CPU.\n");
      std::fflush(stderr);
    }
    if (era.at_least(2, 8)) log(c + " delegate created.");
  }
  if (era.at_least(2, 10) && created.size() >= 2)
    log(fmt::format("Going to apply {} delegates one after another.", created.size()));
  std::this_thread::sleep_for(duration<double>(p.load_s));
  for (const auto& c : created) {
    bool last = c == created.back();  // the simulated placement belongs to the last delegate (the NPU's when both)
    int d = last ? delegated : 0;
    std::string kname = c == "XNNPACK"                                       ? "TfLiteXNNPackDelegate"
                        : delegate_path.find("neutron") != std::string::npos ? "NeutronDelegate"
                                                                             : "Vx Delegate";  // guessed names
    if (d > 0) {
      std::fprintf(stderr,
                   "VERBOSE: Replacing %d out of %d node(s) with delegate (%s) node, yielding %d partitions for the "
                   "whole graph.\n",
                   d, total, kname.c_str(), partitions);
      std::fflush(stderr);
    }
    if (d == total)
      log(fmt::format(
          "Explicitly applied {} delegate, and the model graph will be completely executed by the delegate.", c));
    else if (d > 0)
      log(
          fmt::format("Explicitly applied {} delegate, and the model graph will be partially executed by the delegate "
                      "w/ {} delegate kernels.",
                      c, partitions));
    else
      log(fmt::format("Though {} delegate is explicitly applied, the model graph will not be executed by the delegate.",
                      c));
  }
  double init_us = std::floor(duration<double>(steady_clock::now() - init_t0).count() * 1e6);
  log(fmt::format("The input model file size (MB): {}", g(static_cast<double>(fs::file_size(graph)) / 1e6)));
  log(fmt::format("Initialized session in {}ms.", g(init_us / 1e3)));

  // BenchmarkModel::Run(min_num_times, min_secs, max_secs, ...): wall clock, each run timed alone.
  double lat_us = p.latency_ms * 1000.0;
  const auto throttle = wb::sim::throttle_of(p);
  double cold_run_s = 0;  // the timed runs' lengths before throttling
  auto run_phase = [&](int min_num_times, float min_s, float max_s, double first_extra_us, const char* phase) {
    log(fmt::format(
        "Running benchmark for at least {} iterations and at least {} seconds but terminate if exceeding {} seconds.",
        min_num_times, g(min_s), g(max_s)));
    state.phase(phase);
    auto t0 = steady_clock::now();
    double now = 0, min_finish = static_cast<std::int64_t>(min_s * 1.e6f) / 1e6,
           max_finish = static_cast<std::int64_t>(max_s * 1.e6f) / 1e6;
    double gap = 1.0 / run_frequency, next_finish = gap;
    std::vector<std::int64_t> times;
    bool timed = std::string(phase) == "measure";
    for (int run = 0; (run < min_num_times || now < min_finish) && now <= max_finish; ++run) {
      double t = lat_us * bench.jitter() + (times.empty() ? first_extra_us : 0);
      if (timed) {
        cold_run_s += t / 1e6;
        t /= throttle.factor(now, throttle.fps_drop);  // the card's FPS curve
      }
      times.push_back(static_cast<std::int64_t>(t));
      now += t / 1e6;
      double sleep = run_delay;
      if (run_frequency > 0) {
        sleep = next_finish - now;
        next_finish += gap;
      }
      if (sleep > 0) now += sleep;
      std::this_thread::sleep_until(t0 + duration_cast<steady_clock::duration>(duration<double>(now)));
    }
    double wall = duration<double>(steady_clock::now() - t0).count();
    std::printf("%s%s\n\n", info, stat_line(times, era.litert).c_str());
    std::fflush(stdout);
    return std::make_pair(times, wall);
  };
  auto avg_of = [](const std::vector<std::int64_t>& t) {
    double s = 0;
    for (auto x : t) s += static_cast<double>(x);
    return t.empty() ? 0.0 : s / static_cast<double>(t.size());
  };
  // Paced (warm-up and timed runs alike), the device idles between runs: the simulator's power
  // follows the share of its rate it is driven at.
  if (run_frequency > 0)
    state.load_share(std::min(1.0, static_cast<double>(run_frequency) * lat_us / 1e6));
  else if (run_delay > 0)
    state.load_share(lat_us / (lat_us + static_cast<double>(run_delay) * 1e6));
  auto [warm, warm_wall] = run_phase(warmup_runs, warmup_min_secs, max_secs, p.first_inference_ms * 1000, "warmup");
  (void)warm_wall;
  auto [timed, wall] = run_phase(num_runs, min_secs, max_secs, 0, "measure");
  state.phase("report");
  // The cold rate is the runs' own only when they run back to back.
  bool back_to_back = run_delay <= 0 && run_frequency <= 0 && cold_run_s > 0;
  state.result(timed.size(), wall,
               back_to_back ? std::optional<double>(static_cast<double>(timed.size()) / cold_run_s) : std::nullopt);
  // OnBenchmarkEnd listeners: the logging listener only prints.
  log(fmt::format("Inference timings in us: Init: {}, First inference: {}, Warmup (avg): {}, Inference (avg): {}",
                  static_cast<std::int64_t>(init_us), warm.empty() ? 0 : warm.front(), g(avg_of(warm)),
                  g(avg_of(timed))));
  log("Note: as the benchmark tool itself affects memory footprint, the following is only APPROXIMATE to the actual "
      "memory "
      "footprint of the model at runtime. Take the information at your discretion.");
  double size_mb = static_cast<double>(fs::file_size(graph)) / 1048576.0;
  log(fmt::format("{} (MB): init={} overall={}",
                  era.at_least(2, 7) ? "Memory footprint delta from the start of the tool" : "Peak memory footprint",
                  g(7.08203), g(7.08203 + size_mb * 3)));
  // ~BenchmarkTfLiteModel: interpreter and delegates released, silently.
  state.phase("teardown");
  std::this_thread::sleep_for(duration<double>(p.teardown_s));
  state.phase("exit");
  return 0;
}
