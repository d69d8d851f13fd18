// Run-folder records: JSON round trips and the lines file reader.
#include "harness/run/run_files.hpp"
#include "harness/util/json_or_null.hpp"
#include "harness/util/read_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace wb {

namespace {
std::optional<int> opt_int(const nlohmann::json& j, const char* k) {
  if (!j.contains(k) || j[k].is_null()) return std::nullopt;
  return j[k].get<int>();
}
}  // namespace

nlohmann::json to_json(const ProcessRecord& p) {
  return {{"failure", p.failure},
          {"started", p.started},
          {"start_error", p.start_error},
          {"exit_code", or_null(p.exit_code)},
          {"signal", or_null(p.signal)},
          {"timed_out", p.timed_out},
          {"interrupted", p.interrupted},
          {"start_s", p.start_s},
          {"end_s", p.end_s},
          {"t0_steady_s", p.t0_steady_s},
          {"timeout_s", p.timeout_s},
          {"write_errors", p.write_errors},
          {"warnings", p.warnings},
          {"cpu_user_s", or_null(p.cpu_user_s)},
          {"cpu_sys_s", or_null(p.cpu_sys_s)}};
}

ProcessRecord process_record_from_json(const nlohmann::json& j) {
  ProcessRecord p;
  p.failure = j.value("failure", "");
  p.started = j.value("started", false);
  p.start_error = j.value("start_error", "");
  p.exit_code = opt_int(j, "exit_code");
  p.signal = opt_int(j, "signal");
  p.timed_out = j.value("timed_out", false);
  p.interrupted = j.value("interrupted", false);
  p.start_s = j.value("start_s", 0.0);
  p.end_s = j.value("end_s", 0.0);
  p.t0_steady_s = j.value("t0_steady_s", 0.0);
  p.timeout_s = j.value("timeout_s", 0.0);
  p.write_errors = j.value("write_errors", std::vector<std::string>{});
  p.warnings = j.value("warnings", std::vector<std::string>{});
  // Older run folders have no CPU times: unknown, never 0.
  if (j.contains("cpu_user_s") && j["cpu_user_s"].is_number()) p.cpu_user_s = j["cpu_user_s"].get<double>();
  if (j.contains("cpu_sys_s") && j["cpu_sys_s"].is_number()) p.cpu_sys_s = j["cpu_sys_s"].get<double>();
  return p;
}

nlohmann::json to_json(const ToolInvocation& inv) {
  return {{"args", inv.args},
          {"live_lines", inv.live_lines},
          {"tty_stderr", inv.tty_stderr},
          {"expected_s", or_null(inv.expected_s)},
          {"context", inv.context}};
}

ToolInvocation invocation_from_json(const nlohmann::json& j) {
  ToolInvocation inv;
  inv.args = j.value("args", std::vector<std::string>{});
  inv.live_lines = j.value("live_lines", true);
  inv.tty_stderr = j.value("tty_stderr", false);
  if (j.contains("expected_s") && !j["expected_s"].is_null()) inv.expected_s = j["expected_s"].get<double>();
  inv.context = j.value("context", nlohmann::json::object());
  return inv;
}

nlohmann::json to_json(const ProbeInfo& info) {
  nlohmann::json ch = nlohmann::json::array();
  for (const auto& c : info.channels)
    ch.push_back({{"name", c.name},
                  {"unit", c.unit},
                  {"quantity", quantity_name(c.quantity)},
                  {"meter",
                   {{"kind", meter_kind_name(c.meter.kind)},
                    {"window_s", c.meter.window_s},
                    {"basis", c.meter.basis},
                    {"centred", c.meter.centred}}}});
  for (std::size_t i = 0; i < info.channels.size(); ++i) {
    const auto& c = info.channels[i];
    if (c.plausible_min || c.plausible_max) ch[i]["plausible"] = {or_null(c.plausible_min), or_null(c.plausible_max)};
  }
  return {{"name", info.name},
          {"kind", info.kind},
          {"rail", info.rail},
          {"scope", info.scope},
          {"transport", info.transport},
          {"rate_hz", info.rate_hz},
          {"channels", ch},
          {"power_channel", info.power_channel},
          {"energy_channel", info.energy_channel},
          {"temperature_channels", info.temperature_channels},
          {"accuracy_pct", or_null(info.accuracy_pct)},
          {"uncertainty_channel", info.uncertainty_channel},
          {"uncertainty_limit_pct", info.uncertainty_limit_pct},
          {"poll_hz", info.poll_hz},
          {"instrument", info.instrument},
          {"warnings", info.warnings}};
}

ProbeInfo probe_info_from_json(const nlohmann::json& j) {
  ProbeInfo info;
  info.name = j.value("name", "");
  info.kind = j.value("kind", "");
  info.rail = j.value("rail", "");
  info.scope = j.value("scope", "");
  info.transport = j.value("transport", "");
  info.rate_hz = j.value("rate_hz", 0.0);
  for (const auto& c : j.value("channels", nlohmann::json::array())) {
    ChannelInfo ci{c.value("name", ""), c.value("unit", ""), Quantity::other};
    std::string q = c.value("quantity", "other");
    for (Quantity x : {Quantity::power, Quantity::energy, Quantity::voltage, Quantity::current, Quantity::charge,
                       Quantity::temperature})
      if (q == quantity_name(x)) ci.quantity = x;
    if (c.contains("plausible") && c["plausible"].is_array() && c["plausible"].size() == 2) {
      if (c["plausible"][0].is_number()) ci.plausible_min = c["plausible"][0].get<double>();
      if (c["plausible"][1].is_number()) ci.plausible_max = c["plausible"][1].get<double>();
    }
    // A folder from before meters were described reads as instantaneous, as it was analysed then.
    if (c.contains("meter") && c["meter"].is_object()) {
      const auto& m = c["meter"];
      ci.meter.kind = meter_kind_from_name(m.value("kind", "instantaneous")).value_or(MeterKind::instantaneous);
      ci.meter.window_s = m.value("window_s", 0.0);
      ci.meter.basis = m.value("basis", "");
      ci.meter.centred = m.value("centred", false);
    }
    info.channels.push_back(ci);
  }
  info.power_channel = j.value("power_channel", -1);
  info.energy_channel = j.value("energy_channel", -1);
  info.temperature_channels = j.value("temperature_channels", std::vector<int>{});
  if (j.contains("accuracy_pct") && j["accuracy_pct"].is_number()) info.accuracy_pct = j["accuracy_pct"].get<double>();
  info.uncertainty_channel = j.value("uncertainty_channel", -1);
  info.uncertainty_limit_pct = j.value("uncertainty_limit_pct", 0.0);
  info.poll_hz = j.value("poll_hz", 0.0);
  info.instrument = j.value("instrument", "");
  info.warnings = j.value("warnings", std::vector<std::string>{});
  return info;
}

nlohmann::json read_json_file(const std::filesystem::path& p) {
  if (!std::filesystem::exists(p)) throw std::runtime_error(fmt::format("{}: missing", p.string()));
  std::string text = read_file_capped(p, kMaxJsonFileBytes);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    // parse_error, and out_of_range for a number beyond a double (1e400)
    throw std::runtime_error(fmt::format("{}: not valid JSON: {}", p.string(), e.what()));
  }
}

}  // namespace wb
