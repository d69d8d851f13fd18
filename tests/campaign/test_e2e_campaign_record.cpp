// End to end: campaigns that know what they measured and survive the night. Each variant has
// its own identity (card, model, tool) from its card config; names from files never become
// paths; only a model refusal is a result (a device failure fails the campaign and recovers the
// card); a campaign killed after its first run says so and resumes without repeating it; the
// folder is the record (report re-analyses from its copies); campaign and catalog files get
// the run configs' guards, and every card is checked before the first run.
#include <doctest/doctest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <fcntl.h>
#include <fmt/format.h>

#include <chrono>
#include <map>
#include <thread>

#include "e2e_support.hpp"
#include "file_text.hpp"

using namespace wb::e2e;

extern char** environ;

namespace {
bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

fs::path source(const std::string& rel) { return fs::path(WB_SOURCE_DIR) / rel; }

// A campaign folder of its own: the campaign file (absolute paths), copies of the card configs
// named, and the repository's catalog unless `catalog` is given.
struct CampaignFiles {
  fs::path dir, file;
};
CampaignFiles campaign_files(const std::string& name, const std::string& cards_yaml, const std::string& models,
                             const std::string& extra = "", const std::string& catalog = "") {
  CampaignFiles c;
  c.dir = fresh_dir(name + "-in");
  fs::create_directories(c.dir);
  for (const char* card : {"hailo8-resnet50", "deepx-m1-resnet50", "mx3-resnet50", "metis-resnet50"})
    fs::copy_file(source(std::string("configs/sim/") + card + ".yaml"), c.dir / (std::string(card) + ".yaml"));
  std::string cat = catalog.empty() ? source("configs/models/catalog.yaml").string() : catalog;
  c.file = c.dir / "campaign.yaml";
  std::ofstream(c.file)
      << "name: " << name << "\ncatalog: " << cat << "\nmodels: " << models << "\ncards:\n"
      << cards_yaml << "repeat: 1\norder: interleaved\npause_s: 0\n"
      << "set: [repeat=1, phases.settle_s=0.2, phases.idle_s=0.5, phases.idle_after_s=0.3, phases.tail_s=0.2]\n"
      << extra;
  return c;
}

const char* kTwoCards =
    "  - {name: hailo8, config: hailo8-resnet50.yaml, set: [benchmark.args.time_s=2]}\n"
    "  - {name: deepx-m1, config: deepx-m1-resnet50.yaml, set: [benchmark.args.time_s=2]}\n";

std::map<std::string, double> fps_per_w_by_variant(const nlohmann::json& summary) {
  std::map<std::string, double> m;
  for (const auto& v : summary["variants"])
    for (const auto& r : v["runs"])
      if (r["status"] == "ok") m[v["id"].get<std::string>()] = r["fps_per_w"].get<double>();
  return m;
}
}  // namespace

