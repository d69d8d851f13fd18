// sim-benchmark_app: a stand-in for OpenVINO's C++ benchmark_app on the simulated bench, following
// openvinotoolkit/openvino (read as stored file versions: the repository is too large to mirror
// here, so commits, not tags, are named). `sim.tool_version`: "" (default) = the newest,
// "2022", "2021". Every -d value is accepted, as by a build that has that plugin.
//
// What it copies:
// - samples/cpp/benchmark_app/main.cpp (commit 0027ced9, © 2018-2026), main(): every step printed
//   by next_step() as "[Step N/11] <name>[ (<info>)]" on std::cout with no prefix; slog::info
//   "[ INFO ] ", slog::warn "[ WARNING ] " on stdout, slog::err "[ ERROR ] " on stderr
//   (samples/cpp/common/utils/src/slog.cpp at 1345ca20, include/samples/slog.hpp at 367910b6:
//   the prefix is written before a line's first item; a bare slog::endl prints "[ INFO ] " alone).
//   Before the timed phase: step 1 "Parsing input parameters" (no -m: logic_error "Model is
//   required but not set. Please set -m option."); step 2 "OpenVINO:" then the runtime's
//   "Build ................................. <build>" (common.hpp operator<< for ov::Version) and
//   the same per device under "Device info:"; step 3 the hint warning when -hint is not given
//   ("Performance hint was not explicitly specified in command line. Device(CPU) performance hint
//   will be set to THROUGHPUT." — LATENCY with -api sync); step 4 "Loading model files", "Read
//   model took X ms"; step 5 "Model batch size: N"; step 7 core.compile_model (the `load` phase:
//   model load and compilation take `sim.load_s`), "Compile model took X ms" and the peak-memory
//   lines; step 8 the compiled model's properties and the number of requests (-nireq, else 1 for
//   sync, else OPTIMAL_NUMBER_OF_INFER_REQUESTS); -niter rounded up to a multiple of nireq for
//   async with the warning "Number of iterations was aligned by request number from A to B using
//   number of requests C"; step 9; step 10 "Measuring performance (Start inference
//   asynchronously, N inference requests[ using S streams for CPU], limits: T ms duration|N
//   iterations)"; "Benchmarking in inference only mode (inputs filling are not included in
//   measurement loop)."; then ONE warm-up request (the `warmup` phase), reset_times() and
//   "First inference took X ms" (double_to_string: 2 decimals), or with -no_warmup "Skipping
//   warmup inference due to -no_warmup flag".
//   The timed phase (`measure`): startTime right after that line; the loop runs while
//   (niter && iteration < niter) || (duration && execTime < duration) || (async && iteration %
//   nireq != 0); with -max_irate F it sleeps after each start until processedFramesN / F
//   seconds (processedFramesN += batch per request). Duration = InferRequestsQueue::
//   get_duration_in_milliseconds() (samples/cpp/benchmark_app/infer_request_wrap.hpp at
//   07f2bd39: the first get_idle_request() after reset_times() to the last callback), fps =
//   1000 * processedFramesN / Duration. Nothing is printed in the loop.
//   Not from OpenVINO (the simulator's power model): paced by -max_irate, whose sleep is in the
//   timed loop only, the simulated device idles between requests and its power above idle follows
//   the share of its rate (load_share) from the loop on.
//   After it (`report`): "[Step 11/11] Dumping statistics report", "Execution Devices: [ CPU ]"
//   (slog's vector form), "Count:               N iterations", "Duration:            x ms",
//   "Latency:" with LatencyMetrics::write_to_slog (samples/cpp/common/utils/src/latency_metrics.cpp
//   at f2244fa2: "   Median:           x ms", "   Average:          ", "   Min:              ",
//   "   Max:              "; fill_data: sorted, median = latencies[size_t(n / 100.0 * 50)]),
//   "Throughput:          x FPS". The latency_metrics.hpp at 3263d170 adds write_to_slog(bool
//   adaptive_latency_unit = false) printing " us" when the average is under 1 ms; main.cpp at
//   0027ced9 calls it without the flag, so the fake prints ms (the parser reads both).
//   Any exception: "[ ERROR ] <what()>" on stderr, return 3 (`sim.model_error` at compile_model,
//   as a device compiler refusing the model).
// - "2022": samples/cpp/benchmark_app/statistics_report.cpp (a stored version © 2018-2022)
//   LatencyMetrics::write_to_slog: "\tMedian:     x ms", "\tAverage:    ", "\tMin:        ",
//   "\tMax:        ", after slog "Count:      N iterations", "Duration:   x ms", "Latency:",
//   "Throughput: x FPS" (main.cpp of that era); no "Execution Devices", no memory lines.
// - "2021": inference-engine/samples/benchmark_app/main.cpp at 00c02a6a: step names "Loading
//   Inference Engine", "Reading network files", ...; "InferenceEngine: " then "\tAPI version
//   ............ 2.1", "\tBuild .................. <build>", "\tDescription ....... API"
//   (common.hpp operator<< for const Version*); "Network batch size: N"; "Load network took X
//   ms"; no inference-only line; the report on std::cout without a prefix: "Count:      N
//   iterations", "Duration:   x ms", "Latency:    x ms" (getMedianValue: the mean of the two
//   middle values for an even count), "Throughput: x FPS" where fps = batch * 1000 / latency
//   for sync, batch * 1000 * iteration / Duration for async.
// - -report_type T [-report_folder D] [-json_stats] (statistics_report.cpp at 60f2208, main.cpp at
//   7258fdf): after "[Step 11/11]" the statistics are dumped before the stdout report:
//   benchmark_report.csv ("Command line parameters;" with gflags' non-default flags, "Execution
//   results;" with "total execution time (ms)", "total number of iterations", "Median latency (ms)",
//   "Percentile boundary", "Average/Min/Max latency (ms)", "throughput"; CsvDumper puts ';' after
//   every value; doubles through std::to_string) or, with -json_stats, benchmark_report.json
//   (cmd_options / execution_results by json names), then "Statistics report is stored to <name>".
//   The fake writes a subset of the command-line flags (d, m, report_type). No per-layer counters.
// Flags (gflags: -f value, -f=value, --f): -m, -d (CPU), -t, -niter, -nireq, -b, -api
// (async; sync with -hint latency), -hint, -max_irate and -no_warmup (both absent from the 2021
// benchmark_app.hpp at 0444c638, present at 02bc288f; the "2021" fake refuses them as gflags
// refuses an unknown flag: "ERROR: unknown command line flag 'x'", exit 1), -i/-shape/-layout
// and the like taken and ignored. A missing model file ends like any exception (the runtime's
// wording varies by release; the fake's is its own).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "sim/bench/tool_bench.hpp"

