// Simulated OAAX runtimes for the simulated DeepX M1 and Hailo-8 (built once per card:
// SIM_OAAX_DEEPX or SIM_OAAX_HAILO). The card runs at the bench's `sim:` rate (fps, with the
// run's jitter like every fake tool) and latency: inference k is ready at
// max(ready[k-1] + 1/fps, sent[k] + latency), so N in flight keep it busy and one in flight
// gives 1/latency. Its power follows the work in flight through the simulated bench's phase file
// (sim/bench/sim_state.hpp, as the fake tools in sim/tools/ do): `load` while the model
// loads, `measure` from the first input; once the work's rate is known (0.25 s in) the share of the
// card's time it is busy (load_share: 1 with inputs always waiting; below, a new `measure` mark
// steps the power down); 4 ramp time constants later (0.5 s at the earliest) a last `measure` mark
// starts the truth's window (the runner's warm-up should outlast it, so both windows see the same work); `teardown` at
// runtime_destruction, with the frames and time since that mark as the run's truth, then `exit` (idle) once the card is
// released.
//
// Interface semantics from OAAX-standard/OAAX docs/Specification.md (spec 1.0, commit e55f660):
// an asynchronous queue (§4.4: several send_input calls without their outputs; the runtime frees
// accepted inputs), receive_output non-zero when no output is ready (§4.5), a malloc'ed output the
// host frees, error/name/version strings owned here (§4.7-4.9). Each card's runtime as its source:
// - DeepX: OAAX-standard/deepx-acceleration runtime-library/src/runtime_core.cpp (commit b0c8622):
//   runtime_initialization_with_args ignores its values (L209-221); model loading fails (returns 1)
//   when the file cannot be opened (L225-232); send_input takes exactly one input tensor (L289-292)
//   and blocks while all NumDevice x 10 output buffers are out (L294-300: with one device, 10 in
//   flight at most); receive_output blocks until an output is ready and returns non-zero only once
//   the runtime stops (L366-376); runtime_error_message returns "" (L471-473); name "DEEPX"
//   (L479-481); version OAAX_RUNTIME_VERSION, set at build (CMakeLists.txt L9-13; OAAX 1.1.0 in
//   OAAX-standard/OAAX docs/DEEPX.md).
// - Hailo: OAAX-standard/hailo-acceleration runtime-library/src/runtime_core.c (commit d60b99c):
//   runtime_initialization_with_args reads n_duplicates and n_threads_per_duplicate as `int *`
//   (L63-79, unknown keys logged and ignored); receive_output waits up to 200 ms for an output, then
//   returns 1 with *output_tensors = NULL (L245-257); runtime_error_message returns "Check the
//   stdout and log files for the error message." (L537-539); version "0.1.0", name "OnnxRuntime"
//   (L541-547): the Hailo runtime runs an ONNX model whose HailoOp node holds the compiled part.
// The model_error sim parameter makes model loading fail as the card's toolchain would refuse it.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "infer/oaax_interface.h"
#include "infer/tensor.hpp"
#include "sim/bench/tool_bench.hpp"

#define WB_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

using Clock = std::chrono::steady_clock;

#if defined(SIM_OAAX_DEEPX)
constexpr const char* kName = "DEEPX";
constexpr const char* kVersion = "1.1.0";
constexpr const char* kErrorMessage = "";
constexpr std::size_t kMaxOutstanding = 10;  // NumDevice (1) x 10 output buffers
constexpr unsigned kSalt = 49157u;
#elif defined(SIM_OAAX_HAILO)
constexpr const char* kName = "OnnxRuntime";
constexpr const char* kVersion = "0.1.0";
constexpr const char* kErrorMessage = "Check the stdout and log files for the error message.";
constexpr std::size_t kMaxOutstanding = 0;  // no bound in its queue
constexpr unsigned kSalt = 98317u;
#else
#error "build with SIM_OAAX_DEEPX or SIM_OAAX_HAILO"
#endif

