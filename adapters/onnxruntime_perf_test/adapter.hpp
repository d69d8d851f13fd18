// ONNX Runtime onnxruntime_perf_test: one adapter for every execution provider (-e).
#pragma once
#include "harness/plugin/tool_kind.hpp"

namespace wb {

// The onnxruntime_perf_test tool kind; its class is in adapter.cpp, adapters/registry.cpp lists it.
const Adapter& onnxruntime_perf_test_adapter();

}  // namespace wb
