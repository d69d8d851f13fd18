// wattbench-infer (this project's runner over OAAX runtimes, infer/): its window and running
// count come from its own CLOCK_MONOTONIC timestamps of every send and receive.
#pragma once
#include "harness/plugin/tool_kind.hpp"

namespace wb {

// The infer tool kind; its class is in adapter.cpp, adapters/registry.cpp lists it.
const Adapter& infer_adapter();

}  // namespace wb
