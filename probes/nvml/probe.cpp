// The nvml probe: an NVIDIA GPU's total-energy counter (mJ, Volta and later) as the window's
// energy source, like the INA228's accumulator, with board power, GPU temperature and SM clock.
#include "probes/nvml/probe.hpp"

#include <fmt/format.h>

#include <optional>
#include <ostream>

#include "harness/plugin/probe.hpp"
#include "probes/nvml/library.hpp"
#include "probes/nvml/settings.hpp"

namespace wb {

namespace fs = std::filesystem;

namespace {

enum NvmlChannel { kPower, kEnergy, kTemp, kSmClock, kChannelCount };

class NvmlProbe : public Probe {
 public:
  NvmlProbe(const ProbeConfig& cfg, const ProbeContext& ctx, std::optional<SimulatedNvml> simulate)
      : m_cfg(cfg), m_ctx(ctx), m_s(cfg.settings_as<NvmlSettings>()), m_simulate(std::move(simulate)) {
    m_info = probe_info_base(cfg, m_s.simulated() ? "nvml-sim" : "nvml", cfg.rate_hz);
    m_info.channels = {{"power_w", "W", Quantity::power},
                       {"energy_j", "J", Quantity::energy},
                       {"gpu_temp_c", "degC", Quantity::temperature},
                       {"sm_clock_mhz", "MHz", Quantity::other}};
    m_info.power_channel = kPower;
    m_info.energy_channel = kEnergy;
    m_info.temperature_channels = {kTemp};
    m_info.channels[kEnergy].meter = {MeterKind::accumulator, 0, "nvmlDeviceGetTotalEnergyConsumption"};
  }

  const ProbeInfo& info() const override { return m_info; }

  void open() override {
    std::string path = m_s.library;
    if (m_s.simulated()) {
      if (!m_simulate)
        throw std::runtime_error(fmt::format("probe {}: transport sim needs the simulated bench", m_cfg.name));
      path = m_simulate->library.string();
    }
    try {
      m_lib = std::make_unique<nvml::Library>(path);
      if (m_simulate) m_attached = m_simulate->attach(*m_lib);
      m_dev = m_lib->device(m_s.device);
    } catch (const std::exception& e) {
      m_attached.reset();
      m_lib.reset();
      throw std::runtime_error(fmt::format("probe {}: {}", m_cfg.name, e.what()));
    }
    char buf[nvml::kNameBufferSize] = {};
    std::string gpu = m_lib->name && m_lib->name(m_dev, buf, sizeof buf) == nvml::kSuccess ? buf : "NVIDIA GPU";
    char id[nvml::kUuidBufferSize] = {};
    std::string uuid = m_lib->uuid && m_lib->uuid(m_dev, id, sizeof id) == nvml::kSuccess ? id : "";
    m_info.instrument = fmt::format("{}{} (driver {})", gpu, uuid.empty() ? "" : " " + uuid, m_lib->driver_version());
    nvmlDeviceArchitecture_t arch = nvml::kArchUnknown;
    if (m_lib->architecture) m_lib->architecture(m_dev, &arch);
    // nvmlDeviceGetPowerUsage: "On Ampere (except GA100) or newer GPUs, the API returns power
    // averaged over 1 sec interval. On GA100 and older architectures, instantaneous power".
    // GA100 is the A100, A800 and A30 (all Ampere by nvmlDeviceGetArchitecture).
    bool ga100 = gpu.find("A100") != std::string::npos || gpu.find("A800") != std::string::npos ||
                 gpu.find(" A30") != std::string::npos;
    if (arch >= nvml::kArchAmpere && arch != nvml::kArchUnknown && !ga100)
      m_info.channels[kPower].meter = {MeterKind::averaged, 1.0,
                                       "NVML: Ampere and later (except GA100) average power over 1 s"};
    else
      m_info.channels[kPower].meter = {MeterKind::instantaneous, 0,
                                       arch == nvml::kArchUnknown ? "NVML: architecture unknown, taken as instantaneous"
                                                                  : "NVML: GA100 and older report instantaneous power"};
    unsigned long long mj = 0;
    auto r = m_lib->total_energy ? m_lib->total_energy(m_dev, &mj) : nvml::kErrorFunctionNotFound;
    if (r == nvml::kSuccess) {
      m_energy0_mj = mj;
    } else {
      m_info.energy_channel = -1;
      // An averaged power channel's edges are the analysis's business (harness/analysis/meter_edges.hpp).
      m_info.warnings.push_back(
          fmt::format("{}: no total-energy counter ({}; Volta and later have one): energy from power samples", gpu,
                      m_lib->error_string(r)));
    }
    if (!m_lib->power_usage) m_info.power_channel = -1;
  }

