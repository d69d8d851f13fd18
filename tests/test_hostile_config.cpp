// Hostile inputs (issue 13): configs, overrides, tolerances and numbers that once crashed,
// hung, overflowed or passed falsely. Each case fails closed with a clear error.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config_test_support.hpp"
#include "harness/analysis/energy.hpp"
#include "harness/config/config.hpp"
#include "harness/config/matrix.hpp"
#include "harness/config/yaml_guard.hpp"
#include "harness/process/process.hpp"
#include "harness/report/check.hpp"
#include "harness/report/compare.hpp"

using namespace wb;
namespace fs = std::filesystem;

namespace {
fs::path write_config(const std::string& name, const std::string& text) {
  return config_test::write_config("wattbench-hostile-tests", name, text);
}

const char* kValid = config_test::kValid;

std::string error_of(const std::string& name, const std::string& text, std::vector<std::string> sets = {}) {
  return config_test::load_error(write_config(name, text), sets).value_or("(no ConfigError)");
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

CompareRow row(const std::string& variant, std::optional<double> fps, std::optional<double> eff,
               const std::string& scope = "m2-rail") {
  CompareRow r;
  r.result = "r";
  r.variant = variant;
  r.scope = scope;
  r.aggregate["fps"].n = fps ? 3 : 0;
  r.aggregate["fps"].mean = fps;
  r.aggregate["fps"].ci95 = fps ? std::optional<double>(1) : std::nullopt;
  r.aggregate["fps_per_w"].n = r.aggregate["fps"].n;
  r.aggregate["fps_per_w"].mean = eff;
  r.aggregate["fps_per_w"].ci95 = eff ? std::optional<double>(1) : std::nullopt;
  return r;
}

std::string junit_of(const std::vector<CheckLine>& lines) {
  std::ostringstream out;
  write_junit(lines, false, out);
  return out.str();
}

// A YAML alias bomb: `levels` anchors, each a list of `fan` aliases of the one before.
std::string alias_bomb(int levels, int fan) {
  std::string s = "  l0: &l0 [x]\n";
  for (int i = 1; i <= levels; ++i) {
    s += fmt::format("  l{}: &l{} [", i, i);
    for (int k = 0; k < fan; ++k) s += fmt::format("{}*l{}", k ? ", " : "", i - 1);
    s += "]\n";
  }
  return s;
}

std::string single_axis_matrix(int n) {
  std::string s = std::string(kValid) + "matrix:\n  axes:\n    benchmark.args.time_s: [";
  for (int i = 0; i < n; ++i) s += fmt::format("{}{}", i ? ", " : "", i + 1);
  return s + "]\n";
}
}  // namespace

TEST_CASE("check fails closed: every current metric MISSING is a JUnit failure with its reason") {
  Tolerances tol{{"fps", 3.0}, {"fps_per_w", 5.0}};
  auto lines = check_rows({row("default", std::nullopt, std::nullopt)}, {row("default", 1000, 200)}, tol);
  REQUIRE(lines.size() == tol.size());
  for (const auto& l : lines) CHECK(l.verdict == Verdict::missing);
  auto xml = junit_of(lines);
  INFO(xml);
  for (const auto& [metric, t] : tol) CHECK(has(xml, fmt::format("name=\"{}\"><failure", metric)));
  CHECK_FALSE(has(xml, "failures=\"0\""));
  CHECK(has(xml, "no figure in the current result"));
}

TEST_CASE("check fails closed: no comparable metric at all is a failure") {
  // Both sides measured, but on different power scopes: nothing can be compared.
  auto lines =
      check_rows({row("default", 1000, 200, "board")}, {row("default", 1000, 200, "m2-rail")}, {{"fps_per_w", 5.0}});
  auto xml = junit_of(lines);
  INFO(xml);
  CHECK_FALSE(has(xml, "failures=\"0\""));
  CHECK(has(xml, "no metric could be compared"));
  auto none = junit_of(check_rows({}, {row("default", 1000, 200)}, {{"fps", 3.0}}));
  INFO(none);
  CHECK_FALSE(has(none, "failures=\"0\""));
}

TEST_CASE("check: a baseline variant absent from the current result fails") {
  auto lines = check_rows({row("a", 1000, 200)}, {row("a", 1000, 200), row("b", 1000, 200)}, {{"fps", 3.0}});
  auto xml = junit_of(lines);
  INFO(xml);
  CHECK(has(xml, "classname=\"r.b\""));
  CHECK(has(xml, "failures=\"1\""));
}

TEST_CASE("check: tolerances of nan, inf or below zero are errors naming the item") {
  for (const std::string item : {"fps=nan", "fps=inf%", "fps_per_w=-inf", "power_w=-2%", "fps=1e400"}) {
    INFO(item);
    try {
      parse_tolerances(item, default_tolerances());
      FAIL("accepted");
    } catch (const std::invalid_argument& e) {
      CHECK(has(e.what(), item));
    }
  }
}

TEST_CASE("config: a YAML alias bomb fails fast with a clear message") {
  // 10^6 leaves through aliases (a few hundred bytes of YAML).
  auto text = std::string(kValid) + "sim:\n" + alias_bomb(6, 10);
  auto t0 = std::chrono::steady_clock::now();
  auto err = error_of("bomb.yaml", text);
  INFO(err);
  CHECK(has(err, "bomb.yaml"));
  CHECK(has(err, "alias"));
  // Far below what expanding it takes; the loader must stop counting, not finish.
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 1.0);
}

