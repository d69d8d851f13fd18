// The simulated bench's phase protocol: a fake tool appends "<phase> <CLOCK_MONOTONIC ns>"
// lines to the file named by WATTBENCH_SIM_STATE; the LoadModel reads them so the
// simulated rail power follows the tool. Both processes share the monotonic clock.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wb::sim {

inline constexpr const char* kStateEnv = "WATTBENCH_SIM_STATE";
inline constexpr const char* kParamsEnv = "WATTBENCH_SIM_PARAMS";

// Seconds on the steady (monotonic) clock, comparable across processes on one host.
double steady_now_s();

struct PhaseMark {
  std::string phase;  // load | warmup | measure | teardown | report | exit
  double t_s = 0;     // steady seconds
};

struct SimState {
  std::vector<PhaseMark> marks;
  std::optional<std::uint64_t> frames;  // frames the tool ran in its timed phase
  std::optional<double> timed_s;        // the tool's own timed-phase length
  std::optional<double> cold_fps;       // this run's rate before any throttling (sim/throttle.hpp)
  // Shares of the card's full rate a paced tool drives from each time on (steady s, share).
  std::vector<std::pair<double, double>> load_shares;
  // The share in effect at t: 1 (flat out) before any.
  double load_share_at(double t) const;
};

SimState read_sim_state(const std::filesystem::path& path);

class SimStateWriter {
 public:
  // path empty: does nothing (the tool runs outside the simulated bench).
  explicit SimStateWriter(std::string path);
  void phase(const std::string& name);
  // cold_fps: the drawn rate before throttling, where the tool's FPS changes over its run.
  void result(std::uint64_t frames, double timed_s, std::optional<double> cold_fps = std::nullopt);
  // A paced tool drives the card at this share of its full rate (0..1] from now on: phases
  // that start later draw power above idle in proportion.
  void load_share(double share);

 private:
  void append(const std::string& line);
  std::string m_path;
};

}  // namespace wb::sim
