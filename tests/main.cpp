// Every test binary's main: doctest, with the simulated bench installed as the executable does.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "harness/plugin/bench_double.hpp"

int main(int argc, char** argv) {
  wb::install_bench_double(&wb::simulated_bench);
  doctest::Context context(argc, argv);
  return context.run();
}
