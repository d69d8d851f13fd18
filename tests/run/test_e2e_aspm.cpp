// ASPM as a setting and sweep axis on the simulated DeepX M1 (configs/sim/deepx-m1-aspm-sweep.yaml):
// each variant's state set through the fake sysfs, read back from the Link Control register and
// recorded; the idle follows it; the firmware's state comes back; a refused write stops the run.
#include <doctest/doctest.h>

#include <cmath>

#include "harness/config/config.hpp"
#include "harness/pci/aspm_setting.hpp"
#include "tests/e2e_support.hpp"
#include "tests/file_text.hpp"

using namespace wb::e2e;

namespace {
const char* kConfig = "configs/sim/deepx-m1-aspm-sweep.yaml";
const char* kBdf = "0000:01:00.0";

nlohmann::json variant_of(const nlohmann::json& summary, const std::string& id) {
  for (const auto& v : summary["variants"])
    if (v["id"] == id) return v;
  FAIL("no variant " << id);
  return {};
}
}  // namespace

TEST_CASE(
    "aspm sweep: L1 and off set through sysfs, read back, idle as the simulated card draws, the old state restored") {
  auto cfg = wb::load_config(fs::path(WB_SOURCE_DIR) / kConfig);
  const auto& sim = *cfg.sim;
  // The simulator's truth for each state, and its tolerance: the ADC noise over the idle
  // samples averages out, so a few times the per-sample noise bounds the mean's error.
  const double noise = sim.value("adc_noise_pct", 0.5) / 100, tol = 3 * noise;
  const std::map<std::string, double> truth{{"l1", sim["idle_w"].get<double>()},
                                            {"off", sim["idle_aspm_off_w"].get<double>()}};
  const std::string initial = sim["aspm_initial"];
  auto out = fresh_dir("aspm-sweep");
  auto r = wattbench({"run", kConfig, "--output", out.string()});
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  auto s = read_json(out / "summary.json");
  auto env = read_json(out / "environment.json");
  for (const auto& [id, watts] : truth) {
    CAPTURE(id);
    auto v = variant_of(s, id);
    const auto& run = v["runs"][0];
    REQUIRE(run["status"] == "ok");
    CHECK(run["aspm"]["requested"] == id);
    CHECK(run["aspm"]["state"] == id);  // read back from the register, not the config's word
    CHECK(v["identity"]["aspm"]["state"] == id);
    CHECK(env["aspm"]["variants"][id]["state"] == id);
    CHECK(env["aspm"]["variants"][id]["before"] == initial);
    double idle = run["idle_power_w"].get<double>();
    CHECK(std::abs(idle / watts - 1) < tol);
    auto rec = read_json(out / run["dir"].get<std::string>() / "aspm.json");
    CHECK(rec["before"] == initial);
    CHECK(rec["restore_error"].is_null());
  }
  // The link block describes the simulated card's fake sysfs, not the host's device at that address.
  CHECK(env["pcie"]["simulated"] == true);
  CHECK(env["pcie"]["address"] == kBdf);
  CHECK(env["pcie"]["current_link_width"] == "4");
  // The states differ by what the card draws, beyond the tolerance.
  CHECK(variant_of(s, "off")["runs"][0]["idle_power_w"].get<double>() >
        variant_of(s, "l1")["runs"][0]["idle_power_w"].get<double>() * (1 + 2 * tol));
  // After the runs the link is as the firmware left it.
  auto after = wb::read_link_aspm(out / "sim-sysfs/card", kBdf);
  REQUIRE(after.aspm_bits);
  CHECK(wb::aspm_state_name(*after.aspm_bits) == initial);
  CHECK(wb::test::slurp(out / "sim-sysfs/card/sys/bus/pci/devices" / kBdf / "link/l1_aspm").find('1') == 0);
  // The terminal and markdown show the read-back state.
  CHECK(wb::test::slurp(out / "summary.md").find("ASPM") != std::string::npos);
  fs::remove_all(out);
}

TEST_CASE("aspm refused: firmware that kept ASPM control makes the kernel refuse, the run stops before measuring") {
  auto out = fresh_dir("aspm-denied");
  auto r = wattbench({"run", kConfig, "--output", out.string(), "--set", "sim.aspm_os_control=0"});
  INFO(r.out);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("device.aspm") != std::string::npos);
  CHECK(r.out.find("EPERM") != std::string::npos);
  CHECK(r.out.find("pcie_aspm/parameters/policy") != std::string::npos);
  CHECK(r.out.find("BIOS") != std::string::npos);
  CHECK(r.out.find("nothing was run") != std::string::npos);
  CHECK_FALSE(fs::exists(out / "summary.json"));
  CHECK_FALSE(fs::exists(out / "l1"));
  // The link is untouched.
  auto after = wb::read_link_aspm(out / "sim-sysfs/card", kBdf);
  REQUIRE(after.aspm_bits);
  CHECK(wb::aspm_state_name(*after.aspm_bits) == "l0s-l1");
  fs::remove_all(out);
}

