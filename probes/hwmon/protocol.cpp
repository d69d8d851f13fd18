// hwmon discovery and scaling.
#include "probes/hwmon/protocol.hpp"

#include <fmt/format.h>

#include "harness/util/read_text.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include "harness/util/regex.hpp"

namespace wb::hwmon {

namespace fs = std::filesystem;

bool Chip::has_power() const {
  return std::any_of(attributes.begin(), attributes.end(),
                     [](const Attribute& a) { return a.kind == Kind::power || a.kind == Kind::energy; });
}

std::optional<long long> parse_value(const std::string& text) {
  std::string t = text;
  while (!t.empty() && (t.back() == '\n' || t.back() == ' ')) t.pop_back();
  if (t.empty()) return std::nullopt;
  try {
    std::size_t used = 0;
    long long v = std::stoll(t, &used);
    if (used == t.size()) return v;
  } catch (...) {
  }
  return std::nullopt;
}

Chip read_chip(const fs::path& dir) {
  Chip c;
  c.dir = dir;
  c.name = read_text_file(dir / "name");
  // Units per the ABI: power µW, energy µJ, in mV, curr mA, temp m°C.
  static const rx::regex re(R"(^(power|energy|in|curr|temp)(\d+)_input$)");
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string f = e.path().filename().string();
    rx::smatch m;
    if (!rx::match(f, m, re)) continue;
    Attribute a;
    a.file = f;
    a.index = std::stoi(m[2]);
    std::string p = m[1];
    if (p == "power") {
      a.kind = Kind::power;
      a.scale = 1e-6;
    } else if (p == "energy") {
      a.kind = Kind::energy;
      a.scale = 1e-6;
    } else if (p == "in") {
      a.kind = Kind::voltage;
      a.scale = 1e-3;
    } else if (p == "curr") {
      a.kind = Kind::current;
      a.scale = 1e-3;
    } else {
      a.kind = Kind::temperature;
      a.scale = 1e-3;
    }
    a.label = read_text_file(dir / (p + m[2].str() + "_label"));
    c.attributes.push_back(a);
  }
  std::sort(c.attributes.begin(), c.attributes.end(), [](const Attribute& x, const Attribute& y) {
    return std::tie(x.kind, x.index) < std::tie(y.kind, y.index);
  });
  return c;
}

std::vector<Chip> discover(const fs::path& root) {
  std::vector<std::pair<int, fs::path>> dirs;
  std::error_code ec;
  static const rx::regex re(R"(^hwmon(\d+)$)");
  for (const auto& e : fs::directory_iterator(root, ec)) {
    rx::smatch m;
    std::string f = e.path().filename().string();
    if (rx::match(f, m, re)) dirs.emplace_back(std::stoi(m[1]), e.path());
  }
  std::sort(dirs.begin(), dirs.end());
  std::vector<Chip> chips;
  for (const auto& [n, d] : dirs) chips.push_back(read_chip(d));
  return chips;
}

PowerMeter power_meter_of(const std::string& chip_name, std::optional<long long> update_interval_ms) {
  if (update_interval_ms && *update_interval_ms > 0)
    return {true, static_cast<double>(*update_interval_ms) / 1000,
            fmt::format("hwmon {}: update_interval {} ms", chip_name, *update_interval_ms)};
  for (const char* c : {"ina228", "ina237", "ina238"})
    if (chip_name == c)
      return {true, 16 * 3 * 1052e-6,
              fmt::format("Linux ina238.c with the {}: ADC_CONFIG 0xFB6A, AVG 16 x 3 x 1052 us", chip_name)};
  return {false, 0, "hwmon power*_input: instantaneous (sysfs-interface.rst)"};
}

std::optional<double> read_attribute(const fs::path& dir, const Attribute& a) {
  std::ifstream in(dir / a.file);
  if (!in) return std::nullopt;
  std::string text;
  std::getline(in, text);
  auto v = parse_value(text);
  if (!v) return std::nullopt;
  return static_cast<double>(*v) * a.scale;
}

}  // namespace wb::hwmon
