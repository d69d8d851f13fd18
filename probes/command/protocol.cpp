// Regex extraction and presets (formats: shared/reference/vendor-formats.md §1.5, §2.3).
#include "probes/command/protocol.hpp"

#include <fmt/format.h>

#include <stdexcept>
#include "harness/util/regex.hpp"

namespace wb::command {

namespace {
std::vector<ChannelRule> dxrt_rules() {
  // "NPU %d: voltage %u mV, clock %u MHz, temperature %d'C" per NPU core (3 on the M1).
  std::vector<ChannelRule> r;
  for (int n = 0; n < 3; ++n) {
    r.push_back({fmt::format("npu{}_temp_c", n),
                 fmt::format(R"(NPU {}: voltage \d+ mV, clock \d+ MHz, temperature (-?\d+)'C)", n), "degC",
                 Quantity::temperature, 1.0});
    r.push_back({fmt::format("npu{}_voltage_v", n), fmt::format(R"(NPU {}: voltage (\d+) mV)", n), "V",
                 Quantity::voltage, 1e-3});
    r.push_back({fmt::format("npu{}_clock_mhz", n), fmt::format(R"(NPU {}: voltage \d+ mV, clock (\d+) MHz)", n), "MHz",
                 Quantity::other, 1.0});
  }
  return r;
}
}  // namespace

const std::vector<Preset>& presets() {
  static const std::vector<Preset> all{
      {"dxrt-cli-status",
       {"dxrt-cli", "-s"},
       dxrt_rules(),
       "",
       "DeepX NPU sensors",
       "DEEPX-AI/dx_rt lib/device_info_status.cpp; dxrt-cli reports no power"},
      {"hailo-measure-power",
       {"hailortcli", "measure-power"},
       {{"power_w", R"(Current power consumption \(W\): ([-+0-9.eE]+))", "W", Quantity::power, 1.0}},
       "board",
       "Hailo module (on-board current monitor)",
       "hailo-ai/hailort hailortcli/power_measurement_command.cpp"},
  };
  return all;
}

const Preset* find_preset(const std::string& name) {
  for (const auto& p : presets())
    if (p.name == name) return &p;
  return nullptr;
}

std::optional<Quantity> quantity_from_name(const std::string& name) {
  for (Quantity q : {Quantity::power, Quantity::energy, Quantity::voltage, Quantity::current, Quantity::charge,
                     Quantity::temperature, Quantity::other})
    if (name == quantity_name(q)) return q;
  return std::nullopt;
}

void check_rule(const ChannelRule& rule) {
  rx::regex re;
  try {
    re = rx::regex(rule.regex);
  } catch (const rx::error& e) {
    throw std::invalid_argument(fmt::format("channel {}: regex does not compile: {}", rule.name, e.what()));
  }
  if (re.mark_count() != 1)
    throw std::invalid_argument(fmt::format(
        "channel {}: the regex needs exactly one capture group (the number), has {}", rule.name, re.mark_count()));
}

std::vector<double> extract(const std::string& output, const std::vector<ChannelRule>& rules) {
  std::vector<double> values;
  for (const auto& rule : rules) {
    rx::smatch m;
    double v = kMissing;
    if (rx::search(output, m, rx::regex(rule.regex))) {
      try {
        std::size_t used = 0;
        std::string text = m[1];
        double x = std::stod(text, &used);
        if (used == text.size()) v = x * rule.scale;
      } catch (...) {
      }
    }
    values.push_back(v);
  }
  return values;
}

}  // namespace wb::command
