// sim-trtexec: a stand-in for NVIDIA trtexec (TensorRT 10.3) on the simulated bench:
// --loadEngine/--onnx, --duration=S, --warmUp=MS; prints the logger-prefixed run and the
// real "=== Performance summary ===" and writes nothing else.
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <thread>

#include "harness/util/local_time.hpp"
#include "probes/sim/tool_bench.hpp"

using namespace std::chrono;

namespace {
std::string prefix(char level) { return fmt::format("[{}] [{}] ", wb::local_time_now("%m/%d/%Y-%H:%M:%S"), level); }
}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> flags;
  std::string cmdline = "trtexec";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    cmdline += " " + a;
    auto eq = a.find('=');
    flags[a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2)] = eq == std::string::npos ? "" : a.substr(eq + 1);
  }
  std::printf("&&&& RUNNING TensorRT.trtexec [TensorRT v100300] # %s\n", cmdline.c_str());
  std::string model = flags.count("loadEngine") ? flags["loadEngine"] : flags.count("onnx") ? flags["onnx"] : "";
  if (model.empty() || !std::filesystem::exists(model)) {
    std::printf("%sCannot open engine file: %s\n%sEngine set up failed\n", prefix('E').c_str(), model.c_str(), prefix('E').c_str());
    std::printf("&&&& FAILED TensorRT.trtexec [TensorRT v100300] # %s\n", cmdline.c_str());
    return 1;
  }
  double duration_s = flags.count("duration") ? std::stod(flags["duration"]) : 3.0;
  double warmup_ms = flags.count("warmUp") ? std::stod(flags["warmUp"]) : 200.0;
  wb::sim::ToolBench bench(2909u);
  const auto& p = bench.params();
  auto& state = bench.state();

  std::printf("%s=== Model Options ===\n%sFormat: *\n%sModel: %s\n", prefix('I').c_str(), prefix('I').c_str(), prefix('I').c_str(), model.c_str());
  std::printf("%sLoading supplied serialized engine: %s\n", prefix('I').c_str(), model.c_str());
  std::fflush(stdout);
  state.phase("load");
  std::this_thread::sleep_for(duration<double>(p.load_s));
  std::printf("%sStarting inference\n", prefix('I').c_str());
  std::fflush(stdout);
  state.phase("warmup");
  std::this_thread::sleep_for(duration<double>(warmup_ms / 1000));
  double qps = p.fps * bench.jitter();
  state.phase("measure");
  auto t0 = steady_clock::now();
  std::this_thread::sleep_for(duration<double>(duration_s));
  double wall = duration<double>(steady_clock::now() - t0).count();
  state.phase("teardown");
  auto queries = static_cast<long>(std::llround(qps * wall));
  state.result(static_cast<std::uint64_t>(queries), wall);
  qps = queries / wall;
  double lat = p.latency_ms, gpu = lat * 0.955;
  auto stat = [&](const char* name, double mean) {
    std::printf("%s%s: min = %s ms, max = %s ms, mean = %s ms, median = %s ms, percentile(90%%) = %s ms, percentile(95%%) = %s ms, percentile(99%%) = %s ms\n",
                prefix('I').c_str(), name, fmt::format("{:.6g}", mean * 0.46).c_str(), fmt::format("{:.6g}", mean * 1.63).c_str(),
                fmt::format("{:.6g}", mean).c_str(), fmt::format("{:.6g}", mean * 1.046).c_str(), fmt::format("{:.6g}", mean * 1.105).c_str(),
                fmt::format("{:.6g}", mean * 1.207).c_str(), fmt::format("{:.6g}", mean * 1.583).c_str());
  };
  std::printf("%sWarmup completed %ld queries over %g ms\n", prefix('I').c_str(), static_cast<long>(qps * warmup_ms / 1000), warmup_ms);
  std::printf("%sTiming trace has %ld queries over %s s\n", prefix('I').c_str(), queries, fmt::format("{:.6g}", wall).c_str());
  std::printf("%s\n%s=== Performance summary ===\n", prefix('I').c_str(), prefix('I').c_str());
  std::printf("%sThroughput: %s qps\n", prefix('I').c_str(), fmt::format("{:.6g}", qps).c_str());
  stat("Latency", lat);
  stat("Enqueue Time", lat * 0.24);
  stat("H2D Latency", lat * 0.039);
  stat("GPU Compute Time", gpu);
  stat("D2H Latency", lat * 0.0036);
  std::printf("%sTotal Host Walltime: %s s\n", prefix('I').c_str(), fmt::format("{:.6g}", wall).c_str());
  std::printf("%sTotal GPU Compute Time: %s s\n", prefix('I').c_str(), fmt::format("{:.6g}", gpu * queries / 1000).c_str());
  std::printf("%sExplanations of the performance metrics are printed in the verbose logs.\n%s\n", prefix('I').c_str(), prefix('I').c_str());
  std::printf("&&&& PASSED TensorRT.trtexec [TensorRT v100300] # %s\n", cmdline.c_str());
  std::fflush(stdout);
  std::this_thread::sleep_for(duration<double>(p.teardown_s));
  state.phase("exit");
  return 0;
}
