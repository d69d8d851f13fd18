// libnvidia-ml loaded at run time (dlopen): no build dependency on the NVIDIA driver. Required
// symbols missing = an error naming them; optional ones (energy, clocks, architecture) missing
// = that reading is absent.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "probes/nvml/nvml_api.hpp"

namespace wb::nvml {

class Library {
 public:
  // Loads `path` (a file name is searched as dlopen does) and calls nvmlInit_v2; throws with
  // what to do (install the driver, check permissions) when either fails.
  explicit Library(const std::string& path);
  ~Library();  // nvmlShutdown, dlclose
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;

  void* symbol(const char* name) const;  // null when absent
  std::string error_string(nvmlReturn_t r) const;
  // Throws "<what>: <nvmlErrorString> (<code>)" unless r is success.
  void check(nvmlReturn_t r, const std::string& what) const;

  // Device by index ("0"), UUID ("GPU-..."/"MIG-...") or PCI bus id ("0000:01:00.0").
  nvmlDevice_t device(const std::string& selector) const;
  std::string driver_version() const;
  unsigned device_count() const;

  GetUintFn power_usage = nullptr;
  GetEnergyFn total_energy = nullptr;
  GetTemperatureFn temperature = nullptr;
  GetClockInfoFn clock_info = nullptr;
  GetArchitectureFn architecture = nullptr;
  GetStringFn name = nullptr, uuid = nullptr;

 private:
  void* m_handle = nullptr;
  std::string m_path;
  ErrorStringFn m_error_string = nullptr;
};

}  // namespace wb::nvml
