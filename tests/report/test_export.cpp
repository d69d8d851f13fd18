// BMF and OpenMetrics exports, checked against the formats (Bencher's published BMF: an object
// of benchmarks, each an object of measures, each {value, lower_value?, upper_value?}).
#include <doctest/doctest.h>

#include <set>
#include <sstream>

#include "harness/report/export.hpp"
#include "report/gate_fixtures.hpp"

using namespace wb;
using namespace wb::gate_test;

namespace {
std::vector<CompareRow> three_cards() {
  std::vector<CompareRow> all;
  auto add = [&](const json& s, const std::string& dir) {
    auto r = rows(s, dir);
    all.insert(all.end(), r.begin(), r.end());
  };
  add(summary("hailo8", {variant("default", identity("Hailo", "Hailo-8", "hailortcli"), figures(1371, 4, 0.5))},
              "2026-11-01T02:00:00+0100"),
      "h/1");
  add(summary("hailo8", {variant("default", identity("Hailo", "Hailo-8", "hailortcli"), figures(1300, 4, 0.5))},
              "2026-11-02T02:00:00+0100"),
      "h/2");
  auto one_run = figures(1500, 7, 0.7);
  for (auto& [k, v] : one_run) v.resize(1);
  add(summary("deepx \"M1\"\n", {variant("default", identity("DeepX", "DX-M1", "dxbenchmark"), one_run)},
              "2026-11-01T03:00:00+0100"),
      "d/1");
  auto batch8 = identity("Hailo", "Hailo-8", "hailortcli");
  batch8["tool"]["work_args"]["batch"] = 8;
  add(summary("hailo8-b8", {variant("default", batch8, figures(2000, 4.5, 0.5))}, "2026-11-01T04:00:00+0100"), "h8/1");
  return all;
}
}  // namespace

TEST_CASE("BMF: one benchmark per identity (its latest result), the five measures, bounds only with repeats") {
  auto j = nlohmann::json::parse(bmf_json(three_cards()).dump());
  REQUIRE(j.is_object());
  CHECK(j.size() == 3);  // two Hailo results of one identity are one benchmark; batch 8 is another
  std::set<std::string> allowed{"fps", "fps_per_w", "power_w", "idle_power_w", "j_per_inference"};
  for (auto it = j.begin(); it != j.end(); ++it) {
    CAPTURE(it.key());
    REQUIRE(it.value().is_object());
    CHECK(it.value().size() == 5);
    for (auto m = it.value().begin(); m != it.value().end(); ++m) {
      CHECK(allowed.count(m.key()) == 1);
      const auto& v = m.value();
      REQUIRE(v.is_object());
      REQUIRE(v["value"].is_number());
      for (auto f = v.begin(); f != v.end(); ++f)
        CHECK((f.key() == "value" || f.key() == "lower_value" || f.key() == "upper_value"));
      if (v.contains("lower_value")) {
        CHECK(v["lower_value"].get<double>() <= v["value"].get<double>());
        CHECK(v["upper_value"].get<double>() >= v["value"].get<double>());
      }
    }
  }
  std::string names;
  for (auto it = j.begin(); it != j.end(); ++it) names += it.key() + "\n";
  INFO(names);
  const auto& hailo = j["Hailo Hailo-8 (M.2 2280 M) · resnet50 · hailortcli · {\"batch\":1} · m2-rail"];
  REQUIRE(hailo.is_object());
  CHECK(hailo["fps"]["value"].get<double>() == doctest::Approx(1300));  // the latest night
  CHECK(hailo["fps"].contains("lower_value"));
  const auto& deepx = j["DeepX DX-M1 (M.2 2280 M) · resnet50 · dxbenchmark"];
  REQUIRE(deepx.is_object());
  CHECK_FALSE(deepx["fps"].contains("lower_value"));  // one run: no interval
}

TEST_CASE("OpenMetrics: gauges with the identity as labels, escaped, ending in # EOF") {
  std::ostringstream out;
  write_openmetrics(three_cards(), out);
  std::string text = out.str();
  CHECK(text.size() > 6);
  CHECK(text.substr(text.size() - 6) == "# EOF\n");
  CHECK(has(text, "# TYPE wattbench_power_watts gauge\n# UNIT wattbench_power_watts watts\n"));
  CHECK(has(text, "result=\"deepx \\\"M1\\\"\\n\""));
  std::istringstream in(text);
  int samples = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    ++samples;
    CHECK(has(line, "product=\""));
    CHECK(has(line, "tool=\""));
    CHECK(has(line, "scope=\"m2-rail\""));
  }
  CHECK(samples == 3 * 5 + 2 * 5);  // every measure of three benchmarks, intervals of the two with repeats
}
