// CSV header and lines for a piped `monitor`.
#include "harness/monitor/monitor_lines.hpp"

#include <fmt/format.h>

#include <chrono>
#include <ctime>

#include "harness/monitor/reading_format.hpp"
#include "harness/util/csv_cell.hpp"

namespace wb {

namespace {
std::string unit_label(const std::string& unit) { return unit == "degC" || unit == "C" ? "°C" : unit; }
}  // namespace

std::string monitor_csv_header(const std::vector<ProbeInfo>& probes) {
  std::string line = "timestamp";
  for (const auto& p : probes) {
    for (const auto& ch : p.channels)
      if (ch.quantity != Quantity::energy)
        line += ", " + csv_cell(fmt::format("{}.{} [{}]", p.name, ch.name, unit_label(ch.unit)));
    line += ", " + csv_cell(p.name + ".rate [Hz]");
  }
  return line + ", errors";
}

std::string monitor_csv_line(const std::string& timestamp, const std::vector<ProbeInfo>& probes,
                             const std::vector<std::optional<Sample>>& latest, const std::vector<double>& rate_hz) {
  std::string line = timestamp, errors;
  for (std::size_t i = 0; i < probes.size(); ++i) {
    const auto& p = probes[i];
    const Sample* s = i < latest.size() && latest[i] ? &*latest[i] : nullptr;
    bool failed = s && (s->flags & kFlagReadError);
    if (failed) errors += fmt::format("{}{}: {}", errors.empty() ? "" : "; ", p.name, s->error);
    for (std::size_t c = 0; c < p.channels.size(); ++c) {
      if (p.channels[c].quantity == Quantity::energy) continue;
      bool have = s && !failed && c < s->values.size() && is_present(s->values[c]);
      line += ", " + (have ? reading_text(s->values[c], p.channels[c].unit) : std::string());
    }
    double rate = i < rate_hz.size() ? rate_hz[i] : 0;
    line += ", " + (rate > 0 ? fmt::format("{:.0f}", rate) : std::string());
  }
  return line + ", " + csv_cell(errors);
}

std::string monitor_timestamp() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y/%m/%d %H:%M:%S", &tm);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  return fmt::format("{}.{:03d}", buf, static_cast<int>(ms));
}

}  // namespace wb
