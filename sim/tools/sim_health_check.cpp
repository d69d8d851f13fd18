// sim-health-check: the simulated bench's device health command (as a bench would run its
// vendor's scan or status command). `sim-health-check` exits 0 when the card in
// $WATTBENCH_SIM_DEVICE answers, 1 when it is wedged; `--recover` resets it (back when the
// card's sim params made the wedge recoverable).
#include <cstdio>
#include <string>

#include "sim/bench/sim_device.hpp"

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (!mode.empty() && mode != "--recover") {
    std::fprintf(stderr, "usage: sim-health-check [--recover]\n");
    return 2;
  }
  std::string why;
  bool ok = mode == "--recover" ? wb::sim::recover_device(why) : wb::sim::device_healthy(why);
  std::printf("%s\n", why.c_str());
  return ok ? 0 : 1;
}
