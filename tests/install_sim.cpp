// Test binaries that link the simulator install it as the bench double at start-up, as the
// `wattbench` executable does (a static initializer: this file is part of each such binary).
#include "harness/plugin/bench_double.hpp"

namespace {
const bool g_installed = [] {
  wb::install_bench_double(&wb::simulated_bench);
  return true;
}();
}  // namespace
