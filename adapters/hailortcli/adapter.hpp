// Hailo hailortcli: `run`, `benchmark` (power window = its streaming phase) and `run2`.
#pragma once
#include "harness/plugin/tool_kind.hpp"

namespace wb {

// The hailortcli tool kind; its class is in adapter.cpp, adapters/registry.cpp lists it.
const Adapter& hailortcli_adapter();

}  // namespace wb
