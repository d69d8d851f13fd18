// The live monitor's pure pieces: running statistics, sparklines and the screen layout.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "harness/monitor/live_stats.hpp"
#include "harness/monitor/screen_layout.hpp"

using namespace wb;

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();

ProbeInfo demo_info() {
  ProbeInfo info;
  info.name = "m2_3v3";
  info.channels = {{"power_w", "W", Quantity::power, {}},
                   {"bus_v", "V", Quantity::voltage, {}},
                   {"energy_j", "J", Quantity::energy, {}},
                   {"die_c", "degC", Quantity::temperature, {}}};
  return info;
}

Sample sample(double t, std::vector<double> v) {
  Sample s;
  s.t_s = t;
  s.values = std::move(v);
  return s;
}
}  // namespace

TEST_CASE("channel stats: min, mean, max since start; missing values are skipped, not zeros") {
  ChannelStats st;
  CHECK_FALSE(st.mean());
  CHECK_FALSE(st.min());
  st.add(2.0);
  st.add(kNaN);
  st.add(4.0);
  st.add(3.0);
  CHECK(st.count() == 3);
  CHECK(*st.last() == 3.0);
  CHECK(*st.min() == 2.0);
  CHECK(*st.max() == 4.0);
  CHECK(*st.mean() == doctest::Approx(3.0));
}

TEST_CASE("channel stats: each refresh adds the mean of its values to the history, else holds the last value") {
  ChannelStats st;
  st.close_tick();  // nothing read yet: a gap, not a zero
  st.add(1.0);
  st.add(3.0);
  st.close_tick();
  st.close_tick();
  st.add(5.0);
  st.close_tick();
  REQUIRE(st.history().size() == 4);
  CHECK(std::isnan(st.history()[0]));
  CHECK(st.history()[1] == 2.0);
  CHECK(st.history()[2] == 3.0);  // a refresh with no new read holds the last value
  CHECK(st.history()[3] == 5.0);
  for (int i = 0; i < 1000; ++i) st.close_tick();
  CHECK(st.history().size() == ChannelStats::kHistory);
}

TEST_CASE("probe stats: achieved rate from acquisition stamps; read errors counted and shown until a good read") {
  ProbeStats p(demo_info());
  p.add(sample(10.0, {1, 3.3, 0, 40}));
  CHECK_FALSE(p.rate_hz());  // one sample gives no rate
  for (int i = 1; i <= 100; ++i) p.add(sample(10.0 + i * 0.002, {1, 3.3, 0, 40}));
  REQUIRE(p.rate_hz());
  CHECK(*p.rate_hz() == doctest::Approx(500.0));
  Sample bad;
  bad.t_s = 10.3;
  bad.flags = kFlagReadError;
  bad.error = "NACK at 0x40";
  p.add(bad);
  CHECK(p.errors == 1);
  CHECK(p.last_error == "NACK at 0x40");
  CHECK(p.channels[0].count() == 101);  // the error added no values
  p.add(sample(10.4, {1, 3.3, 0, 40}));
  CHECK(p.last_error.empty());
}

TEST_CASE("sparkline: scaled to the shown values' own range, right-aligned, gaps for missing values") {
  std::vector<double> ramp{0, 1, 2, 3, 4, 5, 6, 7};
  CHECK(sparkline(std::span<const double>(ramp), 8, true) == "▁▂▃▄▅▆▇█");
  CHECK(sparkline(std::span<const double>(ramp), 8, false) == "_.-~=+*#");
  // Only the last `width` values are shown and the scale is theirs: 4..7 spans the full height.
  CHECK(sparkline(std::span<const double>(ramp), 4, false) == "_-+#");
  CHECK(sparkline(std::span<const double>(ramp), 10, false) == "  _.-~=+*#");
  std::vector<double> flat{2.5, 2.5, kNaN, 2.5};
  CHECK(sparkline(std::span<const double>(flat), 4, true) == "▄▄ ▄");
  std::deque<double> d(ramp.begin(), ramp.end());
  CHECK(sparkline(d, 2, true) == "▁█");
  CHECK(sparkline(std::deque<double>{}, 3, true) == "   ");
}

TEST_CASE("fit: pads, right-aligns and elides UTF-8 by columns, not bytes") {
  CHECK(display_width("2.0 °C ▁▂") == 9);
  CHECK(fit("abc", 5) == "abc  ");
  CHECK(fit("abc", 5, true, true) == "  abc");
  CHECK(fit("▁▂▃▄▅", 3) == "▁▂…");
  CHECK(fit("abcdef", 4, false) == "abc~");
}

