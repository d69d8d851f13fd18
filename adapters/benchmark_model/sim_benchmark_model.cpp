// sim-benchmark_model: a stand-in for TensorFlow Lite's benchmark_model (TF 2.15 wording, the
// "INFO: " prefix) on the simulated bench. It takes the real --flag=value options, runs a
// warmup phase and a measured phase of sequential inferences of sim.latency_ms each, prints
// the real stdout and, on stderr as the TFLite runtime does, the delegation line.
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <thread>

#include "probes/sim/tool_bench.hpp"

namespace fs = std::filesystem;
using namespace std::chrono;

int main(int argc, char** argv) {
  std::map<std::string, std::string> flags;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto eq = a.find('=');
    if (a.rfind("--", 0) != 0 || eq == std::string::npos) {
      std::fprintf(stderr, "ERROR: Unknown command line flag '%s'\n", a.c_str());
      return 1;
    }
    flags[a.substr(2, eq - 2)] = a.substr(eq + 1);
  }
  auto flag = [&](const std::string& k, const std::string& d) { return flags.count(k) ? flags[k] : d; };
  auto num = [&](const std::string& k, double d) { return flags.count(k) ? std::stod(flags[k]) : d; };
  std::string graph = flag("graph", "");
  std::printf("INFO: STARTING!\nINFO: Log parameter values verbosely: [0]\n");
  if (flags.count("num_threads")) std::printf("INFO: Num threads: [%s]\n", flags["num_threads"].c_str());
  if (flags.count("num_runs")) std::printf("INFO: Min num runs: [%s]\n", flags["num_runs"].c_str());
  std::printf("INFO: Graph: [%s]\n", graph.c_str());
  std::string delegate_path = flag("external_delegate_path", "");
  if (!delegate_path.empty()) std::printf("INFO: External delegate path: [%s]\n", delegate_path.c_str());
  bool xnnpack = flag("use_xnnpack", "true") == "true";
  std::printf("INFO: Use xnnpack: [%d]\n", xnnpack ? 1 : 0);
  std::fflush(stdout);
  if (graph.empty() || !fs::exists(graph)) {
    std::fprintf(stderr, "ERROR: Could not open '%s'.\nERROR: Failed to mmap model %s\n", graph.c_str(), graph.c_str());
    std::fprintf(stderr, "ERROR: Benchmarking failed.\n");
    return 1;
  }

  wb::sim::ToolBench bench(7907u);
  const auto& p = bench.params();
  auto& state = bench.state();

  state.phase("load");
  std::printf("INFO: Loaded model %s\n", graph.c_str());
  int total = static_cast<int>(p.nodes_total), delegated = static_cast<int>(p.nodes_delegated);
  int partitions = static_cast<int>(p.partitions);
  std::string name;
  if (!delegate_path.empty()) {
    // The name the runtime prints is the delegate kernel's registration name (guessed for Neutron/VX).
    name = delegate_path.find("neutron") != std::string::npos ? "NeutronDelegate" : "Vx Delegate";
    std::printf("INFO: EXTERNAL delegate created.\n");
    if (delegated == total) std::printf("INFO: Explicitly applied EXTERNAL delegate, and the model graph will be completely executed by the delegate.\n");
    else if (delegated > 0) std::printf("INFO: Explicitly applied EXTERNAL delegate, and the model graph will be partially executed by the delegate w/ %d delegate kernels.\n", partitions);
    else std::printf("INFO: Though EXTERNAL delegate is explicitly applied, the model graph will not be executed by the delegate.\n");
  } else if (xnnpack) {
    name = "TfLiteXNNPackDelegate";
    std::printf("INFO: Created TensorFlow Lite XNNPACK delegate for CPU.\n");
  }
  if (!name.empty() && delegated > 0) {
    std::fprintf(stderr, "VERBOSE: Replacing %d out of %d node(s) with delegate (%s) node, yielding %d partitions for the whole graph.\n",
                 delegated, total, name.c_str(), partitions);
    std::fflush(stderr);
  }
  double size_mb = fs::file_size(graph) / 1048576.0;
  std::printf("INFO: The input model file size (MB): %s\n", fmt::format("{:.6g}", size_mb).c_str());
  double init_ms = 6.0 + 0.3 * p.load_s * 1000 / 100;
  std::this_thread::sleep_for(duration<double>(p.load_s));
  std::printf("INFO: Initialized session in %.3fms.\n", init_ms);

  double lat_us = p.latency_ms * 1000.0;
  auto run_phase = [&](double min_runs, double min_secs, double first_extra_us, const char* phase) {
    std::printf("INFO: Running benchmark for at least %g iterations and at least %g seconds but terminate if exceeding %g seconds.\n",
                min_runs, min_secs, num("max_secs", 150));
    std::fflush(stdout);
    state.phase(phase);
    auto t0 = steady_clock::now();
    std::vector<double> times;
    double elapsed = 0;
    while ((times.size() < min_runs || elapsed < min_secs) && elapsed < num("max_secs", 150)) {
      double t = lat_us * bench.jitter() + (times.empty() ? first_extra_us : 0);
      times.push_back(t);
      elapsed += t / 1e6;
      std::this_thread::sleep_until(t0 + duration_cast<steady_clock::duration>(duration<double>(elapsed)));
    }
    double sum = 0, mn = 1e18, mx = 0;
    for (double t : times) sum += t, mn = std::min(mn, t), mx = std::max(mx, t);
    double avg = sum / times.size(), var = 0;
    for (double t : times) var += (t - avg) * (t - avg);
    double sd = std::sqrt(var / times.size());
    if (times.size() == 1) std::printf("INFO: count=1 curr=%.0f\n\n", times[0]);
    else
      std::printf("INFO: count=%zu first=%.0f curr=%.0f min=%.0f max=%.0f avg=%s std=%.0f\n\n", times.size(), times.front(),
                  times.back(), mn, mx, fmt::format("{:.6g}", avg).c_str(), sd);
    std::fflush(stdout);
    return std::make_tuple(times.size(), avg, times.front(), duration<double>(steady_clock::now() - t0).count());
  };
  auto warm = run_phase(num("warmup_runs", 1), num("warmup_min_secs", 0.5), p.first_inference_ms * 1000, "warmup");
  double wavg = std::get<1>(warm), wfirst = std::get<2>(warm);
  auto [n, avg, first_unused, elapsed] = run_phase(num("num_runs", 50), num("min_secs", 1), 0, "measure");
  (void)first_unused;  // structured bindings cannot skip an element
  state.phase("teardown");
  state.result(n, elapsed);
  std::printf("INFO: Inference timings in us: Init: %.0f, First inference: %.0f, Warmup (avg): %s, Inference (avg): %s\n",
              init_ms * 1000, wfirst, fmt::format("{:.6g}", wavg).c_str(), fmt::format("{:.6g}", avg).c_str());
  std::printf("INFO: Note: as the benchmark tool itself affects memory footprint, the following is only APPROXIMATE to the actual memory footprint of the model at runtime. Take the information at your discretion.\n");
  std::printf("INFO: Memory footprint delta from the start of the tool (MB): init=%s overall=%s\n",
              fmt::format("{:.6g}", 7.08203).c_str(), fmt::format("{:.6g}", 7.08203 + size_mb * 3).c_str());
  std::fflush(stdout);
  std::this_thread::sleep_for(duration<double>(p.teardown_s));
  state.phase("exit");
  return 0;
}
