// Campaigns: the catalog's per-card arguments, models × cards as variants, the pairs the
// catalog has nothing for, errors that name the file and key, and the article's tables.
#include <doctest/doctest.h>
#include <unistd.h>

#include <fstream>

#include "harness/campaign/campaign.hpp"
#include "harness/campaign/campaign_report.hpp"
#include "harness/config/config_error.hpp"

using namespace wb;
namespace fs = std::filesystem;

namespace {
struct Scratch {
  fs::path dir = fs::temp_directory_path() / ("wb-campaign-" + std::to_string(::getpid()));
  Scratch() {
    fs::remove_all(dir);
    fs::create_directories(dir / "models");
    fs::copy_file(fs::path(WB_SOURCE_DIR) / "configs/sim/hailo8-resnet50.yaml", dir / "hailo8.yaml");
    fs::copy_file(fs::path(WB_SOURCE_DIR) / "configs/sim/deepx-m1-resnet50.yaml", dir / "deepx.yaml");
    fs::create_directories(dir / "../models/hailo");
    put("models/catalog.yaml", R"(models:
  resnet50:
    title: ResNet-50
    gop_per_frame: 7.7
    for:
      hailortcli: {hef: ./r50.hef, time_s: 3}
      deepx: {dir: ./deepx-r50}
  mobilenet:
    for:
      hailortcli: {hef: ./mnv2.hef}
)");
    put("models/r50.hef", "x");
    put("models/mnv2.hef", "x");
    fs::create_directories(dir / "models/deepx-r50");
    put("models/deepx-r50/ResNet50-1.dxnn", "x");
  }
  ~Scratch() { fs::remove_all(dir); }
  void put(const std::string& name, const std::string& text) const { std::ofstream(dir / name) << text; }
  fs::path campaign(const std::string& text) const {
    put("c.yaml", text);
    return dir / "c.yaml";
  }
};

const char* kCampaign = R"(name: two-cards
catalog: models/catalog.yaml
models: [resnet50, mobilenet]
cards:
  - {name: hailo8, config: hailo8.yaml, facts: {pcie: Gen3 x2, rated_tops: 26, aspm: L1}}
  - {name: deepx, config: deepx.yaml, facts: {lpddr: 4 GB LPDDR5, rated_tops: 25}}
pause_s: 1
repeat: 2
)";
}  // namespace

TEST_CASE("campaign: models × cards with the catalog's args, card names before tool names, pairs not run listed") {
  Scratch s;
  auto c = load_campaign(s.campaign(kCampaign));
  Config cfg = plan_campaign(c);
  REQUIRE(cfg.variants.size() == 3);
  CHECK(cfg.variants[0].id == "resnet50.hailo8");
  CHECK(cfg.variants[1].id == "resnet50.deepx");
  CHECK(cfg.variants[2].id == "mobilenet.hailo8");
  CHECK(cfg.variants[0].params["card"] == "hailo8");
  const auto& hailo = *cfg.variants[0].config;
  CHECK(hailo.benchmark.args["hef"].as<std::string>() == (s.dir / "models/r50.hef").lexically_normal().string());
  CHECK(hailo.benchmark.args["time_s"].as<double>() == 3);
  CHECK(cfg.variants[1].config->benchmark.args["dir"].as<std::string>() ==
        (s.dir / "models/deepx-r50").lexically_normal().string());
  CHECK(cfg.order == "interleaved");
  CHECK(cfg.repeat == 2);
  REQUIRE(cfg.cooldown);
  CHECK(cfg.cooldown->pause_s == 1);
  CHECK(cfg.cooldown->channel.empty());
  REQUIRE(cfg.campaign_meta["not_run"].size() == 1);
  CHECK(cfg.campaign_meta["not_run"][0]["card"] == "deepx");
  CHECK(cfg.campaign_meta["not_run"][0]["model"] == "mobilenet");
  CHECK(cfg.campaign_meta["cards"][1]["published"]["fps_per_w"] == 515);
  CHECK(cfg.campaign_meta["cards"][0]["rated_tops"] == 26);
  // The catalog gives hailo8 another HEF than its config's: the config's published figure is not for it.
  CHECK_FALSE(cfg.campaign_meta["cards"][0].contains("published_model"));
}

