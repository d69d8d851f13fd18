// Window edges of an averaged meter (issue 17). A reading stamped t that is the mean over
// [t − w, t] is centred on t − w/2 before it is integrated; what is left at each edge is the
// smear: the kernel of the centred readings ramps over [edge − w/2, edge + w/2] instead of
// stepping at the edge, so the energy may be off by up to w/8 × (the power's spread there).
// A window only a few averaging periods long is dominated by that: warning, then invalid.
#pragma once
#include <string>

#include "harness/trace/sample.hpp"

namespace wb {

// How far a reading's time stamp is after the middle of what it measured (0 but for averaged).
double meter_centre_shift_s(const MeterInfo& m);

// The edge smear's bound in joules for the spreads (max − min, W) of the averaged readings
// that cover each edge: w/8 per watt of spread and edge (a step at the edge errs by exactly that).
double edge_smear_bound_j(const MeterInfo& m, double start_spread_w, double end_spread_w);

// "1.0 s average (NVML: …)" for summaries and messages.
std::string describe_meter(const MeterInfo& m);

// The short-window rule for the meter the window's energy came from: empty strings pass.
struct MeterWindowCheck {
  std::string invalid, warning;
};
MeterWindowCheck check_meter_window(const std::string& probe, const std::string& channel, const MeterInfo& m,
                                    double window_s, double min_periods, double invalid_periods);

}  // namespace wb
