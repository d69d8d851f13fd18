// Reading powercap zones from sysfs.
#include "probes/rapl/powercap.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace wb::powercap {

namespace fs = std::filesystem;

namespace {
std::optional<std::string> read_line(const fs::path& p) {
  std::ifstream in(p);
  std::string s;
  if (!in || !std::getline(in, s)) return std::nullopt;
  return s;
}

std::optional<std::uint64_t> to_u64(const std::optional<std::string>& s) {
  if (!s || s->empty() || s->find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoull(*s);
}

void collect(const fs::path& dir, std::vector<Zone>& out) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    // Zones are folders named <control type>:<n>[:<m>]; the control-type folder itself
    // (intel-rapl) and links like `device` or `subsystem` are not zones.
    auto id = e.path().filename().string();
    if (id.find(':') == std::string::npos || !fs::exists(e.path() / "energy_uj")) continue;
    if (std::none_of(out.begin(), out.end(), [&](const Zone& z) { return z.id == id; }))
      out.push_back({e.path(), id, read_line(e.path() / "name").value_or(id),
                     to_u64(read_line(e.path() / "max_energy_range_uj"))});
    collect(e.path(), out);
  }
}
}  // namespace

std::vector<Zone> discover(const fs::path& root) {
  std::vector<Zone> zones;
  collect(root, zones);
  std::sort(zones.begin(), zones.end(), [](const Zone& a, const Zone& b) { return a.id < b.id; });
  return zones;
}

std::uint64_t read_energy_uj(const Zone& z) {
  auto file = z.dir / "energy_uj";
  std::ifstream in(file);
  if (!in) {
    int err = errno;
    if (err == EACCES)
      throw std::runtime_error(fmt::format(
          "{}: permission denied. Since Linux 5.10 energy_uj is readable by root only (CVE-2020-8694); run as root, "
          "or let a udev rule make it readable (configs/udev/ has one)",
          file.string()));
    throw std::runtime_error(fmt::format("{}: {}", file.string(), std::strerror(err)));
  }
  std::string s;
  std::getline(in, s);
  auto v = to_u64(s);
  if (!v) throw std::runtime_error(fmt::format("{}: '{}' is not a microjoule count", file.string(), s));
  return *v;
}

double EnergyUnwrapper::add(std::uint64_t raw) {
  if (m_last) {
    if (raw >= *m_last) {
      m_total_uj += static_cast<long double>(raw - *m_last);
    } else {
      if (!m_range || *m_last > *m_range)
        throw std::runtime_error(
            fmt::format("energy counter went back from {} to {} µJ and its range is unknown", *m_last, raw));
      m_total_uj += static_cast<long double>(*m_range - *m_last) + static_cast<long double>(raw);
      ++m_wraps;
    }
  }
  m_last = raw;
  return static_cast<double>(m_total_uj * 1e-6L);
}

}  // namespace wb::powercap
