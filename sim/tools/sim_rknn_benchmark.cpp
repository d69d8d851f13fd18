// sim-rknn_benchmark: a stand-in for Rockchip's rknn_benchmark (RKNPU2 SDK example) on the
// simulated bench, following airockchip/rknn-toolkit2 rknpu2/examples/rknn_benchmark/src/
// rknn_benchmark.cpp at v2.3.2 (59a913d; `git diff v1.6.0 v2.3.2` of that file is empty, and
// rockchip-linux/rknn-toolkit2 v1.6.0 holds the same file). Everything the example prints goes to
// stdout (printf); the runtime library (librknnrt, closed source) logs "E RKNN: [HH:MM:SS.mmm] ..."
// lines itself, put on stderr here (as captured in user reports; the stream is not in the source).
// `sim.tool_version` picks the runtime/driver version line: "2.3.2" (default) or "1.6.0".
//
// What it copies (line numbers for v2.3.2):
// - l.249-268 usage `Usage:%s model_path [input_path] [loop_count] [core_mask]` (return -1, exit
//   255) when argc < 2; argv[2] split on '#' (an empty string: no inputs, zero-filled buffers),
//   loop_count = atoi(argv[3]) (default 10), core_mask = strtoul(argv[4]) (default 1).
// - l.278-283 rknn_init (model load: the `load` phase); on failure `rknn_init fail! ret=%d`,
//   return -1. With `sim.model_error` the runtime logs that reason as an "E RKNN:" line and
//   rknn_init returns RKNN_ERR_FAIL (-1), as in the captured "load model file error!" reports.
// - l.285-354 the queries: "rknn_api/rknnrt version: %s, driver version: %s", "total weight
//   size: %d, total internal size: %d", "total dma used size: %zu", "model input num: %d, output
//   num: %d", "input tensors:" / "output tensors:" with dump_tensor_attr lines (l.70-84),
//   "custom string: %s".
// - l.356-405 inputs: a missing image prints "load image failed!" and jumps to `out:` (return 0).
// - l.411 rknn_set_core_mask (return value unchecked), l.414-426 "Warmup ..." and 5 runs each
//   printed "%4d: Elapse Time = %.2fms, FPS = %.2f" (the `warmup` phase; the first run carries
//   the graph set-up, sim.first_inference_ms), l.429-442 "Begin perf ..." then loop_count runs,
//   each timed alone by gettimeofday around rknn_run and printed after it (`measure` from the
//   first run's start to the last run's end), then "\nAvg Time %.2fms, Avg FPS = %.3f\n\n" from
//   the float sum of the runs (total_time += elapse_us / 1000.f).
// - l.444-485 rknn_outputs_get, "Save output to rt_output%d.npy", "---- Top%d ----" and
//   "%8.6f - %d" lines (`report`), l.487-497 rknn_outputs_release, rknn_destroy (`teardown`),
//   return 0.
// - Not from the SDK: timed run k ends when the simulated card's FPS curve (sim/bench/throttle.hpp,
//   cold rate sim.fps with this run's jitter) reaches k frames, so throttling shows in the lines.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <thread>

#include "sim/bench/throttle.hpp"
#include "sim/bench/tool_bench.hpp"

using namespace std::chrono;