struct Job {
  tensors_struct* input;
  Clock::time_point sent;
};

struct Card {
  std::unique_ptr<wb::sim::ToolBench> bench;
  double fps = 0, latency_s = 0;
  std::mutex m;
  std::condition_variable cv;
  std::deque<Job> inputs;
  std::deque<tensors_struct*> outputs;
  std::size_t outstanding = 0;  // sent and not yet received
  bool stop = false, loaded = false, measuring = false;
  std::thread worker;
  // Truth bookkeeping, worker thread only.
  std::optional<Clock::time_point> first_input, measure_at, last_output;
  std::uint64_t frames_since_measure = 0;
};
Card g;

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

tensors_struct* output_for(const tensors_struct* in) {
  // A classifier's scores, a function of the input bytes only (the same input gives the same output).
  std::uint64_t h = 1469598103934665603ULL;
  for (std::size_t i = 0; i < in->num_tensors; ++i) {
    std::size_t n = 1;
    for (std::size_t d = 0; d < in->ranks[i]; ++d) n *= in->shapes[i][d];
    auto size = wb::infer::dtype_size(in->data_types[i]).value_or(1);
    const auto* p = static_cast<const std::uint8_t*>(in->data[i]);
    for (std::size_t b = 0; b < std::min<std::size_t>(n * size, 4096); ++b) h = (h ^ p[b]) * 1099511628211ULL;
  }
  wb::infer::Tensor t{"scores", WB_OAAX_FLOAT, {1, 10}, std::vector<std::uint8_t>(40)};
  for (int k = 0; k < 10; ++k) {
    float f = static_cast<float>((h >> (k * 6)) & 63) / 63.0f;
    std::memcpy(t.bytes.data() + 4 * k, &f, 4);
  }
  return wb::infer::to_c({t});
}

void worker() {
  Clock::time_point ready{}, first_ready{};
  Clock::duration idle{};
  bool first = true, share_known = false;
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> l(g.m);
      g.cv.wait(l, [] { return g.stop || !g.inputs.empty(); });
      if (g.stop) return;
      job = g.inputs.front();
      g.inputs.pop_front();
    }
    auto& st = g.bench->state();
    if (!g.first_input) {
      g.first_input = Clock::now();
      st.phase("measure");  // the card at work, at full share
    }
    auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / g.fps));
    auto lat = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(g.latency_s));
    if (first) {
      ready = job.sent + lat;
      first_ready = ready;
    } else {
      // The card idles where the host had no input for it when it could have started one.
      auto earliest = ready + period;
      ready = std::max(earliest, job.sent + lat);
      idle += ready - earliest;
    }
    first = false;
    double busy_s = seconds(ready - first_ready);
    // 0.25 s in, the share of its time the card is busy is known; a paced host keeps it below 1.
    if (!share_known && busy_s >= 0.25) {
      share_known = true;
      double share = 1.0 - seconds(idle) / busy_s;
      if (share < 0.98) {
        st.load_share(share);
        st.phase("measure");  // power steps down to the share
      }
    }
    // Once the rail has settled (4 time constants), the truth's window starts: the last `measure` mark.
    if (share_known && !g.measuring && busy_s >= std::max(0.5, 0.25 + 4 * g.bench->params().ramp_s)) {
      st.phase("measure");
      g.measuring = true;
      g.measure_at = ready;
    }
    std::this_thread::sleep_until(ready);
    tensors_struct* out = output_for(job.input);
    wb::infer::free_tensors_struct(job.input);
    if (g.measuring && ready > *g.measure_at) {
      ++g.frames_since_measure;
      g.last_output = ready;
    }
    {
      std::lock_guard<std::mutex> l(g.m);
      g.outputs.push_back(out);
    }
    g.cv.notify_all();
  }
}

}  // namespace