TEST_CASE("campaign identity: every variant names its own card, model and tool, in every output") {
  auto out = fresh_dir("campaign-identity");
  auto r =
      wattbench({"campaign", "configs/campaigns/four-card-resnet50-sim.yaml", "--output", out.string(), "--set",
                 "pause_s=0", "--set", "models=[resnet50]", "--set",
                 "set=[repeat=1, phases.settle_s=0.2, phases.idle_s=0.5, phases.idle_after_s=0.3]", "--set",
                 "cards.0.set=[benchmark.args.time_s=2]", "--set", "cards.1.set=[benchmark.args.frames=3000]", "--set",
                 "cards.2.set=[benchmark.args.time_s=2]", "--set", "cards.3.set=[benchmark.args.frames=2000]"});
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  auto summary = read_json(out / "summary.json");
  CHECK_FALSE(summary.contains("device"));  // a campaign has no folder-wide card
  REQUIRE(summary["variants"].size() == 4);
  auto campaign = YAML::LoadFile(source("configs/campaigns/four-card-resnet50-sim.yaml").string());
  std::vector<std::string> labels;
  for (const auto& v : summary["variants"]) {
    std::string card = v["params"]["card"];
    CAPTURE(card);
    // The card config this variant came from, read here independently of wattbench.
    YAML::Node card_cfg;
    for (const auto& c : campaign["cards"])
      if (c["name"].as<std::string>() == card)
        card_cfg = YAML::LoadFile(source("configs/campaigns/" + c["config"].as<std::string>()).string());
    REQUIRE(card_cfg.IsMap());
    const auto& id = v["identity"];
    CHECK(id["card"]["id"] == card);
    CHECK(id["card"]["vendor"] == card_cfg["device"]["manufacturer"].as<std::string>());
    CHECK(id["card"]["product"] == card_cfg["device"]["accelerator"].as<std::string>());
    CHECK(id["card"]["form_factor"] == card_cfg["device"]["form_factor"].as<std::string>());
    CHECK(id["tool"]["name"] == card_cfg["benchmark"]["tool"].as<std::string>());
    CHECK(id["model"]["id"] == "resnet50");
    CHECK(id["scope"] == card_cfg["probes"][0]["scope"].as<std::string>());
    CHECK(id["wattbench_version"] == WB_VERSION);
    CHECK_FALSE(id["host"]["kernel"].get<std::string>().empty());
    // The artifact's content hash, where the card loads a file (Axelera names a zoo network).
    if (card != "metis") CHECK(id["model"]["sha256"].get<std::string>().size() == 64);
    labels.push_back(card_cfg["device"]["manufacturer"].as<std::string>() + " " +
                     card_cfg["device"]["accelerator"].as<std::string>());
  }
  auto md = wb::test::slurp(out / "summary.md");
  auto html = wb::test::slurp(out / "report.html");
  for (const auto& l : labels) {
    CAPTURE(l);
    CHECK(has(md, "## " + l));
    CHECK(has(html, l));
  }
  CHECK_FALSE(has(md, "· tool `hailortcli`"));
  for (const char* format : {"md", "csv", "json", "html"}) {
    auto c = wattbench({"compare", out.string(), "--format", format});
    CAPTURE(format);
    CHECK(c.exit_code == 0);
    for (const auto& l : labels) {
      auto product = l.substr(l.find(' ') + 1);
      CHECK(has(c.out, product));
    }
    // Four cards, four idle rows: the MX3's idle is not every card's.
    if (std::string(format) == "md") {
      auto idle = c.out.substr(c.out.find("Idle power"));
      int rows = 0;
      for (const auto& l : labels) rows += has(idle, l.substr(l.find(' ') + 1));
      CHECK(rows == 4);
    }
  }
  fs::remove_all(out);
}

TEST_CASE(
    "campaign record: a catalog model id that is a path is refused, nothing is written outside the results folder") {
  auto victim = fresh_dir("campaign-victim");
  fs::create_directories(victim / "m1");
  std::ofstream(victim / "m1" / "keep.txt") << "precious";
  auto catalog = fresh_dir("campaign-evil-catalog");
  fs::create_directories(catalog);
  std::string evil = "../" + victim.filename().string() + "/m1";
  std::ofstream(catalog / "catalog.yaml")
      << "models:\n  \"" << evil
      << "\":\n    for:\n      hailortcli: {hef: " << source("configs/models/hailo/resnet_v1_50.hef").string() << "}\n";
  auto files = campaign_files("campaign-traversal", "  - {name: hailo8, config: hailo8-resnet50.yaml}\n",
                              "[\"" + evil + "\"]", "", (catalog / "catalog.yaml").string());
  auto out = fresh_dir("campaign-traversal");
  auto r = wattbench({"campaign", files.file.string(), "--output", out.string()});
  INFO(r.out);
  CHECK(r.exit_code == 2);
  CHECK(has(r.out, (catalog / "catalog.yaml").string()));
  CHECK(has(r.out, "model id"));
  CHECK_FALSE(fs::exists(out));
  CHECK(wb::test::slurp(victim / "m1" / "keep.txt") == "precious");
  CHECK(std::distance(fs::directory_iterator(victim / "m1"), fs::directory_iterator()) == 1);
  CHECK(std::distance(fs::directory_iterator(victim), fs::directory_iterator()) == 1);
  // A matrix label that climbs out is refused the same way.
  auto v = wattbench({"validate", "configs/demo.yaml", "--set", "matrix={axes: {x: {'..': {repeat: 1}}}}"});
  CHECK(v.exit_code == 2);
  CHECK(has(v.out, "starts with '.'"));
  for (const auto& d : {victim, catalog, files.dir}) fs::remove_all(d);
}

