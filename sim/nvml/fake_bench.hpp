// How the simulated bench drives the fake libnvidia-ml (sim/nvml/fake_libnvidia_ml.cpp):
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
  // The span nvmlDeviceGetPowerUsage averages over (s); < 0: as the NVML doc says for the
  // architecture (1 s from Ampere on, else instantaneous).
  double power_average_s;
  // 0: nvmlDeviceGetTotalEnergyConsumption is NOT_SUPPORTED even from Volta on (NVML: "For Volta
  // or newer fully supported devices"; a device that is not fully supported has no counter).
  int energy_counter;
};
// Attaches (or with null, detaches) the bench; returns 0.
typedef int (*WattbenchFakeNvmlAttachFn)(const WattbenchFakeNvmlBench* bench);
}

#define WATTBENCH_FAKE_NVML_ATTACH "wattbench_fake_nvml_attach"
