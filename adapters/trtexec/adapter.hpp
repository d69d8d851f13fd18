// NVIDIA trtexec (TensorRT): throughput, latency and GPU compute statistics.
#pragma once
#include "harness/plugin/tool_kind.hpp"

namespace wb {

// The trtexec tool kind; its class is in adapter.cpp, adapters/registry.cpp lists it.
const Adapter& trtexec_adapter();

}  // namespace wb
