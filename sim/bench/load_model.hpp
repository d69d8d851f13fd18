// True rail power of the simulated card, following the fake tool's phases (sim_state.hpp)
// with first-order ramps, deterministic ripple, thermal drift and a die-temperature lag.
#pragma once
#include <filesystem>
#include <mutex>

#include "sim/bench/rail_source.hpp"
#include "sim/bench/sim_params.hpp"
#include "sim/bench/sim_state.hpp"

namespace wb::sim {

class LoadModel : public RailSource {
 public:
  LoadModel(SimParams params, std::filesystem::path state_file);

  double voltage_v(double t) override;
  double current_a(double t) override;
  double die_temp_c(double t) override;
  // NPU junction temperature at t, from the power history (first-order lag); stateless, so a
  // fake telemetry tool can compute it in a fresh process.
  double npu_temp_c(double t);

  // True while the simulated sensors read sentinels (sensor_sentinel_at_s into the timed phase).
  bool sentinel_at(double t);
  // The exact true power at t with the phase marks known now.
  double true_power_w(double t);
  // ∫ true power dt over [t0, t1] (Simpson, 20 µs steps): the ground truth for accuracy checks.
  double true_energy_j(double t0, double t1);
  SimState state();
  const SimParams& params() const { return m_params; }
  // Steady time the bench started (the model was created); fault times count from here.
  double started_s() const { return m_started_s; }

 private:
  void refresh_locked(double t);
  double power_locked(double t) const;
  double target_w(const std::string& phase, double t, double phase_start) const;

  SimParams m_params;
  std::filesystem::path m_state_file;
  std::mutex m_mutex;
  SimState m_state;
  double m_last_refresh = -1;
  double m_temp_t = -1, m_temp_c = 0;
  double m_ripple_phase1, m_ripple_phase2;
  double m_started_s;
};

}  // namespace wb::sim