using namespace std::chrono;

namespace {

std::string two(double v) { return fmt::format("{:.2f}", v); }  // double_to_string

void info(const std::string& s) { std::printf("[ INFO ] %s\n", s.c_str()); }
void warn(const std::string& s) { std::printf("[ WARNING ] %s\n", s.c_str()); }
void step(int n, const std::vector<std::string>& names, const std::string& extra = "") {
  std::printf("[Step %d/11] %s%s\n", n, names[static_cast<std::size_t>(n - 1)].c_str(),
              extra.empty() ? "" : (" (" + extra + ")").c_str());
  std::fflush(stdout);
}
int error(const std::string& what) {
  std::fflush(stdout);
  std::fprintf(stderr, "[ ERROR ] %s\n", what.c_str());
  return 3;
}
int gflags_error(const std::string& what) {
  std::fprintf(stderr, "ERROR: %s\n", what.c_str());
  return 1;
}

const std::vector<std::string> kSteps{"Parsing and validating input arguments",
                                      "Loading OpenVINO Runtime",
                                      "Setting device configuration",
                                      "Reading model files",
                                      "Resizing model to match image sizes and given batch",
                                      "Configuring input of the model",
                                      "Loading the model to the device",
                                      "Querying optimal runtime parameters",
                                      "Creating infer requests and preparing input tensors",
                                      "Measuring performance",
                                      "Dumping statistics report"};
const std::vector<std::string> kSteps2021{"Parsing and validating input arguments",
                                          "Loading Inference Engine",
                                          "Setting device configuration",
                                          "Reading network files",
                                          "Resizing network to match image sizes and given batch",
                                          "Configuring input of the model",
                                          "Loading the model to the device",
                                          "Setting optimal runtime parameters",
                                          "Creating infer requests and filling input blobs with images",
                                          "Measuring performance",
                                          "Dumping statistics report"};

// The report's labels with their padding: main.cpp's slog lines and LatencyMetrics::write_to_slog.
struct Layout {
  const char *count, *duration, *throughput, *median, *average, *min, *max;
};
constexpr Layout k2022{"Count:      ",   "Duration:   ",   "Throughput: ",  "\tMedian:     ",
                       "\tAverage:    ", "\tMin:        ", "\tMax:        "};
constexpr Layout kNewest{
    "Count:               ", "Duration:            ", "Throughput:          ", "   Median:           ",
    "   Average:          ", "   Min:              ", "   Max:              "};

struct Flags {
  std::string m, d = "CPU", api, hint;
  unsigned long long t = 0, niter = 0, nireq = 0, b = 0;
  double max_irate = 0;
  bool no_warmup = false;
  std::string report_type, report_folder;
  bool json_stats = false;
};

// 2021 (inference-engine/samples/benchmark_app/main.cpp, a stored 2021.x version): the non-default
// flags, then "total execution time (ms)", "total number of iterations", "latency (ms)" (the
// median) and "throughput" (the figure printed on stdout), values through double_to_string.
void dump_report_2021(const Flags& f, unsigned long long it, double total_ms, double median, double fps) {
  std::string name = (f.report_folder.empty() ? "" : f.report_folder + "/") + "benchmark_report.csv";
  std::string text = "Command line parameters;\n";
  if (!f.api.empty() && f.api != "async") text += "api;" + f.api + ";\n";
  if (f.b) text += fmt::format("b;{};\n", f.b);
  text += fmt::format(
      "d;{};\nm;{};\nreport_type;{};\n\nExecution results;\ntotal execution time (ms);{};\n"
      "total number of iterations;{};\nlatency (ms);{};\nthroughput;{};\n\n",
      f.d, f.m, f.report_type, two(total_ms), it, two(median), two(fps));
  if (FILE* out = std::fopen(name.c_str(), "w")) {
    std::fwrite(text.data(), 1, text.size(), out);
    std::fclose(out);
    info("Statistics report is stored to " + name);
  }
}

// StatisticsReport(JSON)::dump (statistics_report.cpp at 60f2208): benchmark_report.csv (';' after
// every value, std::to_string's 6 decimals) or .json, in -report_folder or the working folder.
void dump_report(const Flags& f, unsigned long long it, double total_ms, double median, double avg, double mn,
                 double mx, double fps) {
  std::string dir = f.report_folder.empty() ? "" : f.report_folder + "/";
  auto d = [](double v) { return std::to_string(v); };
  std::string name = dir + (f.json_stats ? "benchmark_report.json" : "benchmark_report.csv");
  std::string text;
  if (f.json_stats) {
    // nlohmann::json's object keys sorted, std::setw(4).
    text = fmt::format(
        "{{\n    \"cmd_options\": {{\n        \"d\": \"{}\",\n        \"json_stats\": \"true\",\n        \"m\": "
        "\"{}\",\n"
        "        \"report_type\": \"{}\"\n    }},\n    \"execution_results\": {{\n        \"execution_time\": {},\n"
        "        \"iterations_num\": {},\n        \"latency_avg\": {},\n        \"latency_max\": {},\n"
        "        \"latency_median\": {},\n        \"latency_min\": {},\n        \"percentile_boundary\": 50,\n"
        "        \"throughput\": {}\n    }}\n}}\n",
        f.d, f.m, f.report_type, total_ms, it, avg, mx, median, mn, fps);
  } else {
    text = fmt::format(
        "Command line parameters;\nd;{};\nm;{};\nreport_type;{};\n\nExecution results;\n"
        "total execution time (ms);{};\ntotal number of iterations;{};\nMedian latency (ms);{};\n"
        "Percentile boundary;50;\nAverage latency (ms);{};\nMin latency (ms);{};\nMax latency "
        "(ms);{};\nthroughput;{};\n\n",
        f.d, f.m, f.report_type, d(total_ms), it, d(median), d(avg), d(mn), d(mx), d(fps));
  }
  if (FILE* out = std::fopen(name.c_str(), "w")) {
    std::fwrite(text.data(), 1, text.size(), out);
    std::fclose(out);
    info("Statistics report is stored to " + name);
  } else {
    std::printf("[ WARNING ] Cannot create dump file! Disabling dump.\n");
  }
}

}  // namespace

