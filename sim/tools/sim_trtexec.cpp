// sim-trtexec: a stand-in for NVIDIA trtexec on the simulated bench, following NVIDIA/TensorRT
// (tags 8.4.3, v8.6.1, v10.3.0). `sim.tool_version` picks "10.3" (default), "8.6" or "8.4".
// Options: --loadEngine/--onnx, --duration=S (default 3), --warmUp=MS (default 200).
//
// What it copies (file:lines for v10.3.0 unless said):
// - samples/common/logging.h l.86-96: "[MM/DD/YYYY-HH:MM:SS] [I] " on every line; [I]/[V] to
//   stdout, [W]/[E]/[F] to stderr; l.383 test name "TensorRT.trtexec [TensorRT v<NV_TENSORRT_
//   VERSION>]" (v100300, v8601, v8403; no [b..] tag before 10.4); reportTestStart/reportTestResult
//   "&&&& RUNNING|PASSED|FAILED <name> # <argv joined by spaces>" with no prefix.
// - samples/trtexec/trtexec.cpp: the option dump (sampleOptions.cpp operator<<, abridged here),
//   engine load ("Loaded engine with size", "Engine deserialized in" — the `load` phase),
//   l.450 "Starting inference", runInference, then printPerformanceReport, then l.496
//   `return reportPass(sampleTest)` inside the scope that owns the engine: PASSED is printed
//   BEFORE the engine/contexts are destroyed (`teardown` after PASSED), exit 0.
// - samples/common/sampleInference.cpp (inferenceExecution/inferenceLoop, v10.3 ~l.1400-1500):
//   warm-up and timed queries are ONE loop, durationMs = duration*1000 + warmupMs, at least
//   --iterations (10) after warm-up; nothing is printed in between. Marks: `warmup` at gpuStart,
//   `measure` at the first timed query's H2D start, `report` at the last query's D2H end (so
//   the truth window is exactly Total Host Walltime).
// - samples/common/sampleReporting.cpp: printPerformanceReport l.316-335 (warm-up = queries with
//   computeStart < warmupMs; benchTime = trace.back().d2hEnd - noWarmup->h2dStart), printProlog
//   l.129-133 ("Warmup completed N queries over <--warmUp option> ms", "Timing trace has N
//   queries over <benchTime/1000> s"), printTiming l.135-173 ("=== Trace details ===",
//   "Average on 10 runs - ..." lines, 10.x caps at 200 first + 200 last with "... Omitting N
//   lines"), printEpilog l.240-314 (summary lines, percentile list 90,95,99 from 8.5; 8.4 one
//   percentile(99%); warnings on stderr; CoV threshold 1.0 %), findPercentile/median (no
//   interpolation, even-size median = mean of the middle two). Numbers: default ostream (%g).
// - samples/common/sampleReporting.cpp exportJSONTrace (v10.3.0 l.347-372, v8.6.1 l.319-344, 8.4.3
//   l.302-322): with --exportTimes=<file>, after printEpilog, "[", one "{ \"startEnqMs\" : v, ... }"
//   object per line (the first after "  ", the rest after ", "), "]"; ms on the inference clock; 8.6+
//   skip the warm-up queries, 8.4 writes them all. Nothing else is printed or written per query.
// - Not from TensorRT: the timed queries follow the simulated card's FPS curve (sim/bench/throttle.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "harness/util/local_time.hpp"
#include "sim/bench/throttle.hpp"
#include "sim/bench/tool_bench.hpp"

using namespace std::chrono;

namespace {
std::string prefix(char level) { return fmt::format("[{}] [{}] ", wb::local_time_now("%m/%d/%Y-%H:%M:%S"), level); }
std::string g(double v) { return fmt::format("{:.6g}", v); }
void info(const std::string& s) { std::printf("%s%s\n", prefix('I').c_str(), s.c_str()); }
void warn(const std::string& s) { std::fprintf(stderr, "%s%s\n", prefix('W').c_str(), s.c_str()); }

struct Query {  // ms from gpuStart, as the CUDA events give them
  double h2d_start, h2d, compute, d2h, enq;
  double compute_start() const { return h2d_start + h2d; }
  double d2h_end() const { return h2d_start + h2d + compute + d2h; }
};

// PerformanceResult from getPerformanceResult / findPercentile / findMedian (sampleReporting.cpp).
std::string perf(std::vector<double> v, const std::vector<int>& pcts, double* cov = nullptr) {
  std::sort(v.begin(), v.end());
  double sum = 0, sq = 0;
  for (double x : v) sum += x;
  double mean = sum / static_cast<double>(v.size());
  for (double x : v) sq += (x - mean) * (x - mean);
  if (cov) *cov = std::sqrt(sq / static_cast<double>(v.size())) / mean * 100;
  std::size_t n = v.size();
  double median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  std::string s = fmt::format("min = {} ms, max = {} ms, mean = {} ms, median = {} ms", g(v.front()), g(v.back()),
                              g(mean), g(median));
  for (int p : pcts) {
    auto exclude = static_cast<std::size_t>(static_cast<double>(n) * (100 - p) / 100);
    s += fmt::format(", percentile({}%) = {} ms", p,
                     g(v[std::max<std::ptrdiff_t>(0, static_cast<std::ptrdiff_t>(n - 1 - exclude))]));
  }
  return s;
}
}  // namespace

