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

}  // namespace wb::sim
