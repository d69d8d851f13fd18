// Device health end to end on a simulated DeepX M1 that wedges after two runs
// (configs/sim/deepx-m1-health.yaml): the run the wedge breaks fails with the tool's reason and
// the driver's kernel line, the health check before the next run finds the card lost after the
// recovery command, the remaining runs are skipped (device-lost, exit 3); sentinel readings are
// counted and kept out of the figures; and all of it shows in summary.json, the terminal,
// summary.md and report.html, also after `wattbench report` recomputes the folder.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include "e2e_support.hpp"

#include "harness/util/read_text.hpp"

using namespace wb::e2e;
using wb::read_text_file;

namespace {
bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }
}  // namespace

TEST_CASE(
    "device health: a card that wedges mid-matrix is DEVICE LOST and its remaining runs are skipped, kernel findings "
    "and sentinels in every report") {
  auto out = fresh_dir("health");
  auto r = wattbench({"run", "configs/sim/deepx-m1-health.yaml", "--output", out.string()});
  INFO(r.out);
  CHECK(r.exit_code == 3);
  auto summary = read_json(out / "summary.json");
  auto runs = summary["variants"][0]["runs"];
  REQUIRE(runs.size() == 5);
  for (int i : {0, 1}) {
    CHECK(runs[i]["status"] == "ok");
    // Sentinels flagged, not averaged: the hwmon driver's 0 W and dxrt-cli's 65262 'C.
    std::string channels;
    for (const auto& c : runs[i]["health"]["sentinels"]) channels += c["channel"].get<std::string>() + " ";
    CHECK(has(channels, "m2_3v3.power_w"));
    CHECK(has(channels, "npu."));
    for (const auto& t : runs[i]["temps"]) CHECK(t["max_c"].get<double>() < 150);
    auto truth = read_json(out / runs[i]["dir"].get<std::string>() / "sim-truth.json");
    CHECK(runs[i]["fps_per_w"].get<double>() == doctest::Approx(truth["fps_per_w"].get<double>()).epsilon(0.01));
    // Every run's corrected AER error, from the fake driver's kernel log.
    CHECK(runs[i]["health"]["kernel"]["captured"] == true);
    CHECK(runs[i]["health"]["kernel"]["findings"][0]["label"] == "PCIe AER");
    CHECK(runs[i]["health"]["commands"][0]["role"] == "check");
    CHECK(runs[i]["health"]["commands"][0]["ok"] == true);
  }
  // Run 3: the card wedges as the tool opens it.
  CHECK(runs[2]["status"] == "failed");
  CHECK(has(runs[2]["reason"], "Connection timed out"));
  std::string labels;
  for (const auto& f : runs[2]["health"]["kernel"]["findings"]) labels += f["label"].get<std::string>() + " ";
  CHECK(has(labels, "dxrt"));
  CHECK(has(read_text_file(out / runs[2]["dir"].get<std::string>() / "kernel.log"), "response timeout"));
  REQUIRE(runs[2]["health"]["commands"].size() == 2);
  CHECK(runs[2]["health"]["commands"][1]["role"] == "recover-after-failure");
  CHECK(runs[2]["health"]["commands"][1]["ok"] == false);
  // Run 4: lost; run 5: skipped for it.
  CHECK(runs[3]["status"] == "device-lost");
  CHECK(has(runs[3]["reason"], "health check failed after the recovery command"));
  CHECK(runs[3]["health"]["device_lost"] == true);
  CHECK(runs[3]["health"]["commands"].size() == 3);
  CHECK(runs[4]["status"] == "device-lost");
  CHECK(has(runs[4]["reason"], "skipped"));
  CHECK(runs[4]["health"]["commands"].empty());
  CHECK_FALSE(fs::exists(out / runs[4]["dir"].get<std::string>() / "tool.stdout.log"));  // never started

  auto check_reports = [&](const std::string& terminal) {
    for (const std::string& text :
         {terminal, read_text_file(out / "summary.md"), read_text_file(out / "report.html")}) {
      CHECK(has(text, "Device health"));
      CHECK(has(text, "DEVICE LOST"));
      CHECK(has(text, "kernel: dxrt"));
      CHECK(has(text, "kernel: PCIe AER"));
      CHECK(has(text, "sentinel reading(s)"));
      CHECK(has(text, "recover-after-failure"));
    }
  };
  check_reports(r.out);
  // Recomputed from the run folders: the same verdicts.
  auto rep = wattbench({"report", out.string()});
  INFO(rep.out);
  auto again = read_json(out / "summary.json")["variants"][0]["runs"];
  REQUIRE(again.size() == 5);
  CHECK(again[3]["status"] == "device-lost");
  CHECK(again[4]["status"] == "device-lost");
  CHECK(again[2]["health"]["kernel"]["findings_total"].get<int>() >= 1);
  check_reports(rep.out);
  fs::remove_all(out);
}

TEST_CASE("device health in a campaign: the wedged card's remaining runs are skipped, the other card goes on, exit 3") {
  auto out = fresh_dir("health-campaign");
  auto r = wattbench({"campaign", "configs/campaigns/two-card-health-sim.yaml", "--output", out.string()});
  INFO(r.out);
  CHECK(r.exit_code == 3);
  auto summary = read_json(out / "summary.json");
  std::map<std::string, std::vector<std::string>> statuses;  // card -> statuses in run order
  for (const auto& v : summary["variants"])
    for (const auto& run : v["runs"]) statuses[v["params"]["card"].get<std::string>()].push_back(run["status"]);
  CHECK(statuses["m1-b"] == std::vector<std::string>{"ok", "ok", "ok"});
  // m1-a: wedged at its first run, found lost before its second, skipped at its third.
  CHECK(statuses["m1-a"] == std::vector<std::string>{"failed", "device-lost", "device-lost"});
  CHECK(has(r.out, "card m1-a: health check failed"));
  CHECK(has(read_text_file(out / "report.html"), "DEVICE LOST"));
  fs::remove_all(out);
}

TEST_CASE("device health: a card that hangs is killed at the timeout, recovered, and measured again") {
  auto out = fresh_dir("health-hang");
  auto r = wattbench({"run", "configs/sim/deepx-m1-health.yaml", "--output", out.string(), "--set", "repeat=3", "--set",
                      "sim.wedge_after_runs=1", "--set", "sim.wedge_mode=hang", "--set", "sim.wedge_recoverable=1",
                      "--set", "benchmark.timeout_s=5"});
  INFO(r.out);
  CHECK(r.exit_code == 1);  // a failed run, no device lost
  auto runs = read_json(out / "summary.json")["variants"][0]["runs"];
  REQUIRE(runs.size() == 3);
  CHECK(runs[0]["status"] == "ok");
  CHECK(runs[1]["status"] == "failed");
  CHECK(runs[1]["timed_out"] == true);
  CHECK(runs[1]["health"]["commands"].back()["role"] == "recover-after-failure");
  CHECK(runs[1]["health"]["commands"].back()["ok"] == true);
  CHECK(runs[2]["status"] == "ok");
  CHECK(has(r.out, "recover-after-failure"));
  fs::remove_all(out);
}
