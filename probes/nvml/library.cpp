// dlopen of libnvidia-ml and the handful of calls the probe makes.
#include "probes/nvml/library.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <stdexcept>

namespace wb::nvml {

Library::Library(const std::string& path) : m_path(path) {
  m_handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!m_handle)
    throw std::runtime_error(
        fmt::format("cannot load {} ({}): NVML comes with the NVIDIA driver (Debian: nvidia-driver or "
                    "libnvidia-ml1); give its path with `library:` if it is elsewhere",
                    path, ::dlerror()));
  m_error_string = reinterpret_cast<ErrorStringFn>(symbol("nvmlErrorString"));
  auto init = reinterpret_cast<InitFn>(symbol("nvmlInit_v2"));
  if (!init || !m_error_string || !symbol("nvmlShutdown") || !symbol("nvmlDeviceGetHandleByIndex_v2")) {
    ::dlclose(m_handle);
    throw std::runtime_error(
        fmt::format("{} lacks nvmlInit_v2/nvmlShutdown/nvmlErrorString/nvmlDeviceGetHandleByIndex_v2: not "
                    "an NVML library, or one older than CUDA 5",
                    path));
  }
  auto r = init();
  if (r != kSuccess) {
    std::string why = r == kErrorDriverNotLoaded
                          ? ": the NVIDIA kernel driver is not loaded (lsmod | grep nvidia; nvidia-smi)"
                      : r == kErrorNoPermission ? ": no permission to /dev/nvidia*"
                                                : "";
    std::string text = error_string(r);
    ::dlclose(m_handle);
    throw std::runtime_error(fmt::format("nvmlInit_v2 from {} failed: {} ({}){}", path, text, r, why));
  }
  power_usage = reinterpret_cast<GetUintFn>(symbol("nvmlDeviceGetPowerUsage"));
  total_energy = reinterpret_cast<GetEnergyFn>(symbol("nvmlDeviceGetTotalEnergyConsumption"));
  temperature = reinterpret_cast<GetTemperatureFn>(symbol("nvmlDeviceGetTemperature"));
  clock_info = reinterpret_cast<GetClockInfoFn>(symbol("nvmlDeviceGetClockInfo"));
  architecture = reinterpret_cast<GetArchitectureFn>(symbol("nvmlDeviceGetArchitecture"));
  name = reinterpret_cast<GetStringFn>(symbol("nvmlDeviceGetName"));
  uuid = reinterpret_cast<GetStringFn>(symbol("nvmlDeviceGetUUID"));
}

Library::~Library() {
  if (auto shutdown = reinterpret_cast<ShutdownFn>(symbol("nvmlShutdown"))) shutdown();
  ::dlclose(m_handle);
}

void* Library::symbol(const char* name) const { return ::dlsym(m_handle, name); }

std::string Library::error_string(nvmlReturn_t r) const {
  const char* s = m_error_string ? m_error_string(r) : nullptr;
  return s ? s : "unknown NVML error";
}

void Library::check(nvmlReturn_t r, const std::string& what) const {
  if (r != kSuccess) throw std::runtime_error(fmt::format("{}: {} ({})", what, error_string(r), r));
}

unsigned Library::device_count() const {
  auto count = reinterpret_cast<GetCountFn>(symbol("nvmlDeviceGetCount_v2"));
  unsigned n = 0;
  if (count) check(count(&n), "nvmlDeviceGetCount_v2");
  return n;
}

nvmlDevice_t Library::device(const std::string& selector) const {
  nvmlDevice_t dev = nullptr;
  if (!selector.empty() && selector.find_first_not_of("0123456789") == std::string::npos) {
    auto by_index = reinterpret_cast<GetHandleByIndexFn>(symbol("nvmlDeviceGetHandleByIndex_v2"));
    auto index = static_cast<unsigned>(std::stoul(selector));
    auto r = by_index(index, &dev);
    if (r != kSuccess)
      throw std::runtime_error(
          fmt::format("no NVIDIA GPU {} ({} found): {} ({})", index, device_count(), error_string(r), r));
    return dev;
  }
  bool uuid_form = selector.rfind("GPU-", 0) == 0 || selector.rfind("MIG-", 0) == 0;
  const char* fn = uuid_form ? "nvmlDeviceGetHandleByUUID" : "nvmlDeviceGetHandleByPciBusId_v2";
  auto by_string = reinterpret_cast<GetHandleByStringFn>(symbol(fn));
  if (!by_string) throw std::runtime_error(fmt::format("{} lacks {}: select the GPU by index", m_path, fn));
  auto r = by_string(selector.c_str(), &dev);
  if (r != kSuccess)
    throw std::runtime_error(fmt::format("no NVIDIA GPU with {} '{}': {} ({}); `nvidia-smi -L` lists them",
                                         uuid_form ? "UUID" : "PCI bus id", selector, error_string(r), r));
  return dev;
}

std::string Library::driver_version() const {
  auto fn = reinterpret_cast<SystemGetStringFn>(symbol("nvmlSystemGetDriverVersion"));
  char buf[kDriverVersionBufferSize] = {};
  return fn && fn(buf, sizeof buf) == kSuccess ? buf : "";
}

}  // namespace wb::nvml
