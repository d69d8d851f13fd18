// End to end through the REAL libftdi1 + libusb transport: `wattbench run` as a user runs it,
// its INA228 probe on `transport: ftdi`, under wattbench-ft232h-emulator whose FT232H carries
// an INA228 fed by the run's own simulated rail (--watch on the results folder). The measured
// FPS/W must be within 1 % of the simulator's truth; the same run without the rail (a constant
// rail instead) must miss it, and a board with another serial must fail the run, so the test
// can fail.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "e2e_support.hpp"
#include "file_text.hpp"
#include "harness/trace/trace_csv.hpp"

using namespace wb::e2e;
namespace fs = std::filesystem;

namespace {
const std::string kConfig = "tests/usb/deepx-m1-ftdi.yaml";

// watch: the chip follows the run's simulated rail; otherwise the emulator's constant rail.
// extra: emulator options; run_args: more `wattbench run` arguments.
CliResult run_under_emulator(const std::string& serial, const fs::path& out, bool watch,
                             std::vector<std::string> extra = {}, std::vector<std::string> run_args = {}) {
  std::vector<std::string> args{"--device", serial + "=ina228:0x40"};
  if (watch) args.insert(args.end(), {"--watch", out.string()});
  args.insert(args.end(), extra.begin(), extra.end());
  args.insert(args.end(), {"--", WB_WATTBENCH, "run", kConfig, "--output", out.string()});
  args.insert(args.end(), run_args.begin(), run_args.end());
  return run_cli(WB_FT232H_EMULATOR, args);
}
}  // namespace

TEST_CASE("wattbench run on transport ftdi through the emulated FT232H: FPS/W within 1 % of the simulator's truth") {
  auto out = fresh_dir("usb-deepx");
  auto r = run_under_emulator("FT000001", out, true);
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  auto summary = read_json(out / "summary.json");
  // The probe really went through libftdi: its recorded settings say so.
  REQUIRE(summary["probes"].size() == 1);
  CHECK(summary["probes"][0]["transport"] == "ftdi");
  const auto& run = summary["variants"][0]["runs"][0];
  REQUIRE(run["status"] == "ok");
  auto truth = read_json(out / run["dir"].get<std::string>() / "sim-truth.json");
  double measured = run["fps_per_w"], true_eff = truth["fps_per_w"];
  MESSAGE("transport ftdi: measured FPS/W " << measured << ", truth " << true_eff << ", sample rate "
                                            << run["sample_rate_hz"] << " Hz, energy " << run["energy_method"]);
  CHECK(measured == doctest::Approx(true_eff).epsilon(0.01));
  CHECK(run["power_w"].get<double>() == doctest::Approx(truth["mean_power_w"].get<double>()).epsilon(0.01));
  CHECK(run["sample_rate_hz"].get<double>() > 100);
  fs::remove_all(out);
}

TEST_CASE("transport ftdi controls: a constant rail misses the truth, another board's serial fails the run") {
  // Without --watch the chip senses a constant 3.3 V 1.2 A rail, not the card's (~4.7 W active).
  auto out = fresh_dir("usb-constant");
  auto r = run_under_emulator("FT000001", out, false, {"--rail", "3.3:1.2"});
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  const auto run = read_json(out / "summary.json")["variants"][0]["runs"][0];
  REQUIRE(run["status"] == "ok");
  auto truth = read_json(out / run["dir"].get<std::string>() / "sim-truth.json");
  double error = std::abs(run["fps_per_w"].get<double>() / truth["fps_per_w"].get<double>() - 1);
  MESSAGE("constant rail: FPS/W error " << error * 100 << " %");
  CHECK(error > 0.05);
  CHECK(run["power_w"].get<double>() == doctest::Approx(3.3 * 1.2).epsilon(0.01));
  fs::remove_all(out);

  auto other = fresh_dir("usb-other-serial");
  auto bad = run_under_emulator("FT000002", other, true);
  INFO(bad.out);
  CHECK(bad.exit_code != 0);
  CHECK(bad.out.find("FT000001") != std::string::npos);         // the URL the config names
  CHECK(bad.out.find("serial FT000002") != std::string::npos);  // the board that is attached
  fs::remove_all(other);
}

