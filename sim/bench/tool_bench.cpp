// Fake tools' view of the simulated bench.
#include "sim/bench/tool_bench.hpp"

#include "sim/bench/sim_device.hpp"

#include <chrono>
#include <cstdlib>

namespace wb::sim {

namespace {
std::string env_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}
}  // namespace

ToolBench::ToolBench(unsigned salt)
    : m_params(std::getenv(kParamsEnv) ? load_sim_params(std::getenv(kParamsEnv)) : SimParams{}),
      m_state_path(env_or_empty(kStateEnv)),
      m_state(m_state_path),
      // Seeded from the config and the clock: repeats differ, as real runs do.
      m_rng(m_params.seed * salt +
            static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count() & 0xFFFF)),
      m_jitter(0.0, m_params.run_jitter_pct / 100.0) {
  open_device(m_params);  // a wedged simulated card fails or hangs here, as a real one at open()
}

double ToolBench::jitter() { return 1.0 + m_jitter(m_rng); }

}  // namespace wb::sim
