// Equal-load efficiency on the simulated bench (configs/sim/hailo8-paced-sweep.yaml): a run2
// sweep over --framerate caps whose simulated card draws power by the share of its rate it is
// driven at; the idle-to-full curve in every output; a tool that ignores its cap made invalid;
// a card whose power does not follow the cap flagged.
#include <doctest/doctest.h>

#include "tests/e2e_support.hpp"
#include "tests/file_text.hpp"

using namespace wb::e2e;

namespace {
const char* kConfig = "configs/sim/hailo8-paced-sweep.yaml";
// Two rates and flat out, 2 s each: enough for a curve, short for CI.
const std::vector<std::string> kShort{
    "benchmark.args.time_s=2", "phases.idle_s=1",
    "matrix.axes.rate={fps120: {benchmark.target_fps: 120}, fps480: {benchmark.target_fps: 480}, "
    "full: {benchmark.target_fps: null}}"};
nlohmann::json run_of(const nlohmann::json& summary, const std::string& variant) {
  for (const auto& v : summary["variants"])
    if (v["id"] == variant) return v["runs"][0];
  FAIL("no variant " << variant);
  return {};
}
}  // namespace

TEST_CASE("paced sweep: each rate reached, power falls with load, the idle-to-full curve in every output") {
  auto out = fresh_dir("paced");
  auto r = run_config(kConfig, out, kShort);
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  auto s = read_json(out / "summary.json");
  for (auto [id, target] : {std::pair{"fps120", 120.0}, {"fps480", 480.0}}) {
    auto run = run_of(s, id);
    CHECK(run["status"] == "ok");
    CHECK(run["target_fps"].get<double>() == target);
    CHECK(std::abs(run["rate_error_pct"].get<double>()) < 1.0);
    CHECK(std::abs(run["fps_per_w_error_pct"].get<double>()) < 1.0);  // against the simulator's truth at that load
  }
  CHECK(run_of(s, "full")["target_fps"].is_null());
  REQUIRE(s["load_curves"].size() == 1);
  const auto& pts = s["load_curves"][0]["points"];
  REQUIRE(pts.size() == 4);
  CHECK(pts[0]["variant"] == "idle");
  CHECK(pts[1]["variant"] == "fps120");
  CHECK(pts[3]["variant"] == "full");
  // Power rises and energy per inference falls along the curve; the card's power follows its load.
  CHECK(pts[0]["power_w"].get<double>() < pts[1]["power_w"].get<double>());
  CHECK(pts[1]["power_w"].get<double>() < pts[2]["power_w"].get<double>());
  CHECK(pts[2]["power_w"].get<double>() < pts[3]["power_w"].get<double>());
  CHECK(pts[1]["j_per_inference"].get<double>() > pts[3]["j_per_inference"].get<double>());
  double load = pts[2]["load_pct"].get<double>(), dyn = pts[2]["dynamic_pct"].get<double>();
  CHECK(dyn == doctest::Approx(load).epsilon(0.1));
  CHECK(s["load_curves"][0]["warnings"].empty());
  CHECK(r.out.find("Load curve: idle to full") != std::string::npos);
  CHECK(wb::test::slurp(out / "summary.md").find("## Load curve: idle to full") != std::string::npos);
  auto html = wb::test::slurp(out / "report.html");
  CHECK(html.find("data-plot=\"load-curve-0\"") != std::string::npos);
  CHECK(html.find("achieved FPS") != std::string::npos);
  fs::remove_all(out);
}

TEST_CASE("paced sweep: a tool that ignores its rate cap is invalid, a card whose power ignores it is flagged") {
  auto out = fresh_dir("paced-ignored");
  auto r = run_config(kConfig, out, {kShort[0], kShort[1], kShort[2], "sim.ignore_rate_cap=1"});
  INFO(r.out);
  auto s = read_json(out / "summary.json");
  auto run = run_of(s, "fps120");
  CHECK(run["status"] == "invalid");
  CHECK(run["reason"].get<std::string>().find("ignored the rate cap") != std::string::npos);
  CHECK(run_of(s, "full")["status"] == "ok");
  CHECK(r.out.find("ignored the rate cap") != std::string::npos);
  fs::remove_all(out);

  auto out2 = fresh_dir("paced-keeps-power");
  auto r2 = run_config(kConfig, out2, {kShort[0], kShort[1], kShort[2], "sim.rate_cap_keeps_power=1"});
  INFO(r2.out);
  REQUIRE(r2.exit_code == 0);
  auto s2 = read_json(out2 / "summary.json");
  CHECK(run_of(s2, "fps120")["status"] == "ok");
  const auto& warnings = s2["load_curves"][0]["warnings"];
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0].get<std::string>().find("power did not drop") != std::string::npos);
  CHECK(r2.out.find("power did not drop") != std::string::npos);
  CHECK(wb::test::slurp(out2 / "summary.md").find("power did not drop") != std::string::npos);
  CHECK(wb::test::slurp(out2 / "report.html").find("power did not drop") != std::string::npos);
  fs::remove_all(out2);
}
