// A tool described only in YAML: argv, where each figure is (regex on stdout/stderr/a file,
// or a JSON pointer into a file), and optional start/end markers.
#pragma once
#include "harness/plugin/tool_kind.hpp"

namespace wb {

// The generic tool kind; its class is in adapter.cpp, adapters/registry.cpp lists it.
const Adapter& generic_adapter();

}  // namespace wb