TEST_CASE("FT232H unplugged mid-run on transport ftdi: libusb reports it gone, the probe reopens after the replug") {
  // 2.0 s after the tool's first phase mark (load 1 s, warm-up, then the 2 s timed loop) for 0.5 s.
  auto out = fresh_dir("usb-unplug");
  auto r =
      run_under_emulator("FT000001", out, true, {"--unplug", "FT000001:2.0:0.5"}, {"--set", "validity.max_gap_pct=45"});
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  auto summary = read_json(out / "summary.json");
  CHECK(summary["probes"][0]["transport"] == "ftdi");
  const auto& run = summary["variants"][0]["runs"][0];
  REQUIRE(run["status"] == "ok");
  CHECK(run["degraded"] == true);
  CHECK(run["degraded_reason"].get<std::string>().find("without valid samples") != std::string::npos);
  CHECK(run["energy_method"] == "trapezoid");  // the INA228 lost power with the board: its accumulator restarted
  auto trace = wb::read_trace_csv(out / run["dir"].get<std::string>() / "power-m2_3v3.csv");
  std::size_t errors = 0, gone = 0, absent = 0, restarts = 0, after = 0;
  double restart_t = -1;
  for (const auto& s : trace.samples) {
    if (s.flags & wb::kFlagReadError) {
      ++errors;
      gone += s.error.find("failed") != std::string::npos && s.error.find("unplugged?") != std::string::npos;
      absent += s.error.find("no FTDI device is attached") != std::string::npos;  // re-enumeration without the board
    }
    if (s.flags & wb::kFlagRestart) {
      ++restarts;
      restart_t = s.t_s;
    }
  }
  for (const auto& s : trace.samples) after += !(s.flags & wb::kFlagReadError) && restart_t >= 0 && s.t_s > restart_t;
  CHECK(gone >= 1);
  CHECK(absent >= 1);
  CHECK(errors < 30);  // backoff, not a busy loop
  CHECK(restarts == 1);
  CHECK(after > 100);
  auto truth = read_json(out / run["dir"].get<std::string>() / "sim-truth.json");
  CHECK(run["fps_per_w"].get<double>() == doctest::Approx(truth["fps_per_w"].get<double>()).epsilon(0.02));
  fs::remove_all(out);
}

namespace {
// Any emulator set-up: `emulator` are its options before `--`, `config` the run's config.
CliResult run_emulated(const std::vector<std::string>& emulator, const std::string& config, const fs::path& out,
                       std::vector<std::string> run_args = {}) {
  std::vector<std::string> args = emulator;
  args.insert(args.end(), {"--watch", out.string(), "--", WB_WATTBENCH, "run", config, "--output", out.string()});
  args.insert(args.end(), run_args.begin(), run_args.end());
  return run_cli(WB_FT232H_EMULATOR, args);
}
}  // namespace

TEST_CASE("four INA228s on one FT232H through libftdi: one shared port, every chip read at the configured rate") {
  // Before issue 15 the second probe's libftdi context failed to claim the FT232H's one
  // interface (ftdi_usb_open_dev -5), reported as a permission problem.
  auto out = fresh_dir("usb-four");
  auto o = ok_run(run_emulated({"--device", "FT000001=ina228:0x40,ina228:0x41,ina228:0x44,ina228:0x45"},
                               "tests/usb/four-ina228-ftdi.yaml", out),
                  out);
  const auto &run = o.run, &truth = o.truth;
  REQUIRE(run["probes"].size() == 4);
  for (const auto& p : run["probes"]) {
    CAPTURE(p["probe"]);
    // Every chip senses the same simulated rail: each probe's energy is the truth's.
    CHECK(p["energy_j"].get<double>() == doctest::Approx(truth["energy_j"].get<double>()).epsilon(0.01));
    // Four separate ~3 ms emulated round trips per tick could not keep 200 Hz; one shared round can.
    MESSAGE(p["probe"].get<std::string>() << ": " << p["sample_rate_hz"] << " Hz");
    CHECK(p["sample_rate_hz"].get<double>() > 100);
  }
  fs::remove_all(out);
}

TEST_CASE(
    "INA228 power-on reset mid-run on transport ftdi: detected, re-initialised, said, energy within 1 % of truth") {
  auto out = fresh_dir("usb-por");
  // 2.6 s after the tool's first mark lands in the 2 s timed loop (after 1 s load and the warm-up).
  auto o = ok_run(run_emulated({"--device", "FT000001=ina228:0x40", "--power-loss", "FT000001:0x40:2.6:0.05"},
                               "tests/usb/deepx-m1-ftdi.yaml", out),
                  out);
  const auto &run = o.run, &truth = o.truth;
  CHECK(run["energy_j"].get<double>() == doctest::Approx(truth["energy_j"].get<double>()).epsilon(0.01));
  CHECK(run["fps_per_w"].get<double>() == doctest::Approx(truth["fps_per_w"].get<double>()).epsilon(0.01));
  std::string said;
  for (const auto& w : run["warnings"]) said += w.get<std::string>() + "\n";
  CHECK(said.find("re-initialised") != std::string::npos);
  CHECK(said.find("inside the window") != std::string::npos);
  CHECK(run["energy_method"] == "trapezoid");
  fs::remove_all(out);
}

