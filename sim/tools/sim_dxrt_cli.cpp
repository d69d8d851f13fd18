// sim-dxrt-cli: a stand-in for DeepX's dxrt-cli on the simulated bench. `-s` prints the
// v3.2 info + status block with per-NPU voltage, clock and temperature (no power, like the
// real tool); `-i` the info block only. Temperatures follow the simulated card's load.
// Line format from DEEPX-AI dx_rt lib/device_info_status.cpp operator<< (as quoted in
// shared/reference/vendor-formats.md §2.3): "NPU %d: voltage %u mV, clock %u MHz, temperature %d'C",
// three NPU lines on M1, closed by the '=' line; the info block above them is left out here.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "sim/bench/load_model.hpp"
#include "sim/bench/tool_bench.hpp"

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode != "-s" && mode != "--status" && mode != "-i" && mode != "--info") {
    std::fprintf(stderr, "usage: dxrt-cli (-s|--status|-i|--info)  [simulated: other options are not offered]\n");
    return 1;
  }
  std::printf("DXRT v3.2.0\n");
  std::printf("=======================================================\n");
  std::printf(" * Device 0: M1, Accelerator type\n");
  std::printf("---------------------   Version   ---------------------\n");
  std::printf(" * RT Driver version   : v2.1.0\n * PCIe Driver version : v2.0.1\n");
  std::printf("-------------------------------------------------------\n");
  std::printf(" * FW version          : v2.5.0\n");
  std::printf("--------------------- Device Info ---------------------\n");
  std::printf(" * Memory : LPDDR5 6400 Mbps, 3.92GiB\n * Board  : M.2, Rev 1.0\n * Chip Offset : 0\n");
  std::printf(" * PCIe   : Gen3 X4 [01:00:00]\n");
  if (mode == "-i" || mode == "--info") return 0;
  wb::sim::ToolBench bench(1u);
  wb::sim::LoadModel load(bench.params(), bench.state_path());
  double now = wb::sim::steady_now_s();
  // Fault injection (sim.sensor_sentinel_*), not dxrt-cli's normal output: the 65262 °C reading
  // that field reports of wedged cards quote (issue 17); its cause is not documented.
  double base = load.sentinel_at(now) ? 65262 : load.npu_temp_c(now);
  std::printf("\n");
  for (int n = 0; n < 3; ++n)  // the cores differ by a degree, as on the real card
    std::printf("NPU %d: voltage 750 mV, clock 1000 MHz, temperature %d'C\n", n,
                static_cast<int>(base + (n == 1 && base < 1000 ? 1 : 0)));
  std::printf("=======================================================\n");
  return 0;
}
