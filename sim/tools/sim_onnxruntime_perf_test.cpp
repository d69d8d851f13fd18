// sim-onnxruntime_perf_test: a stand-in for ONNX Runtime's onnxruntime_perf_test on the simulated
// bench, following microsoft/onnxruntime onnxruntime/test/perftest/ (read as stored file versions:
// the repository is too large to mirror here, so commits, not tags, are named). `sim.tool_version`:
// "" (default) = the newest wording, "1.19" = performance_runner.cc at commit 77e6dc9a (the
// OrtMutex era, 1.16-1.19). Every -e value is accepted, as by a build that has that provider.
//
// What it copies:
// - main.cc (commit 0bd42bd5): arguments parsed (bad ones: usage, exit 255), Ort::Env, then the
//   PerformanceRunner constructor creates the session inside main's ORT_TRY; any exception (an
//   unloadable model, an op no provider implements) ends in `fprintf(stderr, "%s\n", ex.what())`
//   and `return -1` (exit 255) with nothing on stdout. Ort::Exception::what() is the status
//   message alone (no "[ONNXRuntimeError] : N : CODE :" prefix: that is the Python binding's).
//   `sim.model_error` is that message. After Run(): SerializeResult(), return 0.
// - ort_test_session.cc (commit 233197b3) OnnxRuntimeTestSession ctor: provider options, then
//   `fprintf(stdout, "Setting intra_op_num_threads to %d\n")` when -x > 0, then Ort::Session
//   (model load and graph partitioning: the `load` phase). Its destructor frees the session after
//   everything is printed (`teardown`).
// - performance_runner.cc (commit 77e6dc9a) Run(): Initialize() (-I: generated inputs, silent),
//   ONE warm-up RunOneIteration<true> (the `warmup` phase, timed as "First inference time cost"
//   in whole ms by duration_cast<milliseconds>), then performance_result_.start (`measure`), the
//   loop, performance_result_.end (`report`): the truth window is exactly "Total inference run
//   time". performance_runner.h RunFixDuration: `while (total_time_cost < duration) run`, so the
//   last request ends past -t; RunRepeatedTimes: -r requests. Nothing is printed in the loop
//   (only -v prints "iteration:N,time_cost:X"). Then one std::cout block, default ostream (%g):
//   "Session creation time cost: X s", "First inference time cost: N ms", "Total inference time
//   cost: X s", "Total inference requests: N", "Average inference time cost: X ms", "Total
//   inference run time: X s", "Number of inferences per second: X " (trailing space), "Avg CPU
//   usage: N %", "Peak working set size: N bytes".
//   PerformanceResult::DumpToFile (no result file): "Avg CPU usage:N", "Peak working set
//   size:N", "Runs:N", then with -s "Min/Max/P50/P90/P95/P99/P999 Latency: X s" from the sorted
//   request times at index size_t(total*p) (no interpolation).
// - Newest wording (tool_version ""): "Average inference time cost total: %f ms" and no trailing
//   space after the per-second figure, as in captured outputs of 2025 builds (Arm's SME2 learning
//   path, SpaceMIT ORT 2.0 docs); the rest as 77e6dc9a.
// Options: -m duration|times (default duration), -t S (default 600), -r N (default 1000; also
// selects times mode), -e EP, -x N, -i "k|v", -I, -s, -v; positional model_path [result_file].
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "sim/bench/tool_bench.hpp"

using namespace std::chrono;

namespace {
std::string g(double v) { return fmt::format("{:.6g}", v); }  // a default std::ostream

int usage() {
  std::printf(
      "perftest [options...] model_path [result_file]\n"
      "Options:\n\t-m [test_mode]: Specifies the test mode. Value could be 'duration' or 'times'.\n");
  return 255;  // main: return -1
}
}  // namespace

