// Issue 17 end to end: a GPU whose NVML power is a 1 s average and which has no energy
// counter (sim.nvml_energy_counter 0), so the window's energy comes from averaged power.
// Centred readings give FPS/W within the stated edge smear of the bench's truth on a window
// of several averaging periods; a shorter one is warned about, a much shorter one invalid.
// Taken as instantaneous, the same trace is further off. Every report shows the meter and
// the host cost.
#include <doctest/doctest.h>

#include <cmath>

#include "tests/e2e_support.hpp"
#include "tests/file_text.hpp"

using namespace wb::e2e;

namespace {
const char* kConfig = "configs/sim/rtx4060-trtexec-nvml.yaml";
std::vector<std::string> averaged_gpu(const std::string& duration_s) {
  return {"sim.nvml_energy_counter=0", "benchmark.args.duration_s=" + duration_s, "phases.idle_s=1"};
}
bool has_warning(const nlohmann::json& run, const char* text) {
  for (const auto& w : run["warnings"])
    if (w.get<std::string>().find(text) != std::string::npos) return true;
  return false;
}
}  // namespace

TEST_CASE("averaged meter: NVML's 1 s power, centred, gives FPS/W within its stated edge smear of truth") {
  auto out = fresh_dir("averaged-meter");
  auto r = run_config(kConfig, out, averaged_gpu("6"));
  auto o = ok_run(r, out);
  CHECK(o.run["energy_method"] == "trapezoid");
  const auto& meter = o.run["probes"][0]["meter"];
  CHECK(meter["kind"] == "averaged");
  CHECK(meter["window_s"].get<double>() == doctest::Approx(1.0));
  CHECK(meter["basis"].get<std::string>().find("NVML") != std::string::npos);
  REQUIRE(meter["edge_smear_pct"].is_number());
  double smear = meter["edge_smear_pct"].get<double>();
  CHECK(smear > 0);
  // The smear is the error left after centring; 0.5 % more for sampling, mW rounding and ripple.
  double error = o.run["fps_per_w_error_pct"].get<double>();
  INFO("FPS/W error vs truth " << error << " %, stated edge smear " << smear << " %");
  CHECK(std::abs(error) <= smear + 0.5);
  CHECK_FALSE(has_warning(o.run, "averaging periods"));
  // The same trace taken as instantaneous readings (the meter rewritten, `wattbench report`
  // re-analyses the folder): the readings lag by half a window and FPS/W is further off.
  auto naive = fresh_dir("averaged-meter-naive");
  fs::copy(out, naive, fs::copy_options::recursive);
  auto probe_file = naive / o.run["dir"].get<std::string>() / "probe-gpu.json";
  auto probe = read_json(probe_file);
  probe["channels"][0]["meter"] = {{"kind", "instantaneous"}, {"window_s", 0}, {"basis", "taken as instantaneous"}};
  std::ofstream(probe_file) << probe.dump();
  auto rep = wattbench({"report", naive.string()});
  INFO(rep.out);
  auto naive_run = read_json(naive / "summary.json")["variants"][0]["runs"][0];
  REQUIRE(naive_run["fps_per_w_error_pct"].is_number());
  INFO("taken as instantaneous: FPS/W error " << naive_run["fps_per_w_error_pct"].get<double>() << " %");
  CHECK(std::abs(naive_run["fps_per_w_error_pct"].get<double>()) > std::abs(error) + 0.5);
  fs::remove_all(naive);
  // The summary's probe list says what the meter is, as the run found it.
  auto summary = read_json(out / "summary.json");
  CHECK(summary["probes"][0]["meter"]["kind"] == "averaged");
  // Host cost: measured, so numbers (never 0 for unknown).
  REQUIRE(o.run["tool_cpu_s"].is_number());
  CHECK(o.run["tool_cpu_s"].get<double>() > 0);
  CHECK(o.run["tool_cpu_s"].get<double>() ==
        doctest::Approx(o.run["tool_cpu_user_s"].get<double>() + o.run["tool_cpu_sys_s"].get<double>()));
  REQUIRE(o.run["host_cpu_busy_pct"].is_number());
  CHECK(o.run["host_cpu_busy_pct"].get<double>() > 0);
  CHECK(o.run["host_cpu_busy_pct"].get<double>() <= 100);
  CHECK(o.run["host_cpu_cores"].get<int>() >= 1);
  // The terminal, Markdown and HTML show both.
  CHECK(r.out.find("Host cost") != std::string::npos);
  CHECK(r.out.find("gpu: averaged 1.000 s") != std::string::npos);
  auto md = wb::test::slurp(out / "summary.md");
  CHECK(md.find("| Meter | gpu: averaged 1.000 s |") != std::string::npos);
  CHECK(md.find("| Host cost | tool CPU ") != std::string::npos);
  auto html = wb::test::slurp(out / "report.html");
  CHECK(html.find("gpu: averaged 1.000 s") != std::string::npos);
  CHECK(html.find("Host cost") != std::string::npos);
  fs::remove_all(out);
}

TEST_CASE("averaged meter: a window of 3 averaging periods is warned about, one of 1.5 is invalid") {
  auto o = run_once("averaged-meter-short", kConfig, averaged_gpu("3"));
  CHECK(has_warning(o.run, "probe gpu: power_w is a 1 s average; the 3"));
  CHECK(has_warning(o.run, "validity.min_averaging_periods 5"));
  fs::remove_all(o.out);

  auto out = fresh_dir("averaged-meter-shorter");
  auto r = run_config(kConfig, out, averaged_gpu("1.5"));
  INFO(r.out);
  auto run = read_json(out / "summary.json")["variants"][0]["runs"][0];
  CHECK(run["status"] == "invalid");
  CHECK(run["reason"].get<std::string>().find("validity.invalid_averaging_periods 2") != std::string::npos);
  fs::remove_all(out);
}
