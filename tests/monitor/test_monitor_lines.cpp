// `monitor` piped: a header with every channel's name and unit, a time stamp on every line,
// values rounded to their resolution, missing readings empty.
#include <doctest/doctest.h>

#include "harness/monitor/monitor_lines.hpp"
#include "harness/monitor/reading_format.hpp"
#include "harness/util/regex.hpp"

namespace {
std::vector<wb::ProbeInfo> two_probes() {
  wb::ProbeInfo a;
  a.name = "m2_3v3";
  a.channels = {{"power_w", "W", wb::Quantity::power},
                {"energy_j", "J", wb::Quantity::energy},
                {"bus_v", "V", wb::Quantity::voltage},
                {"die_temp_c", "degC", wb::Quantity::temperature}};
  wb::ProbeInfo b;
  b.name = "npu,1";  // a name with a comma stays one CSV cell
  b.channels = {{"temp_c", "degC", wb::Quantity::temperature}};
  return {a, b};
}
}  // namespace

TEST_CASE("monitor lines: header with names and units, a time stamp and rounded values on every line") {
  auto probes = two_probes();
  CHECK(wb::monitor_csv_header(probes) ==
        "timestamp, m2_3v3.power_w [W], m2_3v3.bus_v [V], m2_3v3.die_temp_c [°C], m2_3v3.rate [Hz], \"npu,1.temp_c "
        "[°C]\", "
        "\"npu,1.rate [Hz]\", errors");
  wb::Sample s;
  s.values = {4.712345, 123.0, 3.2987, 41.734375};
  wb::Sample e;
  e.flags = wb::kFlagReadError;
  e.error = "I2C NACK";
  auto line = wb::monitor_csv_line("2026/12/07 15:30:01.123", probes, {s, e}, {998.7, 0});
  CHECK(line == "2026/12/07 15:30:01.123, 4.712, 3.299, 41.7, 999, , , \"npu,1: I2C NACK\"");
  // As many cells as the header, on every line (a read error and no sample yet included).
  auto cells = [](const std::string& l) {
    std::size_t n = 1;
    bool quoted = false;
    for (char c : l) quoted ^= c == '"', n += !quoted && c == ',';
    return n;
  };
  CHECK(cells(line) == cells(wb::monitor_csv_header(probes)));
  auto none = wb::monitor_csv_line("t", probes, {std::nullopt, std::nullopt}, {0, 0});
  CHECK(none == "t, , , , , , , ");
  CHECK(cells(none) == cells(wb::monitor_csv_header(probes)));
  CHECK(wb::rx::match(wb::monitor_timestamp(), wb::rx::regex(R"(\d{4}/\d\d/\d\d \d\d:\d\d:\d\d\.\d{3})")));
}

TEST_CASE("reading resolution: mW, mV, 0.1 mA, 0.1 °C; no negative zero") {
  CHECK(wb::reading_text(4.712345, "W") == "4.712");
  CHECK(wb::reading_text(3.29871, "V") == "3.299");
  CHECK(wb::reading_text(0.2241567, "A") == "0.2242");
  CHECK(wb::reading_text(41.734375, "degC") == "41.7");
  CHECK(wb::reading_text(-0.0001, "W") == "0.000");
  CHECK(wb::reading_text(65262.0, "degC") == "65262.0");
  CHECK(wb::reading_text(1234.5678, "W") == "1234.6");
}
