// INA226 calibration.
#include "probes/ina226/protocol.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace wb::ina226 {

Calibration calibrate(double shunt_ohm, double max_current_a) {
  if (!(shunt_ohm > 0) || !(max_current_a > 0))
    throw std::invalid_argument("INA226: shunt_ohm and max_current_a must be > 0");
  if (max_current_a * shunt_ohm > kShuntFullScaleV)
    throw std::invalid_argument(
        fmt::format("INA226: {:g} A through {:g} ohm is {:.2f} mV, beyond the 81.92 mV shunt range", max_current_a,
                    shunt_ohm, max_current_a * shunt_ohm * 1e3));
  double lsb = max_current_a / 32768.0;
  double cal = std::round(0.00512 / (lsb * shunt_ohm));
  if (cal < 1 || cal > 32767)
    throw std::invalid_argument(fmt::format("INA226: CALIBRATION {:g} for {:g} ohm and {:g} A is outside 1..32767", cal,
                                            shunt_ohm, max_current_a));
  Calibration c;
  c.shunt_ohm = shunt_ohm;
  c.cal = static_cast<std::uint16_t>(cal);
  c.current_lsb_a = 0.00512 / (cal * shunt_ohm);
  return c;
}

}  // namespace wb::ina226
