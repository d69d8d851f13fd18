// What a simulated power monitor senses: the true rail voltage, current and nearby temperature.
#pragma once

namespace wb::sim {

class RailSource {
 public:
  virtual ~RailSource() = default;
  // t: steady seconds. Calls come in non-decreasing t for die_temp_c.
  virtual double voltage_v(double t) = 0;
  virtual double current_a(double t) = 0;
  virtual double die_temp_c(double t) = 0;
};

// A rail that never changes: for tests and benchmarks of the register path.
struct ConstantRail : RailSource {
  double v = 3.3, i = 1.4, temp = 35.5;
  ConstantRail() = default;
  ConstantRail(double volts, double amps, double temp_c) : v(volts), i(amps), temp(temp_c) {}
  double voltage_v(double) override { return v; }
  double current_a(double) override { return i; }
  double die_temp_c(double) override { return temp; }
};

}  // namespace wb::sim
