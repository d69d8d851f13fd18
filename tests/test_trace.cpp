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

TEST_CASE("a pass that asks for some channels converts only those, and the others read missing") {
  ProbeInfo info;
  info.channels = {
      {"vbus_v", "V", Quantity::voltage}, {"power_w", "W", Quantity::power}, {"energy_j", "J", Quantity::energy}};
  auto p = fs::temp_directory_path() / "wattbench-trace-columns.csv";
  {
    TraceCsvWriter w(p, info);
    for (int k = 0; k < 5; ++k) w.write({0.001 * k, {3.3, 4.0 + k, 0.01 * k}, 0, ""});
  }
  std::vector<Sample> all, power_only;
  for_each_sample(p, [&](const Sample& s) { all.push_back(s); });
  for_each_sample(
      p, [&](const Sample& s) { power_only.push_back(s); }, std::vector<std::size_t>{1});
  REQUIRE(all.size() == 5);
  REQUIRE(power_only.size() == 5);
  for (std::size_t k = 0; k < 5; ++k) {
    CHECK(power_only[k].t_s == doctest::Approx(all[k].t_s));
    CHECK(power_only[k].values[1] == doctest::Approx(all[k].values[1]));
    CHECK_FALSE(is_present(power_only[k].values[0]));
    CHECK_FALSE(is_present(power_only[k].values[2]));
    CHECK(is_present(all[k].values[0]));
  }
  // A bad cell in a column the pass converts is still an error naming file, line and column.
  std::ofstream(p, std::ios::app) << "0.009,3.3,x,0.5,0,\n";
  CHECK_THROWS_WITH(for_each_sample(
                        p, [](const Sample&) {}, std::vector<std::size_t>{1}),
                    doctest::Contains(":7: column 'power_w'"));
}

TEST_CASE("a trace line longer than the cap is an error, not an allocation") {
  ProbeInfo info;
  info.channels = {{"power_w", "W", Quantity::power}};
  auto p = fs::temp_directory_path() / "wattbench-trace-long.csv";
  {
    TraceCsvWriter w(p, info);
    w.write({0.001, {4.5}, 0, ""});
  }
  std::ofstream(p, std::ios::app) << "0.002,4.5,0," << std::string(kMaxTraceLineBytes + 10, 'e') << "\n";
  CHECK_THROWS_WITH(read_trace_csv(p), doctest::Contains("a line longer than"));
}