int main(int argc, char** argv) {
  wb::sim::ToolBench bench(6007u);
  const auto& p = bench.params();
  const std::string& ver = p.tool_version;
  if (!ver.empty() && ver != "2022" && ver != "2021") {
    std::fprintf(stderr, "sim-benchmark_app: tool_version '%s' is not simulated (\"\", 2022, 2021)\n", ver.c_str());
    return 2;
  }
  const bool v2021 = ver == "2021", v2022 = ver == "2022", newest = ver.empty();
  const std::string build = v2021   ? "2021.4.2-3974-e2a469a3450-releases/2021/4"
                            : v2022 ? "2022.3.0-9052-9752fafe8eb-releases/2022/3"
                                    : "2025.2.0-19140-c01cd93e24d-releases/2025/2";
  const auto& steps = v2021 ? kSteps2021 : kSteps;

  step(1, steps);
  info("Parsing input parameters");
  std::fflush(stdout);
  Flags f;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) == 0) a.erase(0, 1);
    if (a.empty() || a[0] != '-') continue;  // gflags leaves positional arguments alone
    a.erase(0, 1);
    std::string value;
    bool has_value = false;
    if (auto eq = a.find('='); eq != std::string::npos) {
      value = a.substr(eq + 1);
      a = a.substr(0, eq);
      has_value = true;
    }
    auto take = [&]() -> std::string {
      if (!has_value && i + 1 < argc) {
        value = argv[++i];
        has_value = true;
      }
      return value;
    };
    auto u64 = [&](unsigned long long& out) {
      std::string v = take();
      char* end = nullptr;
      out = std::strtoull(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || v[0] == '-')
        return gflags_error(fmt::format("illegal value '{}' specified for uint64 flag '{}'", v, a));
      return 0;
    };
    int bad = 0;
    if (a == "m")
      f.m = take();
    else if (a == "d")
      f.d = take();
    else if (a == "api")
      f.api = take();
    else if (a == "hint")
      f.hint = take();
    else if (a == "t")
      bad = u64(f.t);
    else if (a == "niter")
      bad = u64(f.niter);
    else if (a == "nireq")
      bad = u64(f.nireq);
    else if (a == "b")
      bad = u64(f.b);
    else if ((a == "max_irate" || a == "no_warmup") && v2021)
      return gflags_error(fmt::format("unknown command line flag '{}'", a));
    else if (a == "max_irate")
      f.max_irate = std::strtod(take().c_str(), nullptr);
    else if (a == "no_warmup")
      f.no_warmup = !has_value || value == "true";
    else if (a == "i" || a == "shape" || a == "data_shape" || a == "layout" || a == "nstreams" || a == "nthreads" ||
             a == "pin" || a == "infer_precision" || a == "cache_dir" || a == "latency_percentile")
      take();
    else if (a == "report_type")
      f.report_type = take();
    else if (a == "report_folder")
      f.report_folder = take();
    else if (a == "json_stats")
      f.json_stats = !v2021 && (!has_value || value == "true");
    else if (a == "pc" || a == "inference_only" || a == "progress" || a == "stream_output") {
    } else
      return gflags_error(fmt::format("unknown command line flag '{}'", a));
    if (bad) return bad;
  }
  if (f.m.empty()) return error("Model is required but not set. Please set -m option.");
  if (f.api.empty()) f.api = f.hint == "latency" ? "sync" : "async";
  if (f.api != "async" && f.api != "sync")
    return error("Incorrect API. Please set -api option to `sync` or `async` value.");
  if (f.api == "sync" && f.t == 0 && f.niter != 0 && f.nireq > f.niter)
    return error("Number of iterations should be greater than number of infer requests when using sync API.");
  auto& state = bench.state();
  std::string device = f.d.substr(0, f.d.find_first_of(".:"));

  state.phase("load");
  step(2, steps);
  if (v2021) {
    std::printf(
        "[ INFO ] InferenceEngine: \n\tAPI version ............ 2.1\n\tBuild .................. %s\n\tDescription "
        "....... API\n",
        build.c_str());
    std::printf("[ INFO ] Device info: \n\t%s\n\tMKLDNNPlugin version ......... 2.1\n\tBuild ........... %s\n\n",
                f.d.c_str(), build.c_str());
  } else {
    info("OpenVINO:");
    info("Build ................................. " + build);
    info("");
    info("Device info:");
    info(f.d);
    info("Build ................................. " + build);
    info("");
    info("");
  }
  step(3, steps);
  if (!v2021 && f.hint.empty())
    warn(fmt::format(
        "Performance hint was not explicitly specified in command line. Device({}) performance hint will be set to {}.",
        f.d, f.api == "sync" ? "LATENCY" : "THROUGHPUT"));
  step(4, steps);
  info(v2021 ? "Loading network files" : "Loading model files");
  if (!std::filesystem::exists(f.m)) return error(fmt::format("Model file {} cannot be opened (no such file)", f.m));
  double read_ms = 1000 * p.load_s * 0.05;
  std::this_thread::sleep_for(duration<double, std::milli>(read_ms));
  info(fmt::format("{} took {} ms", v2021 ? "Read network" : "Read model", two(read_ms)));
  step(5, steps);
  unsigned long long batch = f.b ? f.b : 1;
  info(v2021 ? fmt::format("{}{}", f.b ? "Network batch size was changed to: " : "Network batch size: ", batch)
             : fmt::format("Model batch size: {}", batch));
  step(6, steps);
  step(7, steps);
  auto compile_start = steady_clock::now();
  std::this_thread::sleep_for(duration<double>(p.load_s * 0.95));
  if (!p.model_error.empty()) {
    state.phase("exit");
    return error(p.model_error);
  }
  double compile_ms = duration<double, std::milli>(steady_clock::now() - compile_start).count();
  info(fmt::format("{} took {} ms", v2021 ? "Load network" : "Compile model", two(compile_ms)));
  if (newest) {
    info("Start of compilation memory usage: Peak 412840 KB");
    info("End of compilation memory usage: Peak 598716 KB");
    info("Compile model ram used 185876 KB");
  }

  step(8, steps);
  unsigned long long nireq = f.nireq           ? f.nireq
                             : f.api == "sync" ? 1
                                               : 4;  // OPTIMAL_NUMBER_OF_INFER_REQUESTS of the simulated device
  if (!v2021) {
    info("Model:");
    info("  NETWORK_NAME: main_graph");
    info(fmt::format("  OPTIMAL_NUMBER_OF_INFER_REQUESTS: {}", nireq));
  }
  unsigned long long niter = f.niter;
  if (niter > 0 && f.api == "async") {
    niter = (niter + nireq - 1) / nireq * nireq;
    if (niter != f.niter)
      warn(fmt::format("Number of iterations was aligned by request number from {} to {} using number of requests {}",
                       f.niter, niter, nireq));
  }
  unsigned long long duration_s = f.t            ? f.t
                                  : f.niter == 0 ? 60
                                                 : 0;  // device_default_device_duration_in_seconds: 60 for CPU
  step(9, steps);
  std::string limits = duration_s ? fmt::format("{} ms duration", duration_s * 1000) : "";
  if (niter) limits += (limits.empty() ? "" : ", ") + fmt::format("{} iterations", niter);
  std::string start = fmt::format("Start inference {}hronously", f.api);
  if (f.api == "async") start += fmt::format(", {} inference requests using {} streams for {}", nireq, nireq, device);
  step(10, steps, start + ", limits: " + limits);
  if (!v2021) info("Benchmarking in inference only mode (inputs filling are not included in measurement loop).");
  std::fflush(stdout);

  // The warm-up request, out of the measurement: an NPU or GPU compiles kernels on its first run.
  double frame_s = 1.0 / p.fps;
  if (f.no_warmup) {
    info("Skipping warmup inference due to -no_warmup flag");
  } else {
    state.phase("warmup");
    double first_ms = p.first_inference_ms + p.latency_ms * bench.jitter();
    std::this_thread::sleep_for(duration<double, std::milli>(first_ms));
    info(fmt::format("First inference took {} ms", two(first_ms)));
  }
  std::fflush(stdout);

  // The timed loop at the simulated rate: request k ends at T_k; the loop stops when the limits
  // are met at a request start and the request count is a multiple of nireq (async).
  // Paced, the device idles between requests: the simulator's power follows the share it drives.
  if (f.max_irate > 0) state.load_share(std::min(1.0, f.max_irate * frame_s));
  auto loop_start = steady_clock::now();
  state.phase("measure");
  std::vector<double> latencies;  // ms
  double t_end = 0;
  unsigned long long it = 0;
  auto more = [&] {
    return (niter != 0 && it < niter) || (duration_s != 0 && t_end < static_cast<double>(duration_s)) ||
           (f.api == "async" && it % nireq != 0);
  };
  while (more()) {
    double c = static_cast<double>(batch) * frame_s / bench.jitter();
    ++it;
    t_end = std::max(t_end + c, f.max_irate > 0 ? static_cast<double>(it * batch) / f.max_irate : 0.0);
    latencies.push_back(f.api == "sync" ? 1000 * c : p.latency_ms * bench.jitter());
  }
  std::this_thread::sleep_until(loop_start + duration_cast<steady_clock::duration>(duration<double>(t_end)));
  double total_ms = duration<double, std::milli>(steady_clock::now() - loop_start).count();
  state.phase("report");
  double frames = static_cast<double>(it * batch);
  state.result(static_cast<std::uint64_t>(frames), total_ms / 1000);

  std::vector<double> s = latencies;
  std::sort(s.begin(), s.end());
  double avg = std::accumulate(s.begin(), s.end(), 0.0) / static_cast<double>(s.size());
  double median = s[static_cast<std::size_t>(static_cast<double>(s.size()) / 100.0 * 50)];
  step(11, steps);
  if (!f.report_type.empty() && !v2021)
    dump_report(f, it, total_ms, median, avg, s.front(), s.back(), 1000.0 * frames / total_ms);
  if (v2021) {
    std::size_t n = s.size();
    double med = n % 2 ? s[n / 2] : (s[n / 2] + s[n / 2 - 1]) / 2;
    double fps = f.api == "sync" ? static_cast<double>(batch) * 1000.0 / med : frames * 1000.0 / total_ms;
    if (!f.report_type.empty()) dump_report_2021(f, it, total_ms, med, fps);
    std::printf("Count:      %llu iterations\nDuration:   %s ms\nLatency:    %s ms\nThroughput: %s FPS\n", it,
                two(total_ms).c_str(), two(med).c_str(), two(fps).c_str());
  } else {
    const Layout& l = v2022 ? k2022 : kNewest;
    if (newest) info(fmt::format("Execution Devices: [ {} ]", device));
    info(fmt::format("{}{} iterations", l.count, it));
    info(fmt::format("{}{} ms", l.duration, two(total_ms)));
    info("Latency:");
    for (auto [label, v] : {std::pair{l.median, median}, {l.average, avg}, {l.min, s.front()}, {l.max, s.back()}})
      info(std::string(label) + two(v) + " ms");
    info(fmt::format("{}{} FPS", l.throughput, two(1000.0 * frames / total_ms)));
  }
  std::fflush(stdout);
  state.phase("teardown");  // the compiled model and its requests are released as main returns
  std::this_thread::sleep_for(duration<double>(p.teardown_s));
  state.phase("exit");
  return 0;
}
