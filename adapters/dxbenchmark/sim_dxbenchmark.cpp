// sim-dxbenchmark: a stand-in for DeepX's dxbenchmark on the simulated bench. It accepts
// the real options, sleeps through model load, warmup and the timed phase, prints the real
// stdout (versions, model-info block, profiler table) and writes the real
// DXBENCHMARK_<ts>.csv/.json/.html and profiler.json into --result-path. Its phases go to
// $WATTBENCH_SIM_STATE so the simulated rail power follows it.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "harness/util/local_time.hpp"
#include "probes/sim/tool_bench.hpp"

namespace fs = std::filesystem;
using namespace std::chrono;

namespace {

const char* kUsage =
    "DXBENCHMARK (simulated)\n"
    "Usage: dxbenchmark --dir <dir> (-t SEC | -l N) [options]\n"
    "  --dir arg            model directory (every *.dxnn in it)\n"
    "  -t, --time arg       benchmark time per model in seconds\n"
    "  -l, --loops arg      benchmark loop count per model (wins over --time)\n"
    "      --warmup arg     warmup runs (default 10)\n"
    "      --result-path    report directory (default .)\n"
    "      --sort arg       name|fps|time|latency\n"
    "      --order arg      asc|desc\n"
    "  -n, --npu arg        NPU bound option 0..6\n"
    "  -d, --devices arg    all | 0,1 | count:N\n"
    "      --only-data      no HTML report\n"
    "      --recursive      search models recursively\n"
    "      --use-ort        use ONNX Runtime for CPU tasks\n"
    "  -v, --verbose        print host information\n"
    "  -h, --help           print usage\n";

struct Options {
  std::string dir;
  std::optional<double> time_s;
  std::optional<long> loops;
  long warmup = 10;
  std::string result_path = ".";
  bool only_data = false, recursive = false, verbose = false;
  std::string devices = "all";
};

[[noreturn]] void usage_error(const std::string& msg) {
  std::fprintf(stderr, "[ERROR] %s\n%s", msg.c_str(), kUsage);
  std::exit(1);
}

Options parse(int argc, char** argv) {
  Options o;
  std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i], value;
    bool inline_value = false;
    if (auto eq = a.find('='); a.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = a.substr(eq + 1);
      a = a.substr(0, eq);
      inline_value = true;
    }
    auto next = [&]() -> std::string {
      if (inline_value) return value;
      if (i + 1 >= args.size()) usage_error("option '" + a + "' is missing an argument");
      return args[++i];
    };
    auto num = [&](const std::string& s) {
      try {
        std::size_t used = 0;
        double v = std::stod(s, &used);
        if (used == s.size()) return v;
      } catch (...) {
      }
      usage_error("option '" + a + "' expects a number, got '" + s + "'");
    };
    if (a == "-h" || a == "--help") { std::fputs(kUsage, stdout); std::exit(0); }
    else if (a == "--dir") o.dir = next();
    else if (a == "-t" || a == "--time") o.time_s = num(next());
    else if (a == "-l" || a == "--loops") o.loops = static_cast<long>(num(next()));
    else if (a == "--warmup") o.warmup = static_cast<long>(num(next()));
    else if (a == "--result-path") o.result_path = next();
    else if (a == "--sort" || a == "--order" || a == "-n" || a == "--npu") next();
    else if (a == "-d" || a == "--devices") o.devices = next();
    else if (a == "--only-data") o.only_data = true;
    else if (a == "--recursive") o.recursive = true;
    else if (a == "--use-ort") {}
    else if (a == "-v" || a == "--verbose") o.verbose = true;
    else usage_error("unknown option '" + args[i] + "'");
  }
  if (o.dir.empty()) usage_error("--dir is required");
  if (!o.loops && !o.time_s) usage_error("either --loops or --time is required");
  return o;
}

void sleep_s(double s) {
  if (s > 0) std::this_thread::sleep_for(duration<double>(s));
}

std::string stamp() { return wb::local_time_now("%Y_%m_%d_%H%M%S"); }

struct Result {
  std::string model;
  double fps, npu_ms, npu_sd, lat_ms, lat_sd;
  double timed_us;
};

}  // namespace