int main(int argc, char** argv) {
  wb::sim::ToolBench bench(2909u);
  const auto& p = bench.params();
  std::string ver = p.tool_version.empty() ? "10.3" : p.tool_version;
  std::map<std::string, std::string> tags{{"10.3", "v100300"}, {"8.6", "v8601"}, {"8.4", "v8403"}};
  if (!tags.count(ver)) {
    std::fprintf(stderr, "sim-trtexec: tool_version '%s' is not simulated (10.3, 8.6, 8.4)\n", ver.c_str());
    return 2;
  }
  bool trt10 = ver == "10.3";
  std::vector<int> pcts = ver == "8.4" ? std::vector<int>{99} : std::vector<int>{90, 95, 99};
  std::string name = "TensorRT.trtexec [TensorRT " + tags[ver] + "]";

  std::map<std::string, std::string> flags;
  std::string cmdline = argc > 0 ? argv[0] : "trtexec";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    cmdline += " " + a;
    auto eq = a.find('=');
    flags[a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2)] =
        eq == std::string::npos ? "" : a.substr(eq + 1);
  }
  std::printf("&&&& RUNNING %s # %s\n", name.c_str(), cmdline.c_str());
  std::string model = flags.count("loadEngine") ? flags["loadEngine"] : flags.count("onnx") ? flags["onnx"] : "";
  double duration_s = flags.count("duration") ? std::stod(flags["duration"]) : 3.0;
  double warmup_ms = flags.count("warmUp") ? std::stod(flags["warmUp"]) : 200.0;
  info("=== Model Options ===");
  info(flags.count("loadEngine") ? "Format: *" : "Format: ONNX");
  info("Model: " + model);
  info("=== Inference Options ===");
  info("Batch: Explicit");
  info("Iterations: 10");
  info(fmt::format("Duration: {}s (+ {}ms warm up)", g(duration_s), g(warmup_ms)));
  info("Sleep time: 0ms");
  info("Idle time: 0ms");
  info("=== Reporting Options ===");
  info("Averages: 10 inferences");
  info(pcts.size() == 1 ? "Percentile: 99" : "Percentiles: 90,95,99");
  info("");
  info(fmt::format("TensorRT version: {}.0", ver));
  std::fflush(stdout);
  if (model.empty() || !std::filesystem::exists(model)) {
    std::fprintf(stderr, "%sCannot open engine file: %s\n%sEngine set up failed\n", prefix('E').c_str(), model.c_str(),
                 prefix('E').c_str());
    std::printf("&&&& FAILED %s # %s\n", name.c_str(), cmdline.c_str());
    return 1;
  }
  auto& state = bench.state();

  state.phase("load");
  info(fmt::format("Loaded engine with size: {} MiB",
                   g(static_cast<double>(std::filesystem::file_size(model)) / 1048576.0)));
  std::this_thread::sleep_for(duration<double>(p.load_s));
  info(fmt::format("Engine deserialized in {} sec.", g(p.load_s)));
  if (trt10) info("Created execution context with device memory size: 12.25 MiB");
  info("Starting inference");
  std::fflush(stdout);

  // One loop: warm-up and timed queries back to back. Not from TensorRT: the timed queries start on
  // the simulated card's FPS curve (sim/bench/throttle.hpp) from the first timed one, so a card that
  // throttles shows it in the --exportTimes trace.
  double cold_fps = p.fps * bench.jitter();
  double period_ms = 1000.0 / cold_fps;
  const auto throttle = wb::sim::throttle_of(p);
  double lat = p.latency_ms, h2d = lat * 0.039, d2h = lat * 0.0036, gpu = lat - h2d - d2h;
  double max_ms = duration_s * 1000 + warmup_ms;
  std::vector<Query> trace;
  double t = 0, timed_from = -1;
  for (std::size_t k = 0; t < max_ms || trace.size() < 10; ++k) {
    trace.push_back({t, h2d, gpu * bench.jitter(), d2h, lat * 0.24 * bench.jitter()});
    if (timed_from < 0 && trace.back().compute_start() >= warmup_ms) {
      timed_from = t;
      k = 0;
    }
    t = timed_from < 0 ? t + period_ms : timed_from + 1000 * throttle.time_of((k + 1) / cold_fps);
  }
  auto first = std::find_if(trace.begin(), trace.end(), [&](const Query& q) { return q.compute_start() >= warmup_ms; });
  double bench_ms = trace.back().d2h_end() - first->h2d_start;
  auto gpu_start = steady_clock::now();
  auto at = [&](double ms) {
    return gpu_start + duration_cast<steady_clock::duration>(duration<double, std::milli>(ms));
  };
  state.phase("warmup");
  std::this_thread::sleep_until(at(first->h2d_start));
  state.phase("measure");
  std::this_thread::sleep_until(at(trace.back().d2h_end()));
  state.phase("report");
  auto warmups = first - trace.begin();
  std::vector<Query> timed(first, trace.end());
  state.result(timed.size(), bench_ms / 1000, cold_fps);

  info(fmt::format("Warmup completed {} queries over {} ms", warmups, g(warmup_ms)));
  info(fmt::format("Timing trace has {} queries over {} s", timed.size(), g(bench_ms / 1000)));
  info("");
  info("=== Trace details ===");
  info("Trace averages of 10 runs:");
  const std::size_t cap = 200 * 10;
  double sc = 0, sl = 0, se = 0;
  int count = 0;
  for (std::size_t i = 0; i < timed.size(); ++i) {
    if (trt10 && timed.size() > 2 * cap && i == cap) {
      info(fmt::format("... Omitting {} lines", timed.size() - 2 * cap));
      i = timed.size() - cap;
    }
    sc += timed[i].compute;
    sl += timed[i].h2d + timed[i].compute + timed[i].d2h;
    se += timed[i].enq;
    if (++count == 10) {
      info(fmt::format("Average on 10 runs - GPU latency: {} ms - Host latency: {} ms (enqueue {} ms)", g(sc / 10),
                       g(sl / 10), g(se / 10)));
      count = 0;
      sc = sl = se = 0;
    }
  }
  auto col = [&](auto f) {
    std::vector<double> v;
    for (const auto& q : timed) v.push_back(f(q));
    return v;
  };
  double cov = 0, gpu_sum = 0;
  for (const auto& q : timed) gpu_sum += q.compute;
  info("");
  info("=== Performance summary ===");
  info(fmt::format("Throughput: {} qps", g(static_cast<double>(timed.size()) / bench_ms * 1000)));
  info("Latency: " + perf(col([](const Query& q) { return q.h2d + q.compute + q.d2h; }), pcts));
  info("Enqueue Time: " + perf(col([](const Query& q) { return q.enq; }), pcts));
  info("H2D Latency: " + perf(col([](const Query& q) { return q.h2d; }), pcts));
  info("GPU Compute Time: " + perf(col([](const Query& q) { return q.compute; }), pcts, &cov));
  info("D2H Latency: " + perf(col([](const Query& q) { return q.d2h; }), pcts));
  info(fmt::format("Total Host Walltime: {} s", g(bench_ms / 1000)));
  info(fmt::format("Total GPU Compute Time: {} s", g(gpu_sum / 1000)));
  std::fflush(stdout);
  if (cov > 1.0) {
    warn(fmt::format("* GPU compute time is unstable, with coefficient of variance = {}%.", g(cov)));
    warn("  If not already in use, locking GPU clock frequency or adding --useSpinWait may improve the stability.");
    std::fflush(stderr);
  }
  info("Explanations of the performance metrics are printed in the verbose logs.");
  if (flags.count("exportTimes")) {  // exportJSONTrace: after the epilog; 8.4 includes the warm-up queries
    std::FILE* f = std::fopen(flags["exportTimes"].c_str(), "w");
    if (f) {
      std::fprintf(f, "[\n");
      const char* sep = "  ";
      for (auto it = ver == "8.4" ? trace.begin() : first; it != trace.end(); ++it) {
        const Query& q = *it;
        double e0 = q.h2d_start - q.enq * 0.5, lat_ms = q.h2d + q.compute + q.d2h;  // enqueued just before its H2D copy
        std::fprintf(f,
                     "%s{ \"startEnqMs\" : %s, \"endEnqMs\" : %s, \"startH2dMs\" : %s, \"endH2dMs\" : %s, "
                     "\"startComputeMs\" : %s, \"endComputeMs\" : %s, \"startD2hMs\" : %s, \"endD2hMs\" : %s, "
                     "\"h2dMs\" : %s, \"computeMs\" : %s, \"d2hMs\" : %s, \"latencyMs\" : %s }\n",
                     sep, g(e0).c_str(), g(e0 + q.enq).c_str(), g(q.h2d_start).c_str(), g(q.compute_start()).c_str(),
                     g(q.compute_start()).c_str(), g(q.compute_start() + q.compute).c_str(),
                     g(q.compute_start() + q.compute).c_str(), g(q.d2h_end()).c_str(), g(q.h2d).c_str(),
                     g(q.compute).c_str(), g(q.d2h).c_str(), g(lat_ms).c_str());
        sep = ", ";
      }
      std::fprintf(f, "]\n");
      std::fclose(f);
    }
  }
  info("");
  std::printf("&&&& PASSED %s # %s\n", name.c_str(), cmdline.c_str());
  std::fflush(stdout);
  state.phase("teardown");  // iEnv/bEnv destructors: contexts, engine, buffers, streams
  std::this_thread::sleep_for(duration<double>(p.teardown_s));
  state.phase("exit");
  return 0;
}
