// An OAAX runtime that does no work (spec 1.0 interface, OAAX-standard/OAAX docs/Specification.md):
// send_input frees the input and queues a one-float output, receive_output hands it over. With it,
// bench_infer measures what wattbench-infer itself costs per inference.
#include <deque>
#include <mutex>

#include "infer/oaax_interface.h"
#include "infer/tensor.hpp"

#define WB_EXPORT extern "C" __attribute__((visibility("default")))

namespace {
std::mutex g_m;
std::deque<tensors_struct*> g_out;
const wb::infer::Tensors kOut{wb::infer::Tensor{"out", WB_OAAX_FLOAT, {1, 1}, std::vector<std::uint8_t>(4, 0)}};
}  // namespace

WB_EXPORT int runtime_initialization() { return 0; }
WB_EXPORT int runtime_initialization_with_args(int, const char**, const void**) { return 0; }
WB_EXPORT int runtime_model_loading(const char*) { return 0; }
WB_EXPORT int send_input(tensors_struct* in) {
  wb::infer::free_tensors_struct(in);
  auto* o = wb::infer::to_c(kOut);
  std::lock_guard<std::mutex> l(g_m);
  g_out.push_back(o);
  return 0;
}
WB_EXPORT int receive_output(tensors_struct** out) {
  std::lock_guard<std::mutex> l(g_m);
  if (g_out.empty()) return 1;
  *out = g_out.front();
  g_out.pop_front();
  return 0;
}
WB_EXPORT int runtime_destruction() {
  for (auto* t : g_out) wb::infer::free_tensors_struct(t);
  g_out.clear();
  return 0;
}
WB_EXPORT const char* runtime_error_message() { return ""; }
WB_EXPORT const char* runtime_version() { return "1.0"; }
WB_EXPORT const char* runtime_name() { return "null"; }