namespace {
std::vector<ProbeStats> demo_probes(int ticks) {
  std::vector<ProbeStats> probes{ProbeStats(demo_info())};
  for (int i = 0; i < ticks; ++i) {
    for (int k = 0; k < 10; ++k) probes[0].add(sample(i * 0.25 + k * 0.001, {1.0 + i % 4, 3.3, i * 1.0, 41.5}));
    probes[0].close_tick();
  }
  ProbeInfo npu;
  npu.name = "npu";
  npu.channels = {{"temp_c", "degC", Quantity::temperature, {}}};
  probes.emplace_back(npu);  // no sample yet
  return probes;
}
bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("screen layout: header, titles, a row per non-energy channel with numbers and a sparkline") {
  auto probes = demo_probes(40);
  MonitorScreen screen{"demo", 10.0, "logging to /tmp/x", true};
  auto lines = layout_screen(screen, probes, 120, 30);
  REQUIRE(lines.size() == 8);  // header, titles, 4 rows, blank, note
  CHECK(has(lines[0], "wattbench monitor  demo  elapsed 10.0 s  2 probes"));
  CHECK(has(lines[1], "channel"));
  CHECK(has(lines[1], "history"));
  CHECK(has(lines[2], "m2_3v3.power_w"));
  CHECK(has(lines[2], "4.000 W"));   // the latest value
  CHECK(has(lines[2], "1.000"));     // min
  CHECK(has(lines[2], "2.500"));     // mean
  CHECK(has(lines[2], "▁▃▆█▁▃▆█"));  // the ticks cycle 1, 2, 3, 4 W, scaled to 1..4
  CHECK(has(lines[3], "m2_3v3.bus_v"));
  CHECK(has(lines[4], "m2_3v3.die_c"));
  CHECK(has(lines[4], "41.5 °C"));
  for (const auto& l : lines) CHECK_FALSE(has(l, "energy_j"));
  CHECK(has(lines[5], "npu.temp_c"));
  CHECK(has(lines[5], "—"));  // unknown, not 0
  CHECK_FALSE(has(lines[5], "0.000"));
  CHECK(lines[7] == fit("logging to /tmp/x", 120));
  for (const auto& l : lines) CHECK(display_width(l) <= 120);
}

TEST_CASE("screen layout: narrow terminals drop the sparkline, then min and max, then rate and mean") {
  auto probes = demo_probes(8);
  MonitorScreen screen{"demo", 1.0, "", false};
  auto wide = layout_screen(screen, probes, 120, 30);
  CHECK(has(wide[1], "history"));
  CHECK(has(wide[1], "min"));
  auto w70 = layout_screen(screen, probes, 70, 30);
  CHECK_FALSE(has(w70[1], "history"));
  CHECK(has(w70[1], "mean"));
  CHECK(has(w70[1], "rate"));
  auto w50 = layout_screen(screen, probes, 50, 30);
  CHECK_FALSE(has(w50[1], "min"));
  CHECK(has(w50[1], "mean"));
  auto w30 = layout_screen(screen, probes, 30, 30);
  CHECK_FALSE(has(w30[1], "mean"));
  CHECK(has(w30[2], "4.000"));  // the value itself always stays
  for (std::size_t w : {120u, 70u, 50u, 30u, 12u, 1u})
    for (const auto& l : layout_screen(screen, probes, w, 30)) {
      CHECK(display_width(l) <= w);
      for (char ch : l) CHECK(static_cast<unsigned char>(ch) < 0x80);  // ASCII only without UTF-8
    }
}

TEST_CASE("screen layout: a short terminal shows what fits and says how many rows are hidden") {
  auto probes = demo_probes(4);
  MonitorScreen screen{"demo", 1.0, "note", true};
  auto lines = layout_screen(screen, probes, 100, 4);
  REQUIRE(lines.size() == 4);
  CHECK(has(lines[2], "m2_3v3.power_w"));
  CHECK(has(lines[3], "3 more channels"));
  CHECK(layout_screen(screen, probes, 100, 1).size() == 1);
  CHECK(layout_screen(screen, probes, 100, 0).empty());
}

TEST_CASE("screen layout: every terminal size, two rows included, gives at most that many rows and never throws") {
  for (int n : {1, 4}) {
    auto probes = demo_probes(n);
    MonitorScreen screen{"demo", 1.0, "note", true};
    for (std::size_t h = 0; h <= 8; ++h)
      for (std::size_t w : {0, 1, 5, 40, 200}) {
        CAPTURE(n);
        CAPTURE(h);
        CAPTURE(w);
        std::vector<std::string> lines;
        REQUIRE_NOTHROW(lines = layout_screen(screen, probes, w, h));
        CHECK(lines.size() <= h);
        for (const auto& l : lines) CHECK(display_width(l) <= w);
      }
    auto two = layout_screen(screen, probes, 100, 2);
    REQUIRE(two.size() == 2);
    CHECK(has(two[1], "4 channels"));  // power, bus and die of m2_3v3, npu.temp_c
  }
}
