// /proc/stat read as a probe.
#include "harness/run/host_cpu_probe.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "harness/analysis/host_load.hpp"

namespace wb {

namespace {

std::optional<CpuCounters> read_counters(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return parse_proc_stat(text.str());
}

class HostCpuProbe : public Probe {
 public:
  explicit HostCpuProbe(std::filesystem::path path) : m_path(std::move(path)), m_info(host_cpu_info(kHostCpuRateHz)) {}
  const ProbeInfo& info() const override { return m_info; }
  void open() override {}
  void read(Sample& s) override {
    auto c = read_counters(m_path);
    if (!c) throw std::runtime_error(fmt::format("{}: cannot read the CPU counters", m_path.string()));
    s.values = {c->busy, c->total, static_cast<double>(c->cores)};
  }
  nlohmann::json settings() const override { return {{"path", m_path.string()}, {"rate_hz", m_info.rate_hz}}; }

 private:
  std::filesystem::path m_path;
  ProbeInfo m_info;
};

}  // namespace

std::unique_ptr<Probe> make_host_cpu_probe(const std::filesystem::path& proc_stat) {
  if (!read_counters(proc_stat)) return nullptr;
  return std::make_unique<HostCpuProbe>(proc_stat);
}

}  // namespace wb
