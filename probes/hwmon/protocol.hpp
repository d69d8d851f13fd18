// Linux hwmon sysfs ABI (Documentation/hwmon/sysfs-interface.rst): discovery of chips and
// their channels under a configurable root, and value scaling. Pure apart from reading files.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace wb::hwmon {

enum class Kind { power, energy, voltage, current, temperature };

struct Attribute {
  Kind kind;
  int index = 0;      // power1 -> 1, in0 -> 0
  std::string file;   // e.g. "power1_input"
  std::string label;  // from <prefix><n>_label, if any
  double scale = 1;   // file value × scale = SI unit (µW -> W, µJ -> J, mV -> V, mA -> A, m°C -> °C)
};

struct Chip {
  std::filesystem::path dir;  // .../hwmonN
  std::string name;           // contents of `name`
  std::vector<Attribute> attributes;
  bool has_power() const;
};

// Every hwmonN under `root` (a /sys/class/hwmon-like folder), sorted by N.
std::vector<Chip> discover(const std::filesystem::path& root);
Chip read_chip(const std::filesystem::path& dir);
// Parses one sysfs value ("1234\n"); nullopt for anything else.
std::optional<long long> parse_value(const std::string& text);
std::optional<double> read_attribute(const std::filesystem::path& dir, const Attribute& a);

// What one power reading of a chip is. sysfs-interface.rst: `update_interval` is "the interval
// at which the chip will update readings" (ms), so a chip that has it averages over it (ina2xx,
// ina3221). Linux ina238.c (INA228/237/238, no update_interval) fixes ADC_CONFIG 0xFB6A: AVG 16
// × 3 conversions of 1052 µs, a new power figure every 50.5 ms. Any other driver: instantaneous,
// as sysfs-interface.rst defines power*_input.
struct PowerMeter {
  bool averaged = false;
  double window_s = 0;
  std::string basis;
};
PowerMeter power_meter_of(const std::string& chip_name, std::optional<long long> update_interval_ms);

}  // namespace wb::hwmon