TEST_CASE("config: duplicate keys are errors naming both places") {
  // A corrected shunt_ohm appended at the end of the probe's mapping, as a user would.
  std::string lines = kValid;
  lines.insert(lines.find("benchmark:"), "    shunt_ohm: 0.015\n    accuracy_pct: 1\n    shunt_ohm: 0.010\n");
  auto line_of = [&](std::size_t pos) {
    return 1 + std::count(lines.begin(), lines.begin() + static_cast<long>(pos), '\n');
  };
  auto first = line_of(lines.find("shunt_ohm")), second = line_of(lines.rfind("shunt_ohm"));
  REQUIRE(first != second);
  auto err = error_of("dup.yaml", lines);
  INFO(err);
  CHECK(has(err, fmt::format("dup.yaml:{}:5", first)));
  CHECK(has(err, fmt::format("dup.yaml:{}:5", second)));
  CHECK(has(err, "shunt_ohm"));
  auto top = error_of("dup-top.yaml", std::string(kValid) + "name: u\n");
  INFO(top);
  CHECK(has(top, "dup-top.yaml:1:1"));
  CHECK(has(top, "duplicate key 'name'"));
}

TEST_CASE("matrix: variant count capped, stated in the error") {
  // Two axes of real settings, 40 values each: a small file, a large product.
  std::string text = std::string(kValid) + "matrix:\n  axes:\n    benchmark.args.time_s: [";
  for (int i = 0; i < 40; ++i) text += fmt::format("{}{}", i ? ", " : "", i + 1);
  text += "]\n    phases.idle_s: [";
  for (int i = 0; i < 40; ++i) text += fmt::format("{}{}", i ? ", " : "", i + 1);
  text += "]\n";
  auto err = error_of("matrix-cap.yaml", text);
  INFO(err);
  CHECK(has(err, "1600 variants"));
  CHECK(has(err, "at most"));
}

TEST_CASE("matrix: expansion is linear in the variant count") {
  auto load_s = [](int n) {
    auto p = write_config(fmt::format("matrix-{}.yaml", n), single_axis_matrix(n));
    auto t0 = std::chrono::steady_clock::now();
    auto cfg = load_config(p);
    REQUIRE(cfg.variants.size() == static_cast<std::size_t>(n));
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  const int small = 100, large = 800;  // 8x the variants: 8x the time if linear, 64x if quadratic
  double t_small = std::min(load_s(small), load_s(small)), t_large = load_s(large);
  INFO(t_small << " s for " << small << ", " << t_large << " s for " << large);
  CHECK(t_large < 3 * (large / small) * t_small);
}

TEST_CASE("durations: huge values are errors giving the allowed range") {
  auto timeout = error_of("timeout.yaml", std::string(kValid) + "  timeout_s: 1e10\n");
  INFO(timeout);
  CHECK(has(timeout, "benchmark.timeout_s"));
  CHECK(has(timeout, "timeout.yaml:15:"));
  CHECK(has(timeout, "expected"));
  auto idle = error_of("idle.yaml", std::string(kValid) + "phases:\n  idle_s: 1e10\n");
  INFO(idle);
  CHECK(has(idle, "phases.idle_s"));
  CHECK(has(idle, "idle.yaml:16:"));
}

TEST_CASE("durations: a huge process timeout never overflows into an immediate kill") {
  ProcessSpec s;
  s.executable = "/bin/sleep";
  s.args = {"0.2"};
  s.cwd = fs::temp_directory_path();
  s.pty = false;
  s.timeout_s = 1e10;
  s.t0 = std::chrono::steady_clock::now();
  auto r = make_process_runner()->run(s, nullptr, nullptr);
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 0);
}

TEST_CASE("--set through a scalar names the --set and the scalar part of the path") {
  auto p = write_config("scalar.yaml", kValid);
  try {
    load_config(p, {"benchmark.tool.x=1"});
    FAIL("accepted");
  } catch (const ConfigError& e) {
    std::string err = e.what();
    INFO(err);
    CHECK(has(err, "--set 'benchmark.tool.x=1'"));
    CHECK(has(err, "'benchmark.tool' is"));
  } catch (const std::exception& e) {
    FAIL("not a ConfigError: " << e.what());
  }
}

