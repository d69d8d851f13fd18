// Probes opened outside a run (`probes`, `monitor`, the cooldown wait, the settings check and
// --dry-run) stand on a scratch folder, with the simulated bench when the config uses it; the
// folder goes with this object, so declare it before the probes that use it.
#pragma once
#include <filesystem>
#include <memory>
#include <string>

#include "harness/config/config.hpp"
#include "harness/plugin/bench_double.hpp"

namespace wb {

class ScratchBench {
 public:
  ScratchBench(const Config& cfg, const std::string& purpose, const std::filesystem::path& tools_dir);
  ~ScratchBench();
  ScratchBench(const ScratchBench&) = delete;
  ScratchBench& operator=(const ScratchBench&) = delete;
  const ProbeContext& context() const { return m_context; }

 private:
  std::filesystem::path m_dir;
  std::unique_ptr<BenchDouble> m_bench;
  ProbeContext m_context;
};

}  // namespace wb
