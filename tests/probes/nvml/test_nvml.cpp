// The nvml probe through the fake libnvidia-ml.so.1 (real symbol names, loaded with dlopen as
// the real one is): energy counter as the energy source, the 1 s power average of Ampere and
// later, GPUs without a counter, device selection and the errors a user sees.
#include <dlfcn.h>
#include <doctest/doctest.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "harness/plugin/probe.hpp"
#include "probes/nvml/settings.hpp"
#include "sim/nvml/fake_bench.hpp"

using namespace wb;

namespace {
std::atomic<double> g_watts{100};
double steady_power(void*, double) { return g_watts; }
double steady_temp(void*, double) { return 47.4; }

// The fake library as the probe will find it, with a bench attached (unloaded again on exit).
struct FakeGpu {
  void* handle = dlopen(WB_FAKE_NVML, RTLD_NOW | RTLD_LOCAL);
  explicit FakeGpu(unsigned arch) {
    REQUIRE(handle);
    auto attach = reinterpret_cast<WattbenchFakeNvmlAttachFn>(dlsym(handle, WATTBENCH_FAKE_NVML_ATTACH));
    REQUIRE(static_cast<bool>(attach));
    WattbenchFakeNvmlBench b{nullptr, &steady_power, &steady_temp, 1980, arch, "NVIDIA L4", -1, 1};
    attach(&b);
  }
  ~FakeGpu() {
    reinterpret_cast<WattbenchFakeNvmlAttachFn>(dlsym(handle, WATTBENCH_FAKE_NVML_ATTACH))(nullptr);
    dlclose(handle);
  }
};

std::unique_ptr<Probe> nvml_probe(const std::string& device, const std::string& library = WB_FAKE_NVML) {
  ProbeConfig cfg;
  cfg.name = "gpu";
  cfg.kind = "nvml";
  cfg.rail = "GPU board (NVML)";
  cfg.scope = "board";
  cfg.rate_hz = 50;
  auto s = std::make_shared<NvmlSettings>();
  s->device = device;
  s->library = library;
  cfg.settings = s;
  return make_probe(cfg, ProbeContext{});
}

Sample read_at(Probe& p, double t) {
  Sample s;
  s.t_s = t;
  p.read(s);
  return s;
}
}  // namespace

TEST_CASE("nvml: energy from the GPU's counter relative to open, power, temperature and SM clock") {
  g_watts = 100;
  FakeGpu gpu(8);
  auto p = nvml_probe("0");
  p->open();
  CHECK(p->info().energy_channel == 1);
  CHECK(p->info().instrument.find("NVIDIA L4") != std::string::npos);
  CHECK(p->info().instrument.find("driver 550.54.14") != std::string::npos);
  auto a = read_at(*p, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  auto b = read_at(*p, 0.5);
  // The counter counts since the driver loaded: the probe reports it from open, in joules.
  CHECK(a.values[1] < 5);
  CHECK(b.values[1] - a.values[1] == doctest::Approx(50).epsilon(0.1));
  CHECK(b.values[0] == doctest::Approx(100).epsilon(0.01));
  CHECK(b.values[2] == 47);
  CHECK(b.values[3] == 1980);
  p->close();
}

TEST_CASE("nvml: on Ampere and later power is a 1 s average, earlier GPUs read it instantly") {
  for (unsigned arch : {6u, 8u}) {
    CAPTURE(arch);
    g_watts = 50;
    FakeGpu gpu(arch);
    auto p = nvml_probe("0");
    p->open();
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    g_watts = 150;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    auto s = read_at(*p, 0);
    if (arch == 8)
      CHECK(s.values[0] == doctest::Approx(75).epsilon(0.06));  // 0.25 s of 150 W in the last second
    else
      CHECK(s.values[0] == doctest::Approx(150).epsilon(0.01));
    p->close();
  }
}

TEST_CASE("nvml: a GPU without an energy counter measures by power, and says what that costs") {
  g_watts = 60;
  FakeGpu gpu(4);  // Pascal
  auto p = nvml_probe("0");
  p->open();
  CHECK(p->info().energy_channel == -1);
  REQUIRE(p->info().warnings.size() == 1);
  CHECK(p->info().warnings[0].find("no total-energy counter (Not Supported") != std::string::npos);
  auto s = read_at(*p, 0);
  CHECK(std::isnan(s.values[1]));
  CHECK(s.values[0] == doctest::Approx(60).epsilon(0.01));
  p->close();
}

TEST_CASE("nvml: GPUs by UUID and PCI bus id; wrong ones, a missing library and no driver are told plainly") {
  FakeGpu gpu(9);
  auto by_uuid = nvml_probe("GPU-6b5c8f4e-1d2a-4c3b-9e8f-0a1b2c3d4e5f");
  CHECK_NOTHROW(by_uuid->open());
  by_uuid->close();
  auto by_pci = nvml_probe("0000:01:00.0");
  CHECK_NOTHROW(by_pci->open());
  by_pci->close();
  CHECK_THROWS_WITH_AS(nvml_probe("3")->open(), doctest::Contains("no NVIDIA GPU 3 (1 found): Invalid Argument"),
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(
      nvml_probe("GPU-00000000-0000-0000-0000-000000000000")->open(),
      doctest::Contains("no NVIDIA GPU with UUID 'GPU-00000000-0000-0000-0000-000000000000': Not Found"),
      std::runtime_error);
  CHECK_THROWS_WITH_AS(nvml_probe("0", "/nonexistent/libnvidia-ml.so.1")->open(),
                       doctest::Contains("cannot load /nonexistent/libnvidia-ml.so.1"), std::runtime_error);
  ::setenv("WATTBENCH_FAKE_NVML_INIT", "9", 1);
  CHECK_THROWS_WITH_AS(nvml_probe("0")->open(),
                       doctest::Contains("Driver Not Loaded (9): the NVIDIA kernel driver is not loaded"),
                       std::runtime_error);
  ::unsetenv("WATTBENCH_FAKE_NVML_INIT");
}
