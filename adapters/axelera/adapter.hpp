// Axelera Voyager SDK runner (inference.py) on Metis.
#pragma once
#include "harness/plugin/tool_kind.hpp"

namespace wb {

// The axelera tool kind; its class is in adapter.cpp, adapters/registry.cpp lists it.
const Adapter& axelera_adapter();

}  // namespace wb