WB_EXPORT int runtime_initialization() {
  g.bench = std::make_unique<wb::sim::ToolBench>(kSalt);  // opens the simulated card
  g.fps = g.bench->params().fps * g.bench->jitter();
  g.latency_s = g.bench->params().latency_ms / 1000.0;
  return 0;
}

WB_EXPORT int runtime_initialization_with_args(int length, const char** keys, const void** values) {
#if defined(SIM_OAAX_HAILO)
  for (int i = 0; i < length; ++i)
    if (keys[i] && (std::strcmp(keys[i], "n_duplicates") == 0 || std::strcmp(keys[i], "n_threads_per_duplicate") == 0))
      (void)*static_cast<const int*>(values[i]);  // read as the Hailo runtime reads them: an int
#else
  (void)length, (void)keys, (void)values;
#endif
  return runtime_initialization();
}

WB_EXPORT int runtime_model_loading(const char* path) {
  if (!g.bench) return 1;
  std::ifstream f(path, std::ios::binary);
  if (!f) return 1;
  auto& st = g.bench->state();
  st.phase("load");
  std::this_thread::sleep_for(std::chrono::duration<double>(std::min(g.bench->params().load_s, 0.25)));
  if (!g.bench->params().model_error.empty()) {
    st.phase("teardown");
    std::fprintf(stderr, "[%s] model loading failed: %s\n", kName,
                 g.bench->params().model_error.c_str());  // the vendors log, not return
    return 1;
  }
  g.loaded = true;
  g.worker = std::thread(worker);
  return 0;
}

WB_EXPORT int send_input(tensors_struct* in) {
  if (!g.loaded || !in) return 1;
#if defined(SIM_OAAX_DEEPX)
  if (in->num_tensors != 1) return 1;
#endif
  {
    std::unique_lock<std::mutex> l(g.m);
    if (kMaxOutstanding) g.cv.wait(l, [] { return g.stop || g.outstanding < kMaxOutstanding; });
    if (g.stop) return 1;
    ++g.outstanding;
    g.inputs.push_back({in, Clock::now()});
  }
  g.cv.notify_all();
  return 0;
}

WB_EXPORT int receive_output(tensors_struct** out) {
  std::unique_lock<std::mutex> l(g.m);
#if defined(SIM_OAAX_DEEPX)
  g.cv.wait(l, [] { return g.stop || !g.outputs.empty(); });
#else
  g.cv.wait_for(l, std::chrono::milliseconds(200), [] { return g.stop || !g.outputs.empty(); });
#endif
  if (g.outputs.empty()) {
    *out = nullptr;
    return 1;
  }
  *out = g.outputs.front();
  g.outputs.pop_front();
  --g.outstanding;
  l.unlock();
  g.cv.notify_all();
  return 0;
}

WB_EXPORT int runtime_destruction() {
  {
    std::lock_guard<std::mutex> l(g.m);
    g.stop = true;
  }
  g.cv.notify_all();
  if (g.worker.joinable()) g.worker.join();
  if (g.bench) {
    auto& st = g.bench->state();
    if (g.measure_at && g.last_output && g.frames_since_measure > 1)
      st.result(g.frames_since_measure, seconds(*g.last_output - *g.measure_at));
    st.phase("teardown");  // the device released, then the card back at idle
    std::this_thread::sleep_for(std::chrono::duration<double>(std::min(g.bench->params().teardown_s, 0.15)));
    st.phase("exit");
  }
  for (auto& j : g.inputs) wb::infer::free_tensors_struct(j.input);
  for (auto* t : g.outputs) wb::infer::free_tensors_struct(t);
  g.inputs.clear();
  g.outputs.clear();
  g.loaded = false;
  return 0;
}

WB_EXPORT const char* runtime_error_message() { return kErrorMessage; }
WB_EXPORT const char* runtime_version() { return kVersion; }
WB_EXPORT const char* runtime_name() { return kName; }
