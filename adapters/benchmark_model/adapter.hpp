// TensorFlow Lite benchmark_model (any TFLite target; NXP i.MX NPUs through external delegates).
#pragma once
#include "harness/plugin/tool_kind.hpp"

namespace wb {

// The benchmark_model tool kind; its class is in adapter.cpp, adapters/registry.cpp lists it.
const Adapter& benchmark_model_adapter();

}  // namespace wb
