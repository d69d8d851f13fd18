// Averaged meters: centring, edge smear and the short-window rule.
#include "harness/analysis/meter_edges.hpp"

#include <fmt/format.h>

#include <cmath>

namespace wb {

const char* meter_kind_name(MeterKind k) {
  switch (k) {
    case MeterKind::averaged:
      return "averaged";
    case MeterKind::accumulator:
      return "accumulator";
    case MeterKind::instantaneous:
      break;
  }
  return "instantaneous";
}

std::optional<MeterKind> meter_kind_from_name(const std::string& s) {
  for (MeterKind k : {MeterKind::instantaneous, MeterKind::averaged, MeterKind::accumulator})
    if (s == meter_kind_name(k)) return k;
  return std::nullopt;
}

double meter_centre_shift_s(const MeterInfo& m) {
  return m.kind == MeterKind::averaged && !m.centred ? m.window_s / 2 : 0.0;
}

double edge_smear_bound_j(const MeterInfo& m, double start_spread_w, double end_spread_w) {
  if (m.kind != MeterKind::averaged) return 0;
  return m.window_s / 8 * (std::abs(start_spread_w) + std::abs(end_spread_w));
}

std::string describe_meter(const MeterInfo& m) {
  std::string what =
      m.kind == MeterKind::averaged ? fmt::format("{:.3g} s average", m.window_s) : meter_kind_name(m.kind);
  return m.basis.empty() ? what : fmt::format("{} ({})", what, m.basis);
}

MeterWindowCheck check_meter_window(const std::string& probe, const std::string& channel, const MeterInfo& m,
                                    double window_s, double min_periods, double invalid_periods) {
  MeterWindowCheck c;
  if (m.kind != MeterKind::averaged || !(m.window_s > 0) || !(window_s > 0)) return c;
  double periods = window_s / m.window_s;
  if (periods >= min_periods) return c;
  std::string what = fmt::format(
      "probe {}: {} is a {:.3g} s average; the {:.3g} s window spans only {:.3g} averaging periods — "
      "edges smeared by up to {:.3g} s",
      probe, channel, m.window_s, window_s, periods, m.window_s);
  if (periods < invalid_periods)
    c.invalid = fmt::format("{} (validity.invalid_averaging_periods {:g}): a longer run, or a meter that averages less",
                            what, invalid_periods);
  else
    c.warning = fmt::format("{} (validity.min_averaging_periods {:g})", what, min_periods);
  return c;
}

}  // namespace wb
