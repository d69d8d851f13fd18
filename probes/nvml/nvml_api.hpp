// The part of NVIDIA's nvml.h that the nvml probe calls, declared here so that wattbench
// needs no NVIDIA package to build: libnvidia-ml.so.1 is loaded at run time. Values and
// signatures as in nvml.h (CUDA 12.x; NVML API reference): nvmlReturn_t codes, NVML_
// TEMPERATURE_GPU 0, NVML_CLOCK_SM 1, NVML_DEVICE_ARCH_* (AMPERE 7, ADA 8, HOPPER 9, BLACKWELL
// 10, T23X (Orin) 11), buffer sizes (NVML_DEVICE_NAME_V2_BUFFER_SIZE 96, UUID 96, driver 80).
#pragma once

extern "C" {
typedef struct nvmlDevice_st* nvmlDevice_t;
typedef int nvmlReturn_t;  // an enum in nvml.h, int-sized
typedef unsigned int nvmlDeviceArchitecture_t;
}

namespace wb::nvml {

inline constexpr nvmlReturn_t kSuccess = 0;
inline constexpr nvmlReturn_t kErrorNotSupported = 3;
inline constexpr nvmlReturn_t kErrorNoPermission = 4;
inline constexpr nvmlReturn_t kErrorNotFound = 6;
inline constexpr nvmlReturn_t kErrorDriverNotLoaded = 9;
inline constexpr nvmlReturn_t kErrorFunctionNotFound = 13;
inline constexpr nvmlReturn_t kErrorGpuIsLost = 15;
inline constexpr int kTemperatureGpu = 0;  // NVML_TEMPERATURE_GPU
inline constexpr int kClockSm = 1;         // NVML_CLOCK_SM
inline constexpr unsigned kArchAmpere = 7, kArchT23x = 11, kArchUnknown = 0xffffffff;
inline constexpr unsigned kNameBufferSize = 96, kUuidBufferSize = 96, kDriverVersionBufferSize = 80;

// The functions, by their exported (versioned) names.
using InitFn = nvmlReturn_t (*)();                                            // nvmlInit_v2
using ShutdownFn = nvmlReturn_t (*)();                                        // nvmlShutdown
using ErrorStringFn = const char* (*)(nvmlReturn_t);                          // nvmlErrorString
using GetCountFn = nvmlReturn_t (*)(unsigned int*);                           // nvmlDeviceGetCount_v2
using GetHandleByIndexFn = nvmlReturn_t (*)(unsigned int, nvmlDevice_t*);     // nvmlDeviceGetHandleByIndex_v2
using GetHandleByStringFn = nvmlReturn_t (*)(const char*, nvmlDevice_t*);     // ...ByUUID, ...ByPciBusId_v2
using GetStringFn = nvmlReturn_t (*)(nvmlDevice_t, char*, unsigned int);      // nvmlDeviceGetName, ...GetUUID
using SystemGetStringFn = nvmlReturn_t (*)(char*, unsigned int);              // nvmlSystemGetDriverVersion
using GetUintFn = nvmlReturn_t (*)(nvmlDevice_t, unsigned int*);              // nvmlDeviceGetPowerUsage (mW)
using GetEnergyFn = nvmlReturn_t (*)(nvmlDevice_t, unsigned long long*);      // ...GetTotalEnergyConsumption (mJ)
using GetTemperatureFn = nvmlReturn_t (*)(nvmlDevice_t, int, unsigned int*);  // nvmlDeviceGetTemperature (°C)
using GetClockInfoFn = nvmlReturn_t (*)(nvmlDevice_t, int, unsigned int*);    // nvmlDeviceGetClockInfo (MHz)
using GetArchitectureFn = nvmlReturn_t (*)(nvmlDevice_t, nvmlDeviceArchitecture_t*);  // nvmlDeviceGetArchitecture

}  // namespace wb::nvml
