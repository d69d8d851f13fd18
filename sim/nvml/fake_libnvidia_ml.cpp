// A fake libnvidia-ml.so.1 for the simulated bench and the nvml probe's tests: the real
// symbol names and signatures (probes/nvml/nvml_api.hpp), behaving as nvml.h documents them
// (NVML API reference, CUDA 12.x):
// - nvmlInit_v2/nvmlShutdown are reference-counted ("multiple initializations are allowed").
//   $WATTBENCH_FAKE_NVML_INIT=<code> makes nvmlInit_v2 fail with that nvmlReturn_t (9: no driver).
// - nvmlDeviceGetTotalEnergyConsumption: "total energy consumption for this GPU in millijoules
//   (mJ) since the driver was last reloaded", Volta (arch 5) or newer, else NOT_SUPPORTED. The
//   count does not start at 0 at nvmlInit (the driver loaded long before).
// - nvmlDeviceGetPowerUsage: milliwatts; "On Ampere (except GA100) or newer GPUs, the API returns
//   power averaged over 1 sec interval. On GA100 and older architectures, instantaneous power".
//   The bench may set another span (power_average_s) to model a meter with a longer average.
// - nvmlDeviceGetTotalEnergyConsumption is "for Volta or newer fully supported devices": the
//   bench's energy_counter 0 models a device that is not fully supported (NOT_SUPPORTED).
// - nvmlDeviceGetTemperature (NVML_TEMPERATURE_GPU, whole °C), nvmlDeviceGetClockInfo
//   (NVML_CLOCK_SM, MHz), nvmlDeviceGetArchitecture, nvmlDeviceGetName/UUID (INSUFFICIENT_SIZE
//   when the buffer is short), handles by index (INVALID_ARGUMENT past the count), by UUID and
//   by PCI bus id (NOT_FOUND), nvmlErrorString, nvmlSystemGetDriverVersion.
// The "driver" integrates the attached bench's power every millisecond on its own thread.
// Without a bench attached (wattbench_fake_nvml_attach) it has no GPUs.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "probes/nvml/nvml_api.hpp"
#include "sim/nvml/fake_bench.hpp"

#define NVML_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

constexpr nvmlReturn_t kUninitialized = 1, kInvalidArgument = 2, kInsufficientSize = 7;
constexpr double kEnergyAtLoadMj = 8.4e9;  // ~2.3 kWh since the driver loaded
constexpr const char* kUuid = "GPU-6b5c8f4e-1d2a-4c3b-9e8f-0a1b2c3d4e5f";
constexpr const char* kPciBusId = "00000000:01:00.0";

double steady_s() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

struct Driver {
  std::mutex mutex;
  int init_count = 0;
  bool attached = false;
  WattbenchFakeNvmlBench bench{};
  std::string name;
  std::deque<std::pair<double, double>> history;  // (t, energy J) over the last second and more
  double energy_j = 0, last_t = 0, last_w = 0;
  std::atomic<bool> running{false};
  std::thread thread;
  nvmlDevice_st* handle = reinterpret_cast<nvmlDevice_st*>(&init_count);  // any unique address

  void tick() {
    double t = steady_s();
    double w = bench.power_w(bench.context, t);
    std::lock_guard lock(mutex);
    energy_j += (w + last_w) / 2 * (t - last_t);
    last_t = t;
    last_w = w;
    history.emplace_back(t, energy_j);
    double span = average_s();
    while (history.size() > 2 && history[1].first <= t - span) history.pop_front();
  }
  // The span power readings average over; 0: instantaneous.
  double average_s() const {
    if (bench.power_average_s >= 0) return bench.power_average_s;
    return bench.architecture >= wb::nvml::kArchAmpere && bench.architecture != wb::nvml::kArchUnknown ? 1.0 : 0.0;
  }
  void start() {
    last_t = steady_s();
    last_w = bench.power_w(bench.context, last_t);
    energy_j = 0;
    history.assign(1, {last_t, 0.0});
    running = true;
    thread = std::thread([this] {
      while (running) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        tick();
      }
    });
  }
  void stop() {
    running = false;
    if (thread.joinable()) thread.join();
  }
};

Driver& driver() {
  static Driver d;
  return d;
}

bool valid(nvmlDevice_t dev) {
  auto& d = driver();
  return d.init_count > 0 && d.attached && dev == d.handle;
}

nvmlReturn_t copy_string(const std::string& s, char* out, unsigned int length) {
  if (!out) return kInvalidArgument;
  if (length < s.size() + 1) return kInsufficientSize;
  std::memcpy(out, s.c_str(), s.size() + 1);
  return wb::nvml::kSuccess;
}

// "%x:%x:%x.%x" in any width: 0000:01:00.0 and 00000000:01:00.0 name the same GPU.
bool same_bus_id(const char* a, const char* b) {
  unsigned x[4], y[4];
  return std::sscanf(a, "%x:%x:%x.%x", &x[0], &x[1], &x[2], &x[3]) == 4 &&
         std::sscanf(b, "%x:%x:%x.%x", &y[0], &y[1], &y[2], &y[3]) == 4 && std::equal(x, x + 4, y);
}

}  // namespace

NVML_EXPORT int wattbench_fake_nvml_attach(const WattbenchFakeNvmlBench* bench) {
  auto& d = driver();
  bool was_running = d.running;
  d.stop();
  d.attached = bench != nullptr;
  if (bench) {
    d.bench = *bench;
    d.name = bench->name ? bench->name : "NVIDIA GeForce RTX 4090";
  }
  if (d.attached && (was_running || d.init_count > 0)) d.start();
  return 0;
}

