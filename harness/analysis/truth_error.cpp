#include "harness/analysis/truth_error.hpp"

namespace wb {

namespace {
std::optional<double> error_pct(std::optional<double> measured, std::optional<double> truth) {
  if (!measured || !truth) return std::nullopt;
  return (*measured / *truth - 1.0) * 100.0;
}
std::optional<double> span_fps_per_w(const std::optional<SpanFigures>& span) {
  return span ? span->fps_per_w : std::nullopt;
}
}  // namespace

TruthErrors truth_errors(const SimTruth& truth, std::optional<double> fps_per_w,
                         const std::optional<TimeSlices>& slices) {
  TruthErrors e;
  e.fps_per_w_pct = error_pct(fps_per_w, truth.fps_per_w);
  if (slices) {
    e.cold_pct = error_pct(span_fps_per_w(slices->cold), truth.cold_fps_per_w);
    e.sustained_pct = error_pct(span_fps_per_w(slices->sustained), truth.sustained_fps_per_w);
  }
  return e;
}

}  // namespace wb