int main(int argc, char** argv) {
  wb::sim::ToolBench bench(4139u);
  const auto& p = bench.params();
  const std::string& ver = p.tool_version;
  if (!ver.empty() && ver != "1.19") {
    std::fprintf(stderr, "sim-onnxruntime_perf_test: tool_version '%s' is not simulated (\"\", 1.19)\n", ver.c_str());
    return 2;
  }
  bool newest = ver.empty();
  std::string mode = "duration";
  double duration_s = 600;
  long repeats = 1000;
  int threads = 0;
  bool stats = false, verbose = false;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "-m") {
      mode = value();
      if (mode != "duration" && mode != "times") return usage();
    } else if (a == "-t") {
      duration_s = static_cast<double>(std::strtol(value().c_str(), nullptr, 10));
      if (duration_s <= 0) return usage();
    } else if (a == "-r") {
      repeats = std::strtol(value().c_str(), nullptr, 10);
      if (repeats <= 0) return usage();
      mode = "times";
    } else if (a == "-x") {
      threads = static_cast<int>(std::strtol(value().c_str(), nullptr, 10));
    } else if (a == "-e" || a == "-i" || a == "-p" || a == "-c" || a == "-o") {
      value();
    } else if (a == "-s") {
      stats = true;
    } else if (a == "-v") {
      verbose = true;
    } else if (a == "-I" || a == "-A" || a == "-M" || a == "-P" || a == "-Z") {
    } else if (!a.empty() && a[0] == '-') {
      return usage();
    } else {
      positional.push_back(a);
    }
  }
  if (positional.empty() || positional.size() > 2) return usage();
  const std::string& model = positional[0];
  auto& state = bench.state();

  // PerformanceRunner ctor: CreateModelInfo (the model proto), then the session.
  if (!std::filesystem::exists(model)) {
    std::fprintf(stderr, "Load model from %s failed:Load model %s failed. File doesn't exist\n", model.c_str(),
                 model.c_str());
    return 255;
  }
  state.phase("load");
  auto create_start = steady_clock::now();
  if (threads > 0) std::printf("Setting intra_op_num_threads to %d\n", threads);
  std::fflush(stdout);
  std::this_thread::sleep_for(duration<double>(p.load_s));
  if (!p.model_error.empty()) {
    std::fprintf(stderr, "%s\n", p.model_error.c_str());
    state.phase("exit");
    return 255;
  }
  double create_s = duration<double>(steady_clock::now() - create_start).count();

  // Run(): one warm-up request, then the timed loop; the requests' own times at the simulated rate.
  state.phase("warmup");
  auto warm_start = steady_clock::now();
  std::this_thread::sleep_for(duration<double, std::milli>(p.first_inference_ms + 1000.0 / p.fps));
  auto first_ms = duration_cast<milliseconds>(steady_clock::now() - warm_start).count();
  std::vector<double> costs;  // s
  double total = 0;
  auto keep_going = [&] { return mode == "times" ? static_cast<long>(costs.size()) < repeats : total < duration_s; };
  while (keep_going()) {
    double c = 1.0 / (p.fps * bench.jitter());
    costs.push_back(c);
    total += c;
  }
  auto start = steady_clock::now();
  state.phase("measure");
  double t = 0;
  for (std::size_t i = 0; i < costs.size(); ++i) {
    t += costs[i];
    if (verbose) {
      std::this_thread::sleep_until(start + duration_cast<steady_clock::duration>(duration<double>(t)));
      std::printf("iteration:%zu,time_cost:%s\n", i + 1, g(costs[i]).c_str());
      std::fflush(stdout);
    }
  }
  std::this_thread::sleep_until(start + duration_cast<steady_clock::duration>(duration<double>(total)));
  double run_s = duration<double>(steady_clock::now() - start).count();
  state.phase("report");
  state.result(static_cast<double>(costs.size()), run_s);

  int cpu = 97;  // utils::ICPUUsage: a whole percentage
  long long peak = 61ll * 1024 * 1024 + static_cast<long long>(std::filesystem::file_size(model));
  double n = static_cast<double>(costs.size());
  std::printf("Session creation time cost: %s s\n", g(create_s).c_str());
  std::printf("First inference time cost: %lld ms\n", static_cast<long long>(first_ms));
  std::printf("Total inference time cost: %s s\n", g(total).c_str());
  std::printf("Total inference requests: %zu\n", costs.size());
  if (newest)
    std::printf("Average inference time cost total: %f ms\n", total / n * 1000);
  else
    std::printf("Average inference time cost: %s ms\n", g(total / n * 1000).c_str());
  std::printf("Total inference run time: %s s\n", g(run_s).c_str());
  std::printf("Number of inferences per second: %s%s\n", g(n / run_s).c_str(), newest ? "" : " ");
  std::printf("Avg CPU usage: %d %%\n", cpu);
  std::printf("Peak working set size: %lld bytes\n", peak);
  // SerializeResult -> DumpToFile without a result file.
  std::printf("Avg CPU usage:%d\nPeak working set size:%lld\nRuns:%zu\n", cpu, peak, costs.size());
  if (stats) {
    std::vector<double> s = costs;
    std::sort(s.begin(), s.end());
    auto at = [&](double q) { return g(s[static_cast<std::size_t>(n * q)]); };
    std::printf("Min Latency: %s s\nMax Latency: %s s\n", g(s.front()).c_str(), g(s.back()).c_str());
    std::printf("P50 Latency: %s s\nP90 Latency: %s s\nP95 Latency: %s s\nP99 Latency: %s s\nP999 Latency: %s s\n",
                at(0.5).c_str(), at(0.9).c_str(), at(0.95).c_str(), at(0.99).c_str(), at(0.999).c_str());
  }
  std::fflush(stdout);
  state.phase("teardown");  // ~PerformanceRunner: the session and its provider
  std::this_thread::sleep_for(duration<double>(p.teardown_s));
  state.phase("exit");
  return 0;
}
