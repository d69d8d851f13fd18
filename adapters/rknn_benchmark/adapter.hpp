// Rockchip rknn_benchmark (RKNPU2 SDK example): per-iteration NPU run times and their average.
#pragma once
#include "harness/plugin/tool_kind.hpp"

namespace wb {

// The rknn_benchmark tool kind; its class is in adapter.cpp, adapters/registry.cpp lists it.
const Adapter& rknn_benchmark_adapter();

}  // namespace wb
