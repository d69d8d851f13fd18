// Linux powercap energy zones (Documentation/power/powercap/powercap.rst): each zone folder
// holds `name`, `energy_uj` (µJ, wraps at `max_energy_range_uj`) and, on Intel RAPL, no
// power_uw. Zones nest (intel-rapl:0/intel-rapl:0:0); AMD Zen uses the same intel-rapl names.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace wb::powercap {

struct Zone {
  std::filesystem::path dir;  // e.g. /sys/class/powercap/intel-rapl:0
  std::string id;             // the folder name, "intel-rapl:0"
  std::string name;           // its `name`, "package-0"
  std::optional<std::uint64_t> max_energy_range_uj;
};

// Every zone under root (the folders holding energy_uj), sorted by id.
std::vector<Zone> discover(const std::filesystem::path& root);

// energy_uj now; throws naming the file, and for EACCES says why (root-only since Linux 5.10).
std::uint64_t read_energy_uj(const Zone& z);

// Turns the wrapping counter into energy since the first reading (J). A step backwards is a
// wrap past max_energy_range_uj (the counter runs 0..max); with no range known, it is refused.
class EnergyUnwrapper {
 public:
  explicit EnergyUnwrapper(std::optional<std::uint64_t> range_uj) : m_range(range_uj) {}
  double add(std::uint64_t raw_uj);  // returns joules since the first add()
  int wraps() const { return m_wraps; }

 private:
  std::optional<std::uint64_t> m_range;
  std::optional<std::uint64_t> m_last;
  long double m_total_uj = 0;
  int m_wraps = 0;
};

}  // namespace wb::powercap