NVML_EXPORT nvmlReturn_t nvmlInit_v2() {
  if (const char* fail = std::getenv("WATTBENCH_FAKE_NVML_INIT")) return std::atoi(fail);
  auto& d = driver();
  if (d.init_count++ == 0 && d.attached) d.start();
  return wb::nvml::kSuccess;
}

NVML_EXPORT nvmlReturn_t nvmlShutdown() {
  auto& d = driver();
  if (d.init_count == 0) return kUninitialized;
  if (--d.init_count == 0) d.stop();
  return wb::nvml::kSuccess;
}

NVML_EXPORT const char* nvmlErrorString(nvmlReturn_t r) {
  switch (r) {
    case 0:
      return "Success";
    case 1:
      return "Uninitialized";
    case 2:
      return "Invalid Argument";
    case 3:
      return "Not Supported";
    case 4:
      return "Insufficient Permissions";
    case 6:
      return "Not Found";
    case 7:
      return "Insufficient Size";
    case 9:
      return "Driver Not Loaded";
    case 15:
      return "GPU is lost";
    default:
      return "Unknown Error";
  }
}

NVML_EXPORT nvmlReturn_t nvmlSystemGetDriverVersion(char* version, unsigned int length) {
  if (driver().init_count == 0) return kUninitialized;
  return copy_string("550.54.14", version, length);
}

NVML_EXPORT nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int* count) {
  auto& d = driver();
  if (d.init_count == 0) return kUninitialized;
  if (!count) return kInvalidArgument;
  *count = d.attached ? 1 : 0;
  return wb::nvml::kSuccess;
}

NVML_EXPORT nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t* device) {
  auto& d = driver();
  if (d.init_count == 0) return kUninitialized;
  if (!device || index != 0 || !d.attached) return kInvalidArgument;
  *device = d.handle;
  return wb::nvml::kSuccess;
}

NVML_EXPORT nvmlReturn_t nvmlDeviceGetHandleByUUID(const char* uuid, nvmlDevice_t* device) {
  auto& d = driver();
  if (d.init_count == 0) return kUninitialized;
  if (!uuid || !device) return kInvalidArgument;
  if (!d.attached || std::strcmp(uuid, kUuid) != 0) return wb::nvml::kErrorNotFound;
  *device = d.handle;
  return wb::nvml::kSuccess;
}

NVML_EXPORT nvmlReturn_t nvmlDeviceGetHandleByPciBusId_v2(const char* bus_id, nvmlDevice_t* device) {
  auto& d = driver();
  if (d.init_count == 0) return kUninitialized;
  if (!bus_id || !device) return kInvalidArgument;
  if (!d.attached || !same_bus_id(bus_id, kPciBusId)) return wb::nvml::kErrorNotFound;
  *device = d.handle;
  return wb::nvml::kSuccess;
}

NVML_EXPORT nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t dev, char* name, unsigned int length) {
  if (!valid(dev)) return kInvalidArgument;
  return copy_string(driver().name, name, length);
}

NVML_EXPORT nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t dev, char* uuid, unsigned int length) {
  if (!valid(dev)) return kInvalidArgument;
  return copy_string(kUuid, uuid, length);
}

NVML_EXPORT nvmlReturn_t nvmlDeviceGetArchitecture(nvmlDevice_t dev, nvmlDeviceArchitecture_t* arch) {
  if (!valid(dev) || !arch) return kInvalidArgument;
  *arch = driver().bench.architecture;
  return wb::nvml::kSuccess;
}

NVML_EXPORT nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t dev, unsigned long long* energy) {
  auto& d = driver();
  if (!valid(dev) || !energy) return kInvalidArgument;
  if (d.bench.architecture < 5 || !d.bench.energy_counter) return wb::nvml::kErrorNotSupported;
  std::lock_guard lock(d.mutex);
  *energy = static_cast<unsigned long long>(std::floor(kEnergyAtLoadMj + d.energy_j * 1e3));
  return wb::nvml::kSuccess;
}

NVML_EXPORT nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t dev, unsigned int* power) {
  auto& d = driver();
  if (!valid(dev) || !power) return kInvalidArgument;
  std::lock_guard lock(d.mutex);
  double w = d.last_w;
  bool averaged = d.average_s() > 0;
  if (averaged && d.history.size() > 1 && d.last_t > d.history.front().first)
    w = (d.energy_j - d.history.front().second) / (d.last_t - d.history.front().first);
  *power = static_cast<unsigned int>(std::lround(w * 1e3));
  return wb::nvml::kSuccess;
}

NVML_EXPORT nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t dev, int sensor, unsigned int* temp) {
  auto& d = driver();
  if (!valid(dev) || !temp || sensor != wb::nvml::kTemperatureGpu) return kInvalidArgument;
  *temp = static_cast<unsigned int>(std::lround(d.bench.temp_c(d.bench.context, steady_s())));
  return wb::nvml::kSuccess;
}

NVML_EXPORT nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t dev, int type, unsigned int* clock) {
  auto& d = driver();
  if (!valid(dev) || !clock || type < 0 || type > 3) return kInvalidArgument;
  *clock = static_cast<unsigned int>(std::lround(d.bench.sm_clock_mhz));
  return wb::nvml::kSuccess;
}