TEST_CASE("campaign record: a device that fails is a failure of the card, not a refusal: recover runs, exit non-zero") {
  // mx3-crash: acclBench aborts with a device message (no word about the DFP); mx3-gone: a tool
  // that cannot connect to the card. Both are failures; the refused-model case is the other test's.
  auto script = fresh_dir("campaign-fake-accl");
  fs::create_directories(script);
  std::ofstream(script / "acclBench") << "#!/bin/sh\necho 'CANNOT CONNECT TO DEVICE'\nexit 0\n";
  fs::permissions(script / "acclBench", fs::perms::owner_all);
  std::string health = "health={check: [sim-health-check], recover: [sim-health-check, --recover], timeout_s: 5}";
  auto files =
      campaign_files("campaign-device-failure",
                     "  - {name: mx3-crash, config: mx3-resnet50.yaml, set: [\"sim.model_error='PCIe link down: device "
                     "0000:03:00.0 gone'\", \"" +
                         health + "\"]}\n  - {name: mx3-gone, config: mx3-resnet50.yaml, set: [benchmark.executable=" +
                         (script / "acclBench").string() + "]}\n",
                     "[resnet50]");
  auto out = fresh_dir("campaign-device-failure");
  auto r = wattbench({"campaign", files.file.string(), "--output", out.string()});
  INFO(r.out);
  CHECK(r.exit_code == 1);
  auto summary = read_json(out / "summary.json");
  REQUIRE(summary["variants"].size() == 2);
  for (const auto& v : summary["variants"]) {
    const auto& run = v["runs"][0];
    CAPTURE(v["id"].get<std::string>());
    CHECK(run["status"] == "failed");
    CHECK(run["tool_refused"] == false);
  }
  const auto& crash = summary["variants"][0]["runs"][0];
  CHECK(has(crash["reason"], "PCIe link down"));
  std::string roles;
  for (const auto& c : crash["health"]["commands"]) roles += c["role"].get<std::string>() + " ";
  CHECK(has(roles, "recover-after-failure"));
  CHECK(has(summary["variants"][1]["runs"][0]["reason"], "CANNOT CONNECT TO DEVICE"));
  CHECK_FALSE(has(wb::test::slurp(out / "campaign.md"), "refused by the tool"));
  for (const auto& d : {out, script, files.dir}) fs::remove_all(d);
}

