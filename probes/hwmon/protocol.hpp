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
  int index = 0;            // power1 -> 1, in0 -> 0
  std::string file;         // e.g. "power1_input"
  std::string label;        // from <prefix><n>_label, if any
  double scale = 1;         // file value × scale = SI unit (µW -> W, µJ -> J, mV -> V, mA -> A, m°C -> °C)
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

}  // namespace wb::hwmon
