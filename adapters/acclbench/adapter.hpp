// MemryX acclBench (MX3): FPS, In-To-Out latency and the tool's own power readings.
#pragma once
#include "harness/plugin/tool_kind.hpp"

namespace wb {

// The acclbench tool kind; its class is in adapter.cpp, adapters/registry.cpp lists it.
const Adapter& acclbench_adapter();

}  // namespace wb
