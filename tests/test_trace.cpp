// Trace CSV: streaming write, read back, empty cells for missing values, clear errors.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "harness/trace/trace_csv.hpp"

using namespace wb;
namespace fs = std::filesystem;

TEST_CASE("trace round trip keeps missing values missing") {
  ProbeInfo info;
  info.channels = {{"power_w", "W", Quantity::power}, {"energy_j", "J", Quantity::energy}};
  auto p = fs::temp_directory_path() / "wattbench-trace.csv";
  {
    TraceCsvWriter w(p, info);
    w.write({0.001, {4.5, 0.01}, 0, ""});
    w.write({0.002, {kMissing, kMissing}, kFlagReadError, "NACK at 0x40, \"POWER\""});
    w.write({0.003, {4.6, 0.02}, kFlagStale, ""});
  }
  auto t = read_trace_csv(p);
  CHECK(t.channel_names == std::vector<std::string>{"power_w", "energy_j"});
  REQUIRE(t.samples.size() == 3);
  CHECK(t.samples[0].values[0] == doctest::Approx(4.5));
  CHECK_FALSE(is_present(t.samples[1].values[0]));
  CHECK(t.samples[1].flags == kFlagReadError);
  CHECK(t.samples[1].error == "NACK at 0x40, \"POWER\"");
  CHECK(t.samples[2].flags == kFlagStale);
  std::ofstream(p, std::ios::app) << "0.004,4.7\n";
  CHECK_THROWS_WITH(read_trace_csv(p), doctest::Contains(":5: expected 5 columns"));
  // A crash mid-line leaves a last line without its newline: the samples before it stand.
  {
    TraceCsvWriter w(p, info);
    w.write({0.001, {4.5, 0.01}, 0, ""});
  }
  std::ofstream(p, std::ios::app) << "0.002,4.6";
  CHECK(read_trace_csv(p).samples.size() == 1);
  fs::remove(p);
}