namespace {
int64_t now_us() { return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count(); }

std::string log_time() {  // librknnrt's "[HH:MM:SS.mmm]"
  auto t = system_clock::now();
  std::time_t s = system_clock::to_time_t(t);
  std::tm tm{};
  localtime_r(&s, &tm);
  auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count() % 1000;
  return fmt::format("{:02}:{:02}:{:02}.{:03}", tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
}
}  // namespace

int main(int argc, char** argv) {
  wb::sim::ToolBench bench(5821u);
  const auto& p = bench.params();
  std::string ver = p.tool_version.empty() ? "2.3.2" : p.tool_version;
  std::string version_line;
  if (ver == "2.3.2")
    version_line = "2.3.2 (429f97ae6b@2025-04-09T09:09:27), driver version: 0.9.8";
  else if (ver == "1.6.0")
    version_line = "1.6.0 (9a7b5d24c@2023-12-13T17:31:11), driver version: 0.9.3";
  else {
    std::fprintf(stderr, "sim-rknn_benchmark: tool_version '%s' is not simulated (2.3.2, 1.6.0)\n", ver.c_str());
    return 2;
  }
  if (argc < 2) {
    std::printf("Usage:%s model_path [input_path] [loop_count] [core_mask]\n", argv[0]);
    return 255;
  }
  std::string model = argv[1];
  std::string input = argc > 2 ? argv[2] : "";
  int loop_count = argc > 3 ? std::atoi(argv[3]) : 10;
  auto& state = bench.state();

  state.phase("load");
  std::this_thread::sleep_for(duration<double>(p.load_s));
  if (!p.model_error.empty() || !std::filesystem::exists(model)) {
    if (!p.model_error.empty()) std::fprintf(stderr, "E RKNN: [%s] %s\n", log_time().c_str(), p.model_error.c_str());
    std::fflush(stderr);
    std::printf("rknn_init fail! ret=%d\n", -1);
    std::fflush(stdout);
    state.phase("exit");
    return 255;
  }
  std::printf("rknn_api/rknnrt version: %s\n", version_line.c_str());
  auto weights = static_cast<long long>(std::filesystem::file_size(model));
  std::printf("total weight size: %lld, total internal size: %d\n", weights, 2408448);
  std::printf("total dma used size: %zu\n", static_cast<size_t>(weights + 2408448 + 151552));
  std::printf("model input num: 1, output num: 1\n");
  std::printf("input tensors:\n");
  std::printf(
      "  index=0, name=input, n_dims=4, dims=[1, 224, 224, 3], n_elems=150528, size=150528, w_stride = 224, "
      "size_with_stride=150528, fmt=NHWC, type=INT8, qnt_type=AFFINE, zp=-14, scale=0.018658\n");
  std::printf("output tensors:\n");
  std::printf(
      "  index=0, name=output, n_dims=2, dims=[1, 1000], n_elems=1000, size=1000, w_stride = 0, "
      "size_with_stride=1000, fmt=UNDEFINED, type=INT8, qnt_type=AFFINE, zp=-128, scale=0.142025\n");
  std::printf("custom string: \n");
  if (!input.empty() && !std::filesystem::exists(input)) {
    std::printf("load image failed!\n");  // goto out: rknn_destroy, return 0
    std::fflush(stdout);
    state.phase("exit");
    return 0;
  }

  double period_s = 1.0 / p.fps;
  auto run_once = [&](double extra_ms) {  // rknn_run, timed as the tool does
    int64_t start = now_us();
    std::this_thread::sleep_until(steady_clock::now() + duration_cast<steady_clock::duration>(duration<double>(
                                                            period_s / bench.jitter() + extra_ms / 1000)));
    return now_us() - start;
  };
  state.phase("warmup");
  std::printf("Warmup ...\n");
  for (int i = 0; i < 5; ++i) {
    int64_t e = run_once(i == 0 ? p.first_inference_ms : 0);
    std::printf("%4d: Elapse Time = %.2fms, FPS = %.2f\n", i, e / 1000.f, 1000.f * 1000.f / e);
    std::fflush(stdout);
  }
  std::printf("Begin perf ...\n");
  std::fflush(stdout);
  double total_time = 0;
  // Not from the SDK: the timed runs end on the simulated card's FPS curve (sim/bench/throttle.hpp),
  // so a card that throttles shows it in the per-run lines, as a real one would.
  const auto throttle = wb::sim::throttle_of(p);
  double cold_fps = p.fps * bench.jitter();
  state.phase("measure");
  auto first = steady_clock::now();
  for (int i = 0; i < loop_count; ++i) {
    int64_t start = now_us();
    std::this_thread::sleep_until(
        first + duration_cast<steady_clock::duration>(duration<double>(throttle.time_of((i + 1) / cold_fps))));
    int64_t e = now_us() - start;
    total_time += e / 1000.f;
    std::printf("%4d: Elapse Time = %.2fms, FPS = %.2f\n", i, e / 1000.f, 1000.f * 1000.f / e);
    std::fflush(stdout);
  }
  double span = duration<double>(steady_clock::now() - first).count();
  state.phase("report");
  state.result(loop_count, span, cold_fps);
  std::printf("\nAvg Time %.2fms, Avg FPS = %.3f\n\n", total_time / loop_count, loop_count * 1000.f / total_time);
  std::printf("Save output to rt_output0.npy\n");
  std::printf("---- Top5 ----\n");
  const int top[5] = {812, 404, 908, 895, 657};
  for (int j = 0; j < 5; ++j) std::printf("%8.6f - %d\n", j == 0 ? 0.884766 : 0.023438 / (j + 1), top[j]);
  std::fflush(stdout);
  state.phase("teardown");  // rknn_outputs_release, rknn_destroy
  std::this_thread::sleep_for(duration<double>(p.teardown_s));
  state.phase("exit");
  return 0;
}