  void read(Sample& s) override {
    s.values.assign(kChannelCount, kMissing);
    unsigned mw = 0;
    if (m_lib->power_usage) {
      auto r = m_lib->power_usage(m_dev, &mw);
      if (r == nvml::kErrorGpuIsLost) m_lib->check(r, "nvmlDeviceGetPowerUsage");
      if (r == nvml::kSuccess) s.values[kPower] = mw / 1000.0;
    }
    if (m_info.energy_channel >= 0) {
      unsigned long long mj = 0;
      m_lib->check(m_lib->total_energy(m_dev, &mj), "nvmlDeviceGetTotalEnergyConsumption");
      s.values[kEnergy] = static_cast<double>(mj - m_energy0_mj) / 1000.0;
    }
    unsigned v = 0;
    if (m_lib->temperature && m_lib->temperature(m_dev, nvml::kTemperatureGpu, &v) == nvml::kSuccess)
      s.values[kTemp] = v;
    if (m_lib->clock_info && m_lib->clock_info(m_dev, nvml::kClockSm, &v) == nvml::kSuccess) s.values[kSmClock] = v;
  }

  void close() override {
    m_attached.reset();  // before the library it detaches from
    m_lib.reset();
  }

  nlohmann::json settings() const override {
    return probe_settings(m_cfg, m_info.transport, {{"device", m_s.device}, {"library", m_s.library}});
  }

 private:
  ProbeConfig m_cfg;
  ProbeContext m_ctx;
  const NvmlSettings& m_s;
  ProbeInfo m_info;
  std::optional<SimulatedNvml> m_simulate;
  std::unique_ptr<nvml::Library> m_lib;
  std::shared_ptr<void> m_attached;  // the simulated bench behind the fake library, while open
  nvmlDevice_t m_dev = nullptr;
  unsigned long long m_energy0_mj = 0;
};

std::unique_ptr<Probe> make_real_nvml_probe(const ProbeConfig& cfg, const ProbeContext& ctx) {
  return std::make_unique<NvmlProbe>(cfg, ctx, std::nullopt);
}

void scan_nvml(std::ostream& out, const ScanOptions&) {
  try {
    nvml::Library lib("libnvidia-ml.so.1");
    unsigned n = lib.device_count();
    out << fmt::format("NVIDIA GPUs (NVML, driver {}): {}\n", lib.driver_version(),
                       n == 0 ? "none" : std::to_string(n));
    for (unsigned i = 0; i < n; ++i) {
      auto dev = lib.device(std::to_string(i));
      char name[nvml::kNameBufferSize] = {}, uuid[nvml::kUuidBufferSize] = {};
      if (lib.name) lib.name(dev, name, sizeof name);
      if (lib.uuid) lib.uuid(dev, uuid, sizeof uuid);
      out << fmt::format("  {}  {}  {}\n", i, name, uuid);
    }
  } catch (const std::exception& e) {
    out << "NVIDIA GPUs (NVML): none (" << e.what() << ")\n";
  }
}

}  // namespace

std::unique_ptr<Probe> make_nvml_probe(const ProbeConfig& cfg, const ProbeContext& ctx, SimulatedNvml simulate) {
  return std::make_unique<NvmlProbe>(cfg, ctx, std::move(simulate));
}

extern const ProbeKind nvml_probe_kind;
const ProbeKind nvml_probe_kind{"nvml",
                                "an NVIDIA GPU's energy counter, power, temperature and SM clock through NVML",
                                false,
                                true,
                                &parse_nvml_settings,
                                &make_real_nvml_probe,
                                &scan_nvml};

}  // namespace wb