TEST_CASE(
    "aspm campaign axis: the idle table and figure have a row per card and read-back state, each as the card draws") {
  auto out = fresh_dir("aspm-campaign");
  auto r =
      wattbench({"campaign", "configs/campaigns/aspm-idle-sim.yaml", "--output", out.string(), "--set", "pause_s=0.1",
                 "--set", "set=[phases.idle_s=1.5, phases.idle_after_s=0.5, benchmark.args.time_s=2]"});
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  auto s = read_json(out / "summary.json");
  REQUIRE(s["variants"].size() == 4);
  auto md = wb::test::slurp(out / "campaign.md");
  auto csv = wb::test::slurp(out / "figures/idle_power_w.csv");
  for (const auto& [card, file] : {std::pair<std::string, std::string>{"hailo8", "configs/sim/hailo8-resnet50.yaml"},
                                   {"deepx-m1", "configs/sim/deepx-m1-resnet50.yaml"}}) {
    auto sim = *wb::load_config(fs::path(WB_SOURCE_DIR) / file).sim;
    const double tol = 3 * sim.value("adc_noise_pct", 0.5) / 100;
    for (const auto& [state, key] : {std::pair<std::string, std::string>{"l1", "idle_w"}, {"off", "idle_aspm_off_w"}}) {
      CAPTURE(card);
      CAPTURE(state);
      auto v = variant_of(s, "resnet50." + card + ".aspm-" + state);
      CHECK(v["params"]["aspm"] == state);
      CHECK(v["identity"]["aspm"]["state"] == state);
      double idle = v["runs"][0]["idle_power_w"].get<double>();
      CHECK(std::abs(idle / sim[key].get<double>() - 1) < tol);
    }
  }
  // campaign.md's idle table: a row per card × state, the state as read back.
  auto idle_at = md.find("Idle power");
  REQUIRE(idle_at != std::string::npos);
  auto table = md.substr(idle_at, md.find("\n\n", md.find("| Card", idle_at)) - idle_at);
  CHECK(table.find("ASPM (read back)") != std::string::npos);
  std::size_t rows = 0;
  for (std::size_t at = table.find("\n| "); at != std::string::npos; at = table.find("\n| ", at + 1)) ++rows;
  CHECK(rows == 1 + 4);  // the header row and a row per card × state (the separator starts "|-")
  CHECK(table.find("| L1 |") != std::string::npos);
  CHECK(table.find("| off |") != std::string::npos);
  // The idle figure's data groups by state.
  CHECK(csv.find("ASPM L1") != std::string::npos);
  CHECK(csv.find("ASPM off") != std::string::npos);
  CHECK(wb::test::slurp(out / "figures/idle_power_w.svg").find("ASPM off") != std::string::npos);
  // compare over the folder says the same as environment.json.
  auto env = read_json(out / "environment.json");
  CHECK(env["aspm"]["variants"]["resnet50.deepx-m1.aspm-off"]["state"] == "off");
  auto c = wattbench({"compare", out.string()});
  CHECK(c.out.find("host policy") == std::string::npos);
  fs::remove_all(out);
}

TEST_CASE("aspm restored after a failed run: the card fails to open, the link is as the firmware left it") {
  auto out = fresh_dir("aspm-failed-run");
  auto r = wattbench({"run", kConfig, "--output", out.string(), "--set", "sim.wedge_after_runs=0", "--set",
                      "matrix.axes.aspm={off: {device.aspm: \"off\"}}"});
  INFO(r.out);
  CHECK(r.exit_code == 1);
  auto s = read_json(out / "summary.json");
  const auto& run = s["variants"][0]["runs"][0];
  CHECK(run["status"] == "failed");
  CHECK(run["aspm"]["state"] == "off");  // the failed run still says what its link was in
  auto rec = read_json(out / run["dir"].get<std::string>() / "aspm.json");
  CHECK(rec["restore_error"].is_null());
  auto after = wb::read_link_aspm(out / "sim-sysfs/card", kBdf);
  REQUIRE(after.aspm_bits);
  CHECK(wb::aspm_state_name(*after.aspm_bits) == "l0s-l1");
  fs::remove_all(out);
}
