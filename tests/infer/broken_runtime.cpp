// OAAX runtimes that go wrong on purpose, one way each (chosen at compile time), for the infer
// tests: a missing symbol, a model that does not load, errors after some inferences. Each one
// follows OAAX-standard/OAAX docs/Specification.md (spec 1.0) everywhere else, and says why in
// runtime_error_message as §4.7 asks. BROKEN_MISSING_SYMBOL: no send_input. BROKEN_LOAD:
// runtime_model_loading fails. BROKEN_MIDRUN_SEND: send_input fails after 300 inputs.
// BROKEN_MIDRUN_STALL: outputs stop after 300 (receive_output keeps returning non-zero).
// HEADER_GENERATION: not broken, the first interface generation (OAAX-standard/OAAX "Illustrative
// example/Runtime/include/interface.h", commit 183e9c8): no runtime_initialization_with_args and
// receive_output(tensors_struct *) filling the host's struct.
#include <atomic>
#include <cstdlib>
#include <deque>
#include <mutex>

#include "infer/oaax_interface.h"
#include "infer/tensor.hpp"

#define WB_EXPORT extern "C" __attribute__((visibility("default")))

namespace {
std::mutex g_mutex;
std::deque<tensors_struct*> g_done;
[[maybe_unused]] long g_sent = 0;
const char* g_error = "no error";
}  // namespace

WB_EXPORT int runtime_initialization() { return 0; }
#ifndef HEADER_GENERATION
WB_EXPORT int runtime_initialization_with_args(int, const char**, const void**) { return 0; }
#endif

WB_EXPORT int runtime_model_loading(const char*) {
#ifdef BROKEN_LOAD
  // With a terminal escape and a control byte, as a hostile or careless runtime might say it.
  g_error = "model file is not a compiled model for the Broken-1 NPU (magic mismatch)\x1b[2J\x07";
  return 7;
#else
  return 0;
#endif
}

#ifndef BROKEN_MISSING_SYMBOL
WB_EXPORT int send_input(tensors_struct* in) {
  std::lock_guard<std::mutex> l(g_mutex);
#ifdef BROKEN_MIDRUN_SEND
  if (g_sent >= 300) {
    g_error = "device lost: PCIe link down after 300 inferences";
    return 5;
  }
#endif
  ++g_sent;
  wb::infer::free_tensors_struct(in);
#ifdef BROKEN_MIDRUN_STALL
  if (g_sent > 300) {
    g_error = "NPU watchdog: inference timed out, core 0 hung";
    return 0;
  }
#endif
  wb::infer::Tensor t{"out", WB_OAAX_FLOAT, {1, 1}, std::vector<std::uint8_t>(4, 0)};
  g_done.push_back(wb::infer::to_c({t}));
  return 0;
}
#endif

#ifdef HEADER_GENERATION
WB_EXPORT int receive_output(tensors_struct* out) {
  std::lock_guard<std::mutex> l(g_mutex);
  if (g_done.empty()) return 1;
  *out = *g_done.front();  // the members move to the host, which frees them
  std::free(g_done.front());
  g_done.pop_front();
  return 0;
}
#else
WB_EXPORT int receive_output(tensors_struct** out) {
  std::lock_guard<std::mutex> l(g_mutex);
  if (g_done.empty()) return 1;
  *out = g_done.front();
  g_done.pop_front();
  return 0;
}
#endif

WB_EXPORT int runtime_destruction() {
  for (auto* t : g_done) wb::infer::free_tensors_struct(t);
  g_done.clear();
  return 0;
}
WB_EXPORT const char* runtime_error_message() { return g_error; }
WB_EXPORT const char* runtime_version() { return "0.0.1"; }
#ifdef HEADER_GENERATION
WB_EXPORT const char* runtime_name() { return "header-generation-test-runtime"; }
#else
WB_EXPORT const char* runtime_name() { return "broken-test-runtime"; }
#endif
