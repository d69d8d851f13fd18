// Efficiency at equal load: the idle-to-full curve of a paced sweep (benchmark.target_fps as a
// matrix axis). Each group of variants that differ only in their rate gives one curve: idle,
// then each rate by achieved FPS, with power, dynamic power and energy per inference; a paced
// point that draws about what the unpaced run draws is flagged (a cap in the wrong place).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace wb {

struct Summary;

struct LoadPoint {
  std::string variant;               // "idle" for the idle point
  std::optional<double> target_fps;  // nullopt: unpaced (or the idle point)
  std::optional<double> fps, power_w, dynamic_power_w, j_per_inference;
  std::optional<double> load_pct;     // achieved FPS as % of the unpaced run's
  std::optional<double> dynamic_pct;  // power above idle as % of the unpaced run's
};

struct LoadCurve {
  std::string group;              // the other axes' labels ("" when the rate is the only axis)
  std::vector<LoadPoint> points;  // idle first, then by achieved FPS
  std::vector<std::string> warnings;
};

// A paced point whose dynamic power fell by less than this share of its load's fall is flagged.
inline constexpr double kMinPowerFollowShare = 0.25;
// Points at this share of the unpaced rate or above are too close to full load to judge.
inline constexpr double kMaxJudgedLoad = 0.9;

// Fills s.load_curves from the variants' aggregates; none unless some run was paced. Adds the
// power-did-not-drop warnings to the paced variants too.
void compute_load_curves(Summary& s);

nlohmann::json to_json(const LoadCurve& c);

}  // namespace wb