TEST_CASE("campaign: errors name the file, the key and what was expected") {
  Scratch s;
  auto fails = [&](const std::string& text, const std::string& what) {
    CAPTURE(what);
    CHECK_THROWS_WITH_AS(load_campaign(s.campaign(text)), doctest::Contains(what.c_str()), ConfigError);
  };
  fails("name: x\ncatalog: models/catalog.yaml\nmodels: [resnet18]\ncards: [{name: a, config: hailo8.yaml}]\n",
        "'resnet18' is not in the catalog");
  fails("name: x\ncatalog: models/catalog.yaml\nmodels: [resnet50]\ncards: [{name: a, config: nope.yaml}]\n",
        "nope.yaml: no such file");
  fails(
      "name: x\ncatalog: models/catalog.yaml\nmodels: [resnet50]\ncards: [{name: a, config: hailo8.yaml}, {name: a, "
      "config: deepx.yaml}]\n",
      "card name 'a' is used twice");
  fails("name: x\ncatalog: models/none.yaml\nmodels: [resnet50]\ncards: [{name: a, config: hailo8.yaml}]\n",
        "cannot open the model catalog");
  fails(
      "name: x\ncatalog: models/catalog.yaml\nmodels: [resnet50]\ncards: [{name: a, config: hailo8.yaml}]\norder: "
      "random\n",
      "expected interleaved");
  s.put("models/catalog.yaml", "models:\n  r:\n    for:\n      hailortcli: {hef: [a, b]}\n");
  fails("name: x\ncatalog: models/catalog.yaml\nmodels: [r]\ncards: [{name: a, config: hailo8.yaml}]\n",
        "expected a scalar tool argument");
}

TEST_CASE("campaign tables: figures per card, a refused pair with the tool's reason, utilisation, idle and facts") {
  Scratch s;
  Config cfg = plan_campaign(load_campaign(s.campaign(kCampaign)));
  Summary sum;
  sum.name = "two-cards";
  auto ok_run = [](double fps, double w, double idle) {
    RunRecord r;
    r.fps = fps;
    r.power_w = w;
    r.fps_per_w = fps / w;
    r.idle_power_w = idle;
    r.scope = "m2-rail";
    return r;
  };
  VariantRecord hailo;
  hailo.id = "resnet50.hailo8";
  hailo.params = cfg.variants[0].params;
  hailo.runs = {ok_run(1371, 4.0, 0.5), ok_run(1369, 4.0, 0.5)};
  RunRecord refused;
  refused.status = RunStatus::failed;
  refused.tool_refused = true;
  refused.reason = "tool exited with code 93: HEF format is not compatible with device";
  VariantRecord deepx;
  deepx.id = "resnet50.deepx";
  deepx.params = cfg.variants[1].params;
  deepx.runs = {refused};
  for (auto* v : {&hailo, &deepx}) {
    compute_aggregates(*v);
    sum.variants.push_back(*v);
  }
  auto tables = campaign_tables(sum, cfg.campaign_meta);
  REQUIRE(tables.size() == 4);  // two models, idle, facts
  const auto& r50 = tables[0];
  CHECK(r50.title.find("ResNet-50") != std::string::npos);
  REQUIRE(r50.rows.size() == 2);
  CHECK(r50.rows[0][2].find("1370") != std::string::npos);
  CHECK(r50.rows[0][4] == "m2-rail");
  // 7.7 GOP × 1370 FPS = 10.5 TOPS of 26.
  CHECK(r50.rows[0][8] == "41 % of 26 TOPS");
  CHECK(r50.rows[1][2] == "—");
  CHECK(r50.rows[1][5] == "—");
  bool said = false;
  for (const auto& n : r50.notes)
    said |= n.find("deepx: refused by the tool: tool exited with code 93: HEF format") != std::string::npos;
  CHECK(said);
  const auto& idle = tables[2];
  CHECK(idle.rows[0][1].find("0.5") != std::string::npos);
  // The ASPM column is the state read back from the link; the campaign's typed fact is no measurement.
  CHECK(idle.rows[0][3] == "—");
  bool stated = false;
  for (const auto& n : idle.notes) stated |= n.find("hailo8 (stated: L1)") != std::string::npos;
  CHECK(stated);
  CHECK(idle.rows[1][1] == "—");
  const auto& facts = tables[3];
  CHECK(facts.rows[1][5] == "4 GB LPDDR5");
  CHECK(facts.notes.size() == 1);
}

