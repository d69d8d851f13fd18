// The simulated bench's truth: the exact integral of the load model's power over the tool's
// measured phase, written as sim-truth.json for the reports to read like published figures.
#include <cmath>

#include <nlohmann/json.hpp>

#include "harness/util/checked_write.hpp"
#include "harness/util/json_text.hpp"
#include "sim/bench/sim_bench.hpp"
#include "sim/bench/throttle.hpp"

namespace wb::sim {

void SimBench::write_truth(double t0_steady_s, double cold_s, double sustained_s) const {
  // A fresh model on the same files: the run's own is still ticking for its probes.
  LoadModel load(m_load->params(), m_state_file);
  auto st = load.state();
  // The last measure phase and the mark (of any phase) that ends it.
  double m = NAN, td = NAN;
  for (const auto& mark : st.marks) {
    if (mark.phase == "measure") {
      m = mark.t_s;
      td = NAN;
    } else if (!std::isnan(m) && std::isnan(td)) {
      td = mark.t_s;
    }
  }
  if (std::isnan(m) || std::isnan(td) || !st.frames || !st.timed_s || td <= m) return;
  double energy_j = load.true_energy_j(m, td);
  double mean_power_w = energy_j / (td - m);
  double fps = static_cast<double>(*st.frames) / *st.timed_s;
  nlohmann::json tj = {{"window_start_s", m - t0_steady_s},
                       {"window_end_s", td - t0_steady_s},
                       {"energy_j", energy_j},
                       {"mean_power_w", mean_power_w},
                       {"fps", fps},
                       {"fps_per_w", fps / mean_power_w},
                       {"frames", *st.frames},
                       {"timed_s", *st.timed_s},
                       {"note", "ground truth of the simulated bench: exact integral of the load model's power"}};
  const auto throttle = throttle_of(load.params());
  if (throttle.after_s >= 0) tj["throttle_start_s"] = m + throttle.after_s - t0_steady_s;
  if (td - m >= cold_s + sustained_s) {
    // Frames over a span from the card's cold rate and its throttling curve (constant without one).
    auto span_fps_per_w = [&](double a, double b) {
      double span_fps =
          st.cold_fps ? *st.cold_fps * (throttle.fps_integral(b - m) - throttle.fps_integral(a - m)) / (b - a) : fps;
      return span_fps / (load.true_energy_j(a, b) / (b - a));
    };
    tj["cold_fps_per_w"] = span_fps_per_w(m, m + cold_s);
    tj["sustained_fps_per_w"] = span_fps_per_w(td - sustained_s, td);
  }
  write_file_atomic(m_dir / "sim-truth.json", json_text(tj, 2) + "\n");
}

}  // namespace wb::sim
