// An OAAX runtime on OpenCV DNN (Debian's libopencv-dnn-dev 4.6) that loads ONNX: the
// project's CPU reference for output agreement and the real runtime its tests drive.
// Follows OAAX-standard/OAAX docs/Specification.md (spec 1.0, commit e55f660): §4.2 unknown keys
// ignored; §4.4 send_input queues (several in a row without their outputs) and takes ownership
// on success only; §4.5 receive_output non-zero when nothing is ready, output allocated here and
// freed by the host; §4.7 a human-readable last error owned by the runtime. The queue-and-worker
// shape is that of OAAX-standard/reference-implementation runtime-library/src/runtime_core.cpp
// (v1.1.3: an input queue, one inference thread, an output queue); no code copied.
// Runtime arguments: num_threads (OpenCV's thread count; the reference runtime's key).
#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "infer/oaax_interface.h"
#include "infer/tensor.hpp"

#define WB_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

std::mutex g_mutex;
std::condition_variable g_cv;
std::deque<tensors_struct*> g_inputs;
std::deque<tensors_struct*> g_outputs;
std::string g_error = "no error";
std::mutex g_error_mutex;
thread_local std::string g_error_copy;
cv::dnn::Net g_net;
std::vector<std::string> g_out_names;
std::thread g_worker;
bool g_stop = false, g_loaded = false;
int g_threads = -1;

void set_error(const std::string& e) {
  std::lock_guard<std::mutex> l(g_error_mutex);
  g_error = e;
}

tensors_struct* infer_one(tensors_struct* in) {
  for (std::size_t i = 0; i < in->num_tensors; ++i) {
    std::vector<int> dims;
    for (std::size_t d = 0; d < in->ranks[i]; ++d) dims.push_back(static_cast<int>(in->shapes[i][d]));
    cv::Mat m;
    if (in->data_types[i] == WB_OAAX_FLOAT) {
      m = cv::Mat(static_cast<int>(dims.size()), dims.data(), CV_32F, in->data[i]);
    } else if (in->data_types[i] == WB_OAAX_UINT8) {
      cv::Mat(static_cast<int>(dims.size()), dims.data(), CV_8U, in->data[i]).convertTo(m, CV_32F);
    } else {
      throw std::runtime_error(std::string("input '") + in->names[i] +
                               "': only float32 and uint8 inputs are supported");
    }
    g_net.setInput(m, in->names[i]);
  }
  std::vector<cv::Mat> outs;
  g_net.forward(outs, g_out_names);
  wb::infer::Tensors t;
  for (std::size_t k = 0; k < outs.size(); ++k) {
    cv::Mat f;
    outs[k].convertTo(f, CV_32F);
    if (!f.isContinuous()) f = f.clone();
    wb::infer::Tensor x;
    x.name = g_out_names[k];
    for (int d = 0; d < f.dims; ++d) x.shape.push_back(static_cast<std::size_t>(f.size[d]));
    x.bytes.assign(f.ptr<std::uint8_t>(), f.ptr<std::uint8_t>() + f.total() * 4);
    t.push_back(std::move(x));
  }
  return wb::infer::to_c(t);
}

void worker() {
  for (;;) {
    tensors_struct* in = nullptr;
    {
      std::unique_lock<std::mutex> l(g_mutex);
      g_cv.wait(l, [] { return g_stop || !g_inputs.empty(); });
      if (g_stop) return;
      in = g_inputs.front();
      g_inputs.pop_front();
    }
    tensors_struct* out = nullptr;
    try {
      out = infer_one(in);
    } catch (const std::exception& e) {
      set_error(std::string("inference failed: ") + e.what());
    }
    wb::infer::free_tensors_struct(in);
    if (out) {
      std::lock_guard<std::mutex> l(g_mutex);
      g_outputs.push_back(out);
    }
  }
}

}  // namespace

WB_EXPORT int runtime_initialization() {
  if (g_threads > 0) cv::setNumThreads(g_threads);
  return 0;
}

WB_EXPORT int runtime_initialization_with_args(int length, const char** keys, const void** values) {
  for (int i = 0; i < length; ++i) {
    if (!keys[i] || !values[i]) continue;
    if (std::strcmp(keys[i], "num_threads") == 0) {
      char* end = nullptr;
      long n = std::strtol(static_cast<const char*>(values[i]), &end, 10);
      if (!end || *end || n < 1 || n > 256) {
        set_error(std::string("num_threads: expected an integer 1..256, got '") + static_cast<const char*>(values[i]) +
                  "'");
        return 1;
      }
      g_threads = static_cast<int>(n);
    }
  }
  return runtime_initialization();
}

WB_EXPORT int runtime_model_loading(const char* path) {
  if (g_loaded) {
    set_error("a model is already loaded (one model per runtime instance)");
    return 1;
  }
  try {
    g_net = cv::dnn::readNetFromONNX(path);
    g_net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    g_net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    g_out_names = g_net.getUnconnectedOutLayersNames();
  } catch (const std::exception& e) {
    set_error(std::string("cannot load '") + path + "': " + e.what());
    return 1;
  }
  g_loaded = true;
  g_stop = false;
  g_worker = std::thread(worker);
  return 0;
}

WB_EXPORT int send_input(tensors_struct* in) {
  if (!g_loaded) {
    set_error("send_input before a model was loaded");
    return 1;
  }
  if (!in || (in->num_tensors && (!in->names || !in->data_types || !in->ranks || !in->shapes || !in->data))) {
    set_error("send_input: an incomplete tensors_struct");
    return 1;
  }
  {
    std::lock_guard<std::mutex> l(g_mutex);
    g_inputs.push_back(in);
  }
  g_cv.notify_one();
  return 0;
}

WB_EXPORT int receive_output(tensors_struct** out) {
  std::lock_guard<std::mutex> l(g_mutex);
  if (g_outputs.empty()) return 1;
  *out = g_outputs.front();
  g_outputs.pop_front();
  return 0;
}

WB_EXPORT int runtime_destruction() {
  {
    std::lock_guard<std::mutex> l(g_mutex);
    g_stop = true;
  }
  g_cv.notify_all();
  if (g_worker.joinable()) g_worker.join();
  std::lock_guard<std::mutex> l(g_mutex);
  for (auto* t : g_inputs) wb::infer::free_tensors_struct(t);
  for (auto* t : g_outputs) wb::infer::free_tensors_struct(t);
  g_inputs.clear();
  g_outputs.clear();
  g_loaded = false;
  return 0;
}

WB_EXPORT const char* runtime_error_message() {
  std::lock_guard<std::mutex> l(g_error_mutex);
  g_error_copy = g_error;  // stable until this thread's next call
  return g_error_copy.c_str();
}

WB_EXPORT const char* runtime_version() { return "1.0.0 (OpenCV " CV_VERSION ")"; }

WB_EXPORT const char* runtime_name() { return "wattbench-opencv-cpu"; }
