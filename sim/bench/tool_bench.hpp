// What every fake tool shares: the simulated bench it runs on. The parameters come from
// $WATTBENCH_SIM_PARAMS and the phase file from $WATTBENCH_SIM_STATE (defaults and no phase
// file when run by hand), and each run draws its own small rate jitter. Constructing one opens
// the simulated card (sim_device.hpp): a wedged card fails or hangs there. The harness names a
// card ($WATTBENCH_SIM_DEVICE) only for the benchmark tool, not for telemetry commands.
#pragma once
#include <random>
#include <string>

#include "sim/bench/sim_params.hpp"
#include "sim/bench/sim_state.hpp"

namespace wb::sim {

class ToolBench {
 public:
  // salt: a per-tool constant, so two fake tools in one run do not draw the same jitter.
  explicit ToolBench(unsigned salt);
  const SimParams& params() const { return m_params; }
  SimStateWriter& state() { return m_state; }
  const std::string& state_path() const { return m_state_path; }  // empty outside the bench
  // 1 + N(0, run_jitter_pct %): the factor this draw puts on a nominal rate or time.
  double jitter();

 private:
  SimParams m_params;
  std::string m_state_path;
  SimStateWriter m_state;
  std::mt19937 m_rng;
  std::normal_distribution<double> m_jitter;
};

}  // namespace wb::sim
