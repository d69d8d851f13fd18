// DeepX dxbenchmark (DX-RT): argv from the config, report files and stdout parsed.
#pragma once
#include "harness/plugin/tool_kind.hpp"

namespace wb {

// The dxbenchmark tool kind; its class is in adapter.cpp, adapters/registry.cpp lists it.
const Adapter& dxbenchmark_adapter();

}  // namespace wb