TEST_CASE(
    "campaign record: kill -9 after the first run, then --resume: the folder says it did not finish, the resumed one "
    "matches") {
  auto files = campaign_files("campaign-resume", kTwoCards, "[resnet50]");
  auto out = fresh_dir("campaign-resume");
  // Started as a user would, then killed once progress.json lists the first run.
  std::vector<std::string> args{WB_WATTBENCH, "campaign", files.file.string(), "--output", out.string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  REQUIRE(posix_spawn(&pid, WB_WATTBENCH, &fa, nullptr, argv.data(), environ) == 0);
  posix_spawn_file_actions_destroy(&fa);
  bool first_done = false;
  for (int i = 0; i < 1200 && !first_done; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    try {
      first_done =
          fs::exists(out / "progress.json") && read_json(out / "progress.json")["invocations"][0]["runs"].size() == 1;
    } catch (...) {
    }
  }
  REQUIRE(first_done);
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // a tool it started dies with its terminal
  auto rep = wattbench({"report", out.string()});
  INFO(rep.out);
  CHECK(rep.exit_code == 1);
  CHECK(has(rep.out, "did not finish"));
  auto partial = read_json(out / "summary.json");
  CHECK(partial["finished"] == false);
  CHECK(partial["planned_runs"] == 2);
  CHECK(has(wb::test::slurp(out / "summary.md"), "did not finish"));
  // A plain re-run into the folder is refused; --resume continues it.
  auto again = wattbench({"campaign", files.file.string(), "--output", out.string()});
  CHECK(again.exit_code == 2);
  CHECK(has(again.out, "--resume"));
  auto resumed = wattbench({"campaign", files.file.string(), "--resume", out.string()});
  INFO(resumed.out);
  REQUIRE(resumed.exit_code == 0);
  CHECK(has(resumed.out, "1 of 2 run(s) already done"));
  auto summary = read_json(out / "summary.json");
  CHECK(summary["finished"] == true);
  REQUIRE(summary["invocations"].size() == 2);
  CHECK(summary["invocations"][1]["resumed"] == true);
  CHECK(summary["variants"][0]["runs"].size() == 1);
  CHECK(summary["variants"][1]["runs"].size() == 1);
  CHECK(summary["variants"][0]["runs"][0]["invocation"] == 1);
  CHECK(summary["variants"][1]["runs"][0]["invocation"] == 2);
  auto md = wb::test::slurp(out / "campaign.md");
  CHECK(has(md, "Invocation 2 (resumed"));
  CHECK(wattbench({"report", out.string()}).exit_code == 0);
  CHECK(wattbench({"campaign", files.file.string(), "--resume", out.string()}).exit_code == 2);  // nothing left
  // The same campaign uninterrupted: the same figures. Each run is within 1 % of its own truth;
  // the two campaigns' runs differ by the simulated cards' own run-to-run drift on top, so
  // they agree within 2 %.
  auto straight_out = fresh_dir("campaign-straight");
  auto straight = wattbench({"campaign", files.file.string(), "--output", straight_out.string()});
  REQUIRE(straight.exit_code == 0);
  auto straight_summary = read_json(straight_out / "summary.json");
  for (const auto& [dir, s] : {std::pair{out, summary}, std::pair{straight_out, straight_summary}})
    for (const auto& v : s["variants"]) {
      const auto& run = v["runs"][0];
      auto truth = read_json(dir / run["dir"].get<std::string>() / "sim-truth.json");
      CHECK(run["fps_per_w"].get<double>() == doctest::Approx(truth["fps_per_w"].get<double>()).epsilon(0.01));
    }
  auto a = fps_per_w_by_variant(summary), b = fps_per_w_by_variant(straight_summary);
  REQUIRE(a.size() == 2);
  for (const auto& [id, value] : a) CHECK(value == doctest::Approx(b.at(id)).epsilon(0.02));
  for (const auto& d : {out, straight_out, files.dir}) fs::remove_all(d);
}

TEST_CASE(
    "campaign record: resume refuses a card config edited since the start, naming it, report reads the folder's "
    "copies") {
  auto files = campaign_files("campaign-edited", kTwoCards, "[resnet50]");
  auto out = fresh_dir("campaign-edited");
  auto r = wattbench({"campaign", files.file.string(), "--output", out.string()});
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  for (const char* kept :
       {"inputs/campaign.yaml", "inputs/catalog.yaml", "inputs/cards/hailo8.yaml", "inputs/cards/deepx-m1.yaml",
        "resnet50.hailo8/config.yaml", "resnet50.deepx-m1/config.yaml", "resnet50.hailo8/identity.json"})
    CHECK_MESSAGE(fs::exists(out / kept), kept);
  // Edit a card config and move the campaign file away: report relabels nothing and still works.
  std::string hailo = wb::test::slurp(files.dir / "hailo8-resnet50.yaml");
  hailo.replace(hailo.find("accelerator: Hailo-8"), std::string("accelerator: Hailo-8").size(),
                "accelerator: Edited-9");
  std::ofstream(files.dir / "hailo8-resnet50.yaml") << hailo;
  fs::rename(files.file, files.dir / "moved.yaml");
  auto rep = wattbench({"report", out.string()});
  INFO(rep.out);
  CHECK(rep.exit_code == 0);
  auto summary = read_json(out / "summary.json");
  CHECK(summary["variants"][0]["identity"]["card"]["product"] == "Hailo-8");
  CHECK_FALSE(has(wb::test::slurp(out / "summary.md"), "Edited-9"));
  // Resuming with the edited card is refused with the file and line that changed.
  auto progress = read_json(out / "progress.json");
  progress["finished"] = false;
  std::ofstream(out / "progress.json") << progress.dump();
  auto resumed = wattbench({"campaign", (files.dir / "moved.yaml").string(), "--resume", out.string()});
  CHECK(resumed.exit_code == 2);
  CHECK(has(resumed.out, "card config hailo8 changed"));
  CHECK(has(resumed.out, "Edited-9"));
  for (const auto& d : {out, files.dir}) fs::remove_all(d);
}

TEST_CASE(
    "campaign guards: duplicate keys, model ids and models, an alias bomb, and a card invalid late are refused before "
    "any run") {
  auto out = fresh_dir("campaign-guards");
  auto expect_refused = [&](const fs::path& file, const std::vector<std::string>& words) {
    auto r = wattbench({"campaign", file.string(), "--output", out.string(), "--dry-run"});
    INFO(r.out);
    CHECK(r.exit_code == 2);
    for (const auto& w : words) CHECK(has(r.out, w));
    CHECK_FALSE(fs::exists(out));
  };
  // A duplicate key in the campaign file: both lines named.
  auto dup = campaign_files("campaign-dup-key", kTwoCards, "[resnet50]", "repeat: 2\n");
  expect_refused(dup.file, {dup.file.string(), "duplicate key 'repeat'", "first at"});
  // A model listed twice.
  auto twice = campaign_files("campaign-dup-model", kTwoCards, "[resnet50, resnet50]");
  expect_refused(twice.file, {"model 'resnet50' is listed twice"});
  // A duplicate model id in the catalog.
  auto catalog = fresh_dir("campaign-dup-catalog");
  fs::create_directories(catalog);
  std::ofstream(catalog / "catalog.yaml") << "models:\n  resnet50:\n    for: {hailortcli: {hef: a.hef}}\n  resnet50:\n "
                                             "   for: {hailortcli: {hef: b.hef}}\n";
  auto dup_cat = campaign_files("campaign-dup-id", kTwoCards, "[resnet50]", "", (catalog / "catalog.yaml").string());
  expect_refused(dup_cat.file, {(catalog / "catalog.yaml").string(), "duplicate key 'resnet50'"});
  // An alias bomb in the campaign's sim block: refused at its node cap, fast and small.
  std::string bomb = "sim:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 9; ++i)
    bomb += fmt::format("  a{}: &a{} [*a{}, *a{}, *a{}, *a{}, *a{}, *a{}, *a{}, *a{}, *a{}, *a{}]\n", i, i, i - 1,
                        i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
  auto bombed = campaign_files("campaign-bomb", kTwoCards, "[resnet50]", bomb);
  auto t0 = std::chrono::steady_clock::now();
  expect_refused(bombed.file, {"alias"});
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(20));
  // The second card's probe settings are impossible (beyond the INA228's shunt range): found
  // before the first card runs, not when its turn comes.
  auto late = campaign_files("campaign-late-invalid",
                             "  - {name: hailo8, config: hailo8-resnet50.yaml}\n"
                             "  - {name: deepx-m1, config: deepx-m1-resnet50.yaml, set: [probes.0.max_current_a=20]}\n",
                             "[resnet50]");
  auto r = wattbench({"campaign", late.file.string(), "--output", out.string()});
  INFO(r.out);
  CHECK(r.exit_code == 2);
  CHECK(has(r.out, "shunt range"));
  CHECK(has(r.out, "deepx-m1"));
  CHECK_FALSE(fs::exists(out));
  for (const auto& d : {dup.dir, twice.dir, catalog, dup_cat.dir, bombed.dir, late.dir}) fs::remove_all(d);
}
