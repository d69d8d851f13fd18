// Live readings as text, rounded to what a reading can resolve: 1 mW, 1 mV, 0.1 mA, 0.1 °C, 0.01 %.
// The sensors' LSBs are finer (an INA228's die temperature: 7.8125 m°C), but no bench sensor is
// accurate past these digits, and four decimals of a temperature only read as noise.
#pragma once
#include <string>

namespace wb {

// Decimals shown for a channel's unit ("W", "V", "A", "degC", "J", ...).
int reading_decimals(const std::string& unit);
// The value with those decimals; a value of 1000 or more with one decimal at most.
std::string reading_text(double value, const std::string& unit);

}  // namespace wb