TEST_CASE("a probe at an address where no INA228 answers fails the run naming the address, before any measurement") {
  auto out = fresh_dir("usb-nack");
  auto r = run_emulated({"--device", "FT000001=ina228:0x40"}, "tests/usb/deepx-m1-ftdi.yaml", out,
                        {"--set", "probes.0.address=0x44"});
  INFO(r.out);
  CHECK(r.exit_code != 0);
  CHECK(r.out.find("0x44") != std::string::npos);
  CHECK(r.out.find("did not answer") != std::string::npos);
  fs::remove_all(out);
}

TEST_CASE("two FT232H adapters: chosen by pyftdi's 1-based index and by serial, each probe on its own chip") {
  auto out = fresh_dir("usb-two");
  // Must finish ok: a 0-based index opened FTBBBB, where nothing answers at 0x40.
  auto o = ok_run(run_emulated({"--device", "FTAAAA=ina228:0x40", "--device", "FTBBBB=ina228:0x41"},
                               "tests/usb/two-adapters-ftdi.yaml", out),
                  out);
  const auto& run = o.run;
  REQUIRE(run["probes"].size() == 2);
  for (const auto& p : run["probes"]) CHECK(p["samples"].get<int>() > 100);
  // Index 2 is the second adapter (FTBBBB, chip at 0x41); without an index or serial, two
  // attached adapters are refused rather than one picked.
  auto second = fresh_dir("usb-two-index");
  auto by_index =
      run_emulated({"--device", "FTAAAA=ina228:0x40", "--device", "FTBBBB=ina228:0x41"}, "tests/usb/deepx-m1-ftdi.yaml",
                   second, {"--set", "probes.0.device=ftdi://ftdi:232h:2/1", "--set", "probes.0.address=0x41"});
  INFO(by_index.out);
  CHECK(by_index.exit_code == 0);
  auto ambiguous =
      run_emulated({"--device", "FTAAAA=ina228:0x40", "--device", "FTBBBB=ina228:0x41"}, "tests/usb/deepx-m1-ftdi.yaml",
                   fresh_dir("usb-two-none"), {"--set", "probes.0.device=ftdi://ftdi:232h/1"});
  INFO(ambiguous.out);
  CHECK(ambiguous.exit_code != 0);
  CHECK(ambiguous.out.find("2 devices match") != std::string::npos);
  fs::remove_all(out);
  fs::remove_all(second);
  fs::remove_all(fresh_dir("usb-two-none"));
}

TEST_CASE(
    "wattbench init on an emulated FT232H with two INA228s and a fake sysfs: the config it writes validates and runs") {
  auto root = fresh_dir("usb-init");
  fs::create_directories(root / "sys");
  fs::create_directories(root / "bin");
  // The vendor tool on PATH under its real name: the fake dxbenchmark.
  fs::create_symlink(fs::path(WB_WATTBENCH).parent_path() / "sim-dxbenchmark", root / "bin/dxbenchmark");
  std::string old_path = std::getenv("PATH") ? std::getenv("PATH") : "";
  ::setenv("PATH", ((root / "bin").string() + ":" + old_path).c_str(), 1);
  fs::path cfg = root / "bench.yaml";
  std::vector<std::string> emulator{"--device", "FT000009=ina228:0x40,ina228:0x41", "--"};
  auto with = [&](std::vector<std::string> cmd) {
    auto args = emulator;
    args.insert(args.end(), cmd.begin(), cmd.end());
    return run_cli(WB_FT232H_EMULATOR, args);
  };
  auto init = with({WB_WATTBENCH, "init", "--output", cfg.string(), "--sysfs-root", (root / "sys").string()});
  INFO(init.out);
  REQUIRE(init.exit_code == 0);
  CHECK(init.out.find("ina228@0x40 ina228@0x41") != std::string::npos);
  auto yaml = wb::test::slurp(cfg);
  CHECK(yaml.find("device: ftdi://ftdi:232h:FT000009/1") != std::string::npos);
  CHECK(yaml.find("address: 0x41") != std::string::npos);
  CHECK(yaml.find("tool: dxbenchmark") != std::string::npos);
  CHECK(wattbench({"validate", cfg.string()}).exit_code == 0);
  auto out = root / "result";
  auto run = with({WB_WATTBENCH, "run", cfg.string(), "--output", out.string(), "--set", "repeat=1", "--set",
                   "phases.idle_s=1", "--set", "benchmark.args.time_s=2", "--set",
                   "benchmark.args.dir=" + (fs::path(WB_SOURCE_DIR) / "configs/models/deepx").string()});
  ::setenv("PATH", old_path.c_str(), 1);
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  auto summary = read_json(out / "summary.json");
  const auto& r = summary["variants"][0]["runs"][0];
  CHECK(r["status"] == "ok");
  CHECK(r["probes"].size() == 2);
  CHECK(r["power_w"].get<double>() > 0);
  fs::remove_all(root);
}
