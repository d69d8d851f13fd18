// OpenVINO benchmark_app (C++ sample, any device plugin: CPU, GPU, NPU, AUTO...): FPS over its
// timed loop, the latency statistics and the runtime build.
#pragma once
#include "harness/plugin/tool_kind.hpp"

namespace wb {

// The benchmark_app tool kind; its class is in adapter.cpp, adapters/registry.cpp lists it.
const Adapter& benchmark_app_adapter();

}  // namespace wb
