// The explicit list of adapters.
#pragma once
#include <string>
#include <vector>

#include "adapters/adapter.hpp"

namespace wb {

const std::vector<const Adapter*>& adapters();
const Adapter* find_adapter(const std::string& name);
std::string adapter_names();  // comma-separated, for error messages

}  // namespace wb