int main(int argc, char** argv) {
  Options opt = parse(argc, argv);
  wb::sim::ToolBench bench(7919u);
  const auto& p = bench.params();
  auto& state = bench.state();

  std::vector<fs::path> models;
  if (!fs::is_directory(opt.dir)) usage_error("model directory not found: " + opt.dir);
  auto collect = [&](const fs::directory_entry& e) {
    if (e.is_regular_file() && e.path().extension() == ".dxnn") models.push_back(e.path());
  };
  if (opt.recursive) for (const auto& e : fs::recursive_directory_iterator(opt.dir)) collect(e);
  else for (const auto& e : fs::directory_iterator(opt.dir)) collect(e);
  std::sort(models.begin(), models.end());
  if (models.empty()) usage_error("no .dxnn model found in " + opt.dir);

  std::printf("Runtime Framework Version: v3.2.0\nDevice Driver Version: v2.1.0\nPCIe Driver Version: v2.0.1\n\n");
  std::printf("Device specification: 'all' (default)\n");
  std::fflush(stdout);

  std::vector<Result> results;
  for (const auto& model : models) {
    state.phase("load");
    std::printf("=== Model File: %s ===\n\n", model.string().c_str());
    std::printf("Model Input Tensors:\n  - input.1\nModel Output Tensors:\n  - 495\n\nTasks:\n  [ ] -> npu_0 -> []\n");
    std::printf("  Task[0] npu_0, NPU, NPU memory usage 36,478,720 bytes (input 150,528 bytes, output 4,000 bytes)\n");
    std::printf("  Inputs\n     -  input.1, UINT8, [1, 224, 224, 3 ]\n  Outputs\n    -  495, FLOAT, [1, 1000 ]\n\n");
    std::fflush(stdout);
    sleep_s(p.load_s);

    state.phase("warmup");
    sleep_s(static_cast<double>(opt.warmup) * p.latency_ms / 1000.0);

    double fps = p.fps * bench.jitter();
    state.phase("measure");
    auto t0 = steady_clock::now();
    double planned = opt.loops ? static_cast<double>(*opt.loops) / fps : *opt.time_s;
    sleep_s(planned);
    auto t1 = steady_clock::now();
    state.phase("teardown");
    double elapsed_s = duration<double>(t1 - t0).count();
    auto frames = opt.loops ? static_cast<std::uint64_t>(*opt.loops) : static_cast<std::uint64_t>(std::llround(fps * elapsed_s));
    state.result(frames, elapsed_s);
    // The tool computes FPS from a millisecond-resolution elapsed time.
    double elapsed_ms = std::floor(elapsed_s * 1000.0);
    Result r;
    r.model = model.filename().string();
    r.fps = static_cast<double>(frames) * 1000.0 / elapsed_ms;
    r.npu_ms = 1000.0 * 3 / p.fps * 0.92;  // three NPU cores working in parallel
    r.npu_sd = r.npu_ms * 0.03;
    r.lat_ms = p.latency_ms;
    r.lat_sd = p.latency_ms * 0.12;
    r.timed_us = std::round(elapsed_s * 1e6);
    results.push_back(r);
  }

  fs::path out = opt.result_path;
  if (!fs::exists(out)) {
    fs::create_directories(out);
    std::printf("Created directory: %s\n", out.string().c_str());
  }
  std::string ts = stamp();
  {
    fs::path csv = out / ("DXBENCHMARK_" + ts + ".csv");
    bool empty = !fs::exists(csv) || fs::file_size(csv) == 0;
    std::ofstream f(csv, std::ios::app);
    if (empty)
      f << "Runtime Version, Firmware Version, Device Driver Version,PCIe Driver Version,Model Name,FPS,NPU Inference Time Mean,"
           "NPU Inference Time SD,NPU Inference Time CV,Latency Mean,Latency SD,Latency CV\n";
    for (const auto& r : results)
      f << fmt::format("3.2.0,2.5.0,2.1.0,2.0.1,{},{:.2f},{:.2f},{:.2f},{:.2f},{:.2f},{:.2f},{:.2f}\n", r.model, r.fps,
                       r.npu_ms, r.npu_sd, r.npu_sd / r.npu_ms, r.lat_ms, r.lat_sd, r.lat_sd / r.lat_ms);
  }
  {
    std::ofstream f(out / ("DXBENCHMARK_" + ts + ".json"));
    f << "{\n  \"Runtime Version\": \"3.2.0\",\n  \"Firmware Version\": \"2.5.0\",\n"
         "  \"Device Driver Version\": \"2.1.0\",\n  \"PCIe Driver Version\": \"2.0.1\",\n  \"results\": [\n";
    for (std::size_t i = 0; i < results.size(); ++i) {
      const auto& r = results[i];
      f << fmt::format(
          "    {{\n      \"Model Name\": \"{}\",\n      \"FPS\": {:.2f},\n      \"NPU Inference Time\": {{\n"
          "        \"mean\": {:.2f},\n        \"sd\": {:.2f},\n        \"cv\": {:.2f}\n      }},\n"
          "      \"Latency\": {{\n        \"mean\": {:.2f},\n        \"sd\": {:.2f},\n        \"cv\": {:.2f}\n      }}\n    }}{}\n",
          r.model, r.fps, r.npu_ms, r.npu_sd, r.npu_sd / r.npu_ms, r.lat_ms, r.lat_sd, r.lat_sd / r.lat_ms,
          i + 1 < results.size() ? "," : "");
    }
    f << "  ]\n}\n";
  }
  if (!opt.only_data) {
    std::ofstream f(out / ("DXBENCHMARK_" + ts + ".html"));
    f << "<html><body><table><tr><th>Model</th><th>FPS</th><th>Avg. NPU Time (ms)</th></tr>";
    for (const auto& r : results) f << fmt::format("<tr><td>{}</td><td>{:.2f}</td><td>{:.6f}</td></tr>", r.model, r.fps, r.npu_ms);
    f << "</table></body></html>\n";
  }
  {
    std::ofstream f("profiler.json");
    f << "{\"traceEvents\": []}\n";
  }

  // Only the last model's timepoints survive the profiler flush between models.
  const Result& last = results.back();
  std::printf("Profiler data has been written to profiler.json\n");
  std::printf("  -------------------------------------------------------------------------------\n");
  std::printf("  |           Name                 |  min (us)    |  max (us)    | average (us) |\n");
  std::printf("  -------------------------------------------------------------------------------\n");
  auto row = [](const std::string& name, double mn, double mx, double avg) {
    std::string n = name.substr(0, 28);
    std::printf("  | %30s | %12.0f | %12.0f | %12s | \n", n.c_str(), mn, mx, fmt::format("{:.6g}", avg).c_str());
  };
  double npu_us = last.npu_ms * 1000, lat_us = last.lat_ms * 1000;
  row("NPU Core", npu_us * 0.95, npu_us * 1.2, npu_us);
  row("NPU Task", lat_us * 0.55, lat_us * 1.7, lat_us);
  row("PCIe Read", 21, 412, 38.9513);
  row("PCIe Write", 57, 871, 96.3052);
  row("dxbenchmark_" + last.model, last.timed_us, last.timed_us, last.timed_us);
  std::printf("  -------------------------------------------------------------------------------\n");
  std::fflush(stdout);

  sleep_s(p.teardown_s);
  state.phase("exit");
  return 0;
}