TEST_CASE("--set errors name the --set argument, not a place in the file") {
  auto err = error_of("setloc.yaml", kValid, {"repeat=abc"});
  INFO(err);
  CHECK(has(err, "--set 'repeat=abc'"));
  CHECK_FALSE(has(err, "setloc.yaml:"));
  auto nested = error_of("setloc2.yaml", kValid, {"probes.0.rate_hz=-5"});
  INFO(nested);
  CHECK(has(nested, "--set 'probes.0.rate_hz=-5'"));
  CHECK_FALSE(has(nested, "setloc2.yaml:"));
  auto unknown = error_of("setloc3.yaml", kValid, {"devise.x=1"});
  INFO(unknown);
  CHECK(has(unknown, "--set 'devise.x=1'"));
  CHECK(has(unknown, "unknown key 'devise'"));
}

TEST_CASE("--set list indices: negative or out of range are clear errors") {
  auto neg = error_of("index.yaml", kValid, {"probes.-1.rate_hz=5"});
  INFO(neg);
  CHECK(has(neg, "'-1'"));
  CHECK(has(neg, "0..0"));
  CHECK_FALSE(has(neg, std::to_string(static_cast<std::size_t>(-1))));
  auto big = error_of("index2.yaml", kValid, {"probes.99999999999999999999999.rate_hz=5"});
  INFO(big);
  CHECK(has(big, "0..0"));
}

namespace {
// A 1 kHz probe drawing `watts` steadily; its ENERGY register reads `energy_offset_j` high
// from `misread_from_s` on.
WindowEnergy steady_window(double watts, double energy_offset_j, double misread_from_s, const Window& w) {
  ProbeInfo info;
  info.rate_hz = 1000;
  info.accuracy_pct = 1.0;
  info.channels = {{"power_w", "W", Quantity::power}, {"energy_j", "J", Quantity::energy}};
  info.power_channel = 0;
  info.energy_channel = 1;
  WindowAccumulator acc(info, w);
  for (int i = 0; i <= 4000; ++i) {
    Sample s;
    s.t_s = i / info.rate_hz;
    s.values = {watts, watts * s.t_s + (s.t_s >= misread_from_s ? energy_offset_j : 0)};
    acc.add(s);
  }
  return acc.result();
}
}  // namespace

TEST_CASE("energy: accumulator vs trapezoid within, beyond and far beyond their stated uncertainty") {
  const double watts = 2;
  const Window w{1.0005, 3.0005, "test", ""};
  const double energy = watts * w.length();
  auto agree = steady_window(watts, 0, 1e9, w);
  REQUIRE(agree.disagreement_pct);
  CHECK(agree.method == "accumulator");
  CHECK(std::abs(*agree.disagreement_pct) <= agree.agreement_bound_pct);
  CHECK(agree.agreement_bound_pct > 1.0);  // the stated 1 % plus the edges
  CHECK(has(agree.agreement_detail, "accuracy 1 %"));

  // From a few samples before the end, so both samples around the edge read high.
  const double misread_from = w.end_s - 0.01;
  // 2 % high: beyond the bound (1 % + edges), inside the invalid bound.
  auto warn = steady_window(watts, 0.02 * energy, misread_from, w);
  REQUIRE(warn.disagreement_pct);
  CHECK(*warn.disagreement_pct > warn.agreement_bound_pct);
  CHECK(*warn.disagreement_pct < energy_invalid_bound_pct(warn.agreement_bound_pct));

  // A misread register at the window's end: half the window's energy.
  auto bad = steady_window(watts, 0.5 * energy, misread_from, w);
  REQUIRE(bad.disagreement_pct);
  CHECK(*bad.disagreement_pct > energy_invalid_bound_pct(bad.agreement_bound_pct));
  CHECK(energy_invalid_bound_pct(bad.agreement_bound_pct) >= kEnergyInvalidFactor * bad.agreement_bound_pct);
}

TEST_CASE("matrix: the cap is the stated constant") {
  auto ok = write_config("matrix-at-cap.yaml", single_axis_matrix(static_cast<int>(kMaxVariants)));
  CHECK(load_config(ok).variants.size() == kMaxVariants);
  auto err = error_of("matrix-over-cap.yaml", single_axis_matrix(static_cast<int>(kMaxVariants) + 1));
  INFO(err);
  CHECK(has(err, fmt::format("at most {}", kMaxVariants)));
}

TEST_CASE("config: the node cap is counted with aliases expanded, and a config at the cap's scale still loads") {
  // Just over the cap through aliases fails; the same text without the last level loads.
  int fan = 10, levels = 1;
  while (std::pow(fan, levels) <= static_cast<double>(kMaxConfigNodes)) ++levels;
  CHECK(has(error_of("bomb-edge.yaml", std::string(kValid) + "sim:\n" + alias_bomb(levels, fan)), "alias"));
  CHECK_NOTHROW(
      load_config(write_config("bomb-below.yaml", std::string(kValid) + "sim:\n" + alias_bomb(levels - 2, fan))));
}