TEST_CASE("campaign aspm axis: a pair per card and state with device.aspm set; bad states refused with the key") {
  Scratch s;
  std::string text = kCampaign;
  text.replace(text.find("pause_s: 1"), 10, "pause_s: 1\naspm: [l1, \"off\"]\nset: ['device.pcie=\"0000:01:00.0\"']");
  auto c = load_campaign(s.campaign(text));
  CHECK(c.aspm == std::vector<std::string>{"l1", "off"});
  Config cfg = plan_campaign(c);
  REQUIRE(cfg.variants.size() == 6);
  CHECK(cfg.variants[0].id == "resnet50.hailo8.aspm-l1");
  CHECK(cfg.variants[1].id == "resnet50.hailo8.aspm-off");
  CHECK(cfg.variants[1].params["aspm"] == "off");
  CHECK(cfg.variants[1].config->device.aspm == "off");
  CHECK(cfg.variants[2].config->device.aspm == "l1");
  CHECK(cfg.campaign_meta["variants"][1]["aspm"] == "off");
  CHECK(cfg.record_files.count("resnet50.deepx.aspm-off/config.yaml") == 1);
  for (const char* bad : {"aspm: [sometimes]", "aspm: []", "aspm: [l1, l1]"}) {
    std::string t = kCampaign;
    t += bad;
    t += "\n";
    CAPTURE(bad);
    CHECK_THROWS_WITH_AS(load_campaign(s.campaign(t)), doctest::Contains("aspm"), ConfigError);
  }
  // Without a PCI address a state cannot be set or read back: refused, naming the card and the key.
  std::string no_pcie = kCampaign;
  no_pcie.replace(no_pcie.find("pause_s: 1"), 10, "pause_s: 1\naspm: [l1]");
  CHECK_THROWS_WITH_AS(plan_campaign(load_campaign(s.campaign(no_pcie))), doctest::Contains("device.pcie"),
                       ConfigError);
}

TEST_CASE(
    "campaign tables: infer beside the vendor tool on the same card gives a parity table; an infer result below its "
    "agreement is not given an FPS/W") {
  nlohmann::json meta = nlohmann::json::parse(R"({
    "models": [{"id": "resnet50", "title": "ResNet-50"}],
    "cards": [
      {"name": "hailo8", "tool": "hailortcli", "device": {"accelerator": "Hailo-8", "form_factor": "M.2"}, "facts": {}},
      {"name": "hailo8-infer", "tool": "infer", "device": {"accelerator": "Hailo-8", "form_factor": "M.2"}, "facts": {}},
      {"name": "m1", "tool": "dxbenchmark", "device": {"accelerator": "M1", "form_factor": "M.2"}, "facts": {}},
      {"name": "m1-infer", "tool": "infer", "device": {"accelerator": "M1", "form_factor": "M.2"}, "facts": {}}],
    "not_run": []})");
  auto variant = [](const std::string& card, double fps, double w, std::optional<double> top1) {
    VariantRecord v;
    v.id = "resnet50." + card;
    v.params = {{"model", "resnet50"}, {"card", card}};
    RunRecord r;
    r.fps = fps;
    r.power_w = w;
    r.fps_per_w = fps / w;
    r.idle_power_w = 0.5;
    r.scope = "m2-rail";
    if (top1)
      r.tool_extras["accuracy"] = {
          {"top1_agreement", *top1}, {"min_agreement", 0.99}, {"below_min_agreement", *top1 < 0.99}};
    v.runs = {r};
    compute_aggregates(v);
    return v;
  };
  Summary sum;
  sum.name = "parity";
  sum.variants = {variant("hailo8", 1000, 4.0, std::nullopt), variant("hailo8-infer", 990, 4.0, 1.0),
                  variant("m1", 1000, 5.0, std::nullopt), variant("m1-infer", 1200, 5.0, 0.5)};
  auto tables = campaign_tables(sum, meta);
  REQUIRE(tables.size() == 4);  // the model, its parity table, idle, facts
  const auto& main = tables[0];
  CHECK(main.rows[1][5].find("247.5") != std::string::npos);                // hailo8-infer: 990 / 4.0, ranked
  CHECK(main.rows[3][5] == "not ranked: top-1 agreement 50.0 % < 99.0 %");  // m1-infer's outputs disagree
  const auto& parity = tables[1];
  CHECK(parity.title.find("parity") != std::string::npos);
  REQUIRE(parity.rows.size() == 2);
  CHECK(parity.rows[0][1] == "hailortcli");
  CHECK(parity.rows[0][4] == "0.9900 (-1.00 %)");  // FPS infer ÷ vendor
  CHECK(parity.rows[0][7] == "1.0000 (+0.00 %)");  // W
  CHECK(parity.rows[1][1] == "dxbenchmark");
  CHECK(parity.rows[1][4] == "1.2000 (+20.00 %)");
}
