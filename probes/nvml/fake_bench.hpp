// How the simulated bench drives the fake libnvidia-ml (probes/nvml/fake_libnvidia_ml.cpp):
// the probe, on transport sim, calls the fake's one extra export with the bench's true power
// and temperature. The real library has no such symbol, so a real GPU is never "attached".
#pragma once

extern "C" {
struct WattbenchFakeNvmlBench {
  void* context;
  double (*power_w)(void* context, double steady_s);  // true board power at a steady-clock time
  double (*temp_c)(void* context, double steady_s);
  double sm_clock_mhz;
  unsigned architecture;  // nvmlDeviceArchitecture_t
  const char* name;       // what nvmlDeviceGetName returns
};
// Attaches (or with null, detaches) the bench; returns 0.
typedef int (*WattbenchFakeNvmlAttachFn)(const WattbenchFakeNvmlBench* bench);
}

#define WATTBENCH_FAKE_NVML_ATTACH "wattbench_fake_nvml_attach"
