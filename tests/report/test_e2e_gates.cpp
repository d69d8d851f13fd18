// Gates end to end on simulated benches: like-for-like checks, refused gate input, the default
// gate, AMBIGUOUS in JUnit, hostile names, refusals in a campaign, nightly trends per identity.
// Each TEST_CASE is its own slow case (several simulated runs).
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "e2e_support.hpp"
#include "file_text.hpp"
#include "harness/analysis/stats.hpp"
#include "harness/metrics/metric_table.hpp"

using namespace wb::e2e;

namespace {
// A short simulated run into root/name (repeat 2 unless sets say otherwise); must pass.
fs::path sim_result(const fs::path& root, const std::string& name, const std::string& config,
                    std::vector<std::string> sets) {
  fs::path out = root / name;
  std::vector<std::string> args{"run",   config,     "--output", out.string(),
                                "--set", "repeat=2", "--set",    "phases.idle_s=0.5"};
  for (const auto& s : sets) args.insert(args.end(), {"--set", s});
  auto r = wattbench(args);
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  return out;
}
fs::path hailo(const fs::path& root, const std::string& name, std::vector<std::string> sets = {}) {
  sets.push_back("benchmark.args.time_s=1");
  return sim_result(root, name, "configs/sim/hailo8-resnet50.yaml", sets);
}

nlohmann::json read_summary(const fs::path& dir) { return read_json(dir / "summary.json"); }
void write_summary(const fs::path& dir, const nlohmann::json& s) { std::ofstream(dir / "summary.json") << s.dump(2); }

// Scales per-run figures as a real regression would and recomputes the aggregates from the
// runs as the run code does, so the gate-input check accepts the doctored copy.
void scale_runs(nlohmann::json& s, const std::map<std::string, double>& factor) {
  for (auto& v : s["variants"]) {
    for (auto& run : v["runs"])
      for (const auto& [k, f] : factor)
        if (run.contains(k) && run[k].is_number()) run[k] = run[k].get<double>() * f;
    for (const auto& m : wb::metric_table()) {
      std::vector<double> col;
      for (const auto& run : v["runs"])
        if (run["status"] == "ok" && run["cold"] != true && run.contains(m.key) && run[m.key].is_number())
          col.push_back(run[m.key].get<double>());
      v["aggregate"][m.key] = wb::to_json(wb::describe(col));
    }
  }
}
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
bool xml_parses(const fs::path& file) {
  return run_cli("/usr/bin/python3",
                 {"-c", "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])", file.string()})
             .exit_code == 0;
}
}  // namespace

TEST_CASE(
    "gates e2e: check across cards is refused with exit 2 naming the fields — --allow-mismatch marks cross-identity") {
  auto root = fresh_dir("gate-cards");
  auto h = hailo(root, "hailo8");
  auto d = sim_result(root, "deepx", "configs/sim/deepx-m1-resnet50.yaml", {"benchmark.args.time_s=1"});
  auto r = wattbench({"check", h.string(), "--baseline", d.string(), "--junit", (root / "junit.xml").string()});
  INFO(r.out);
  CHECK(r.exit_code == 2);
  CHECK(has(r.out, "did not measure the same work"));
  CHECK(has(r.out, "card.product: Hailo-8 vs M1"));
  CHECK(has(r.out, "--allow-mismatch"));
  CHECK_FALSE(fs::exists(root / "junit.xml"));  // no verdicts were written
  auto x = wattbench(
      {"check", h.string(), "--baseline", d.string(), "--allow-mismatch", "--junit", (root / "junit.xml").string()});
  INFO(x.out);
  CHECK(x.exit_code != 2);
  CHECK(has(x.out, "cross-identity"));
  CHECK(has(wb::test::slurp(root / "junit.xml"), "cross-identity"));
  // The same card against itself: judged, and passes.
  CHECK(wattbench({"check", h.string(), "--baseline", h.string()}).exit_code == 0);
  // The same work on another tool version and kernel: judged, with a warning giving both values.
  for (const auto& [copy, version, kernel] :
       {std::tuple{"cur", "4.23.0", "6.1.0-28"}, std::tuple{"old", "4.22.0", "6.1.0-21"}}) {
    fs::copy(h, root / copy, fs::copy_options::recursive);
    auto s = read_summary(root / copy);
    s["variants"][0]["identity"]["tool"]["version"] = version;
    s["variants"][0]["identity"]["host"]["kernel"] = kernel;
    write_summary(root / copy, s);
  }
  auto w = wattbench({"check", (root / "cur").string(), "--baseline", (root / "old").string()});
  INFO(w.out);
  CHECK(w.exit_code == 0);
  CHECK(
      has(w.out, "warning: same work, another set-up (current vs baseline): default: tool.version: 4.23.0 vs 4.22.0"));
  CHECK(has(w.out, "host.kernel: 6.1.0-28 vs 6.1.0-21"));
  fs::remove_all(root);
}

TEST_CASE("gates e2e: a baseline whose ci95 is 1e308 is refused, not judged AMBIGUOUS") {
  auto root = fresh_dir("gate-ci95");
  auto h = hailo(root, "hailo8");
  fs::copy(h, root / "absurd", fs::copy_options::recursive);
  auto s = read_summary(root / "absurd");
  s["variants"][0]["aggregate"]["fps"]["ci95"] = 1e308;
  write_summary(root / "absurd", s);
  auto r = wattbench({"check", h.string(), "--baseline", (root / "absurd").string()});
  INFO(r.out);
  CHECK(r.exit_code == 2);
  CHECK(has(r.out, "aggregate.fps"));
  CHECK(has(r.out, "absurd/summary.json"));
  CHECK_FALSE(has(r.out, "AMBIGUOUS"));
  auto t = wattbench({"compare", "--trend", h.string(), (root / "absurd").string()});
  CHECK(t.exit_code == 2);
  fs::remove_all(root);
}

TEST_CASE("gates e2e: idle power +40 % fails the default gate — equal repeats raise no outlier warning") {
  auto root = fresh_dir("gate-idle");
  auto base = hailo(root, "base", {"repeat=3", "sim.idle_w=0.5"});
  auto worse = hailo(root, "idle", {"repeat=3", "sim.idle_w=0.7"});
  auto r = wattbench({"check", worse.string(), "--baseline", base.string()});
  INFO(r.out);
  CHECK(r.exit_code == 1);
  bool idle_worse = false;
  std::istringstream lines(r.out);
  for (std::string l; std::getline(lines, l);)
    if (l.rfind("default", 0) == 0 && has(l, "idle_power_w")) idle_worse = has(l, "WORSE");
  CHECK(idle_worse);
  CHECK(has(r.out, "j_per_inference"));
  for (const auto& dir : {base, worse})
    for (const auto& w : read_summary(dir)["variants"][0]["warnings"])
      CHECK_FALSE(has(w.get<std::string>(), "outlier"));
  auto help = wattbench({"check", "--help"});
  for (const char* k : {"idle_power_w 10 %", "j_per_inference 5 %", "fps 3 %", "fps_per_w 5 %", "power_w 5 %"})
    CHECK(has(help.out, k));
  fs::remove_all(root);
}

TEST_CASE(
    "gates e2e: AMBIGUOUS is a JUnit <skipped> (a <failure> under --strict) — hostile names stay out of XML and "
    "terminals") {
  auto root = fresh_dir("gate-ambiguous");
  auto h = hailo(root, "hailo8");
  const std::string name = "v\x1b[31mred\x1b]0;pwned\x07<x>&\"\x01";
  for (const char* copy : {"base", "cur"}) {
    fs::copy(h, root / copy, fs::copy_options::recursive);
    auto s = read_summary(root / copy);
    s["variants"][0]["id"] = name;
    // The current result 3 % slower at the same power: the fps interval straddles the −3 % edge.
    if (std::string(copy) == "cur")
      scale_runs(s, {{"fps", 0.97}, {"fps_per_w", 0.97}, {"j_per_inference", 1 / 0.97}, {"inferences_per_j", 0.97}});
    write_summary(root / copy, s);
  }
  auto r = wattbench({"check", (root / "cur").string(), "--baseline", (root / "base").string(), "--junit",
                      (root / "junit.xml").string()});
  INFO(r.out);
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "AMBIGUOUS"));
  CHECK(has(r.out, "verdicts: "));
  CHECK_FALSE(has(r.out, "\x1b"));
  CHECK_FALSE(has(r.out, "\x07"));
  auto xml = wb::test::slurp(root / "junit.xml");
  CHECK(has(xml, "<skipped message=\"AMBIGUOUS"));
  CHECK_FALSE(has(xml, "<failure"));
  CHECK(xml_parses(root / "junit.xml"));
  auto strict = wattbench({"check", (root / "cur").string(), "--baseline", (root / "base").string(), "--strict",
                           "--junit", (root / "junit.xml").string()});
  CHECK(strict.exit_code == 1);
  xml = wb::test::slurp(root / "junit.xml");
  CHECK(has(xml, "<failure message=\"AMBIGUOUS"));
  CHECK(xml_parses(root / "junit.xml"));
  fs::remove_all(root);
}

TEST_CASE("gates e2e: a campaign with a pair the tool refused passes its check against itself") {
  auto root = fresh_dir("gate-refusal");
  fs::create_directories(root);
  std::string src = WB_SOURCE_DIR;
  std::ofstream(root / "campaign.yaml") << fmt::format(R"(name: mx3-refusal
catalog: {0}/configs/models/catalog.yaml
models: [resnet50, yolov8s]
cards:
  - name: mx3
    config: {0}/configs/sim/mx3-resnet50.yaml
    set: [benchmark.args.frames=3000]
repeat: 1
pause_s: 0.2
set: [repeat=1, phases.idle_s=0.5]
sim:
  yolov8s:
    mx3: {{model_error: "Cannot parse dfp file - Please check given dfp"}}
)",
                                                       src);
  auto out = root / "night";
  auto c = wattbench({"campaign", (root / "campaign.yaml").string(), "--output", out.string()});
  INFO(c.out);
  REQUIRE(c.exit_code == 0);
  auto r = wattbench({"check", out.string(), "--baseline", out.string(), "--junit", (root / "junit.xml").string()});
  INFO(r.out);
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "refused by the tool in both"));
  CHECK(has(r.out, " 0 WORSE, 0 AMBIGUOUS, 0 MISSING"));
  CHECK_FALSE(has(wb::test::slurp(root / "junit.xml"), "<failure"));
  fs::remove_all(root);
}

TEST_CASE(
    "gates e2e: nightly trend per identity — cards never chained — a three-night drift flagged at its first night") {
  auto root = fresh_dir("gate-trend");
  // Hailo: three steady nights, then FPS down 2.3 % a night for three nights; DeepX steady.
  std::vector<std::string> dirs;
  double fps = 1371;
  for (int night = 1; night <= 6; ++night) {
    if (night >= 4) fps *= 0.977;
    auto h = hailo(root, fmt::format("hailo8-{}", night), {"repeat=3", fmt::format("sim.fps={:.1f}", fps)});
    auto s = read_summary(h);
    s["created"] = fmt::format("2026-11-{:02d}T02:00:00+0100", night);
    write_summary(h, s);
    dirs.push_back(h.string());
    if (night % 3 == 0) {
      auto d = sim_result(root, fmt::format("deepx-{}", night), "configs/sim/deepx-m1-resnet50.yaml",
                          {"benchmark.args.time_s=1"});
      auto ds = read_summary(d);
      ds["created"] = fmt::format("2026-11-{:02d}T03:00:00+0100", night);
      write_summary(d, ds);
      dirs.push_back(d.string());
    }
  }
  std::vector<std::string> args{"compare", "--trend"};
  args.insert(args.end(), dirs.begin(), dirs.end());
  auto md = wattbench(args);
  INFO(md.out);
  CHECK(md.exit_code == 1);
  CHECK(has(md.out, "trend: FAILED"));
  CHECK(has(md.out, "shift began on 2026-11-04"));
  // JSON: two series, never mixed; every point dated.
  auto js = args;
  js.insert(js.end(), {"--format", "json", "--output", (root / "trend.json").string()});
  CHECK(wattbench(js).exit_code == 1);
  auto j = read_json(root / "trend.json");
  REQUIRE(j["series"].size() == 2);
  for (const auto& s : j["series"]) {
    std::set<std::string> products;
    for (const auto& p : s["points"]) {
      CHECK(p["date"].get<std::string>().rfind("2026-11-", 0) == 0);
      products.insert(read_json(fs::path(p["dir"].get<std::string>()) / "summary.json")["device"]["accelerator"]
                          .get<std::string>());
    }
    CHECK(products.size() == 1);
  }
  // CSV is CSV; the chart has dates on its axis and error bars.
  auto csv = args;
  csv.insert(csv.end(), {"--format", "csv", "--output", (root / "trend.csv").string()});
  wattbench(csv);
  auto text = wb::test::slurp(root / "trend.csv");
  CHECK(text.rfind("series,variant,date,", 0) == 0);
  CHECK_FALSE(has(text, "|"));
  auto html = args;
  html.insert(html.end(), {"--format", "html", "--output", (root / "trend.html").string()});
  wattbench(html);
  auto page = wb::test::slurp(root / "trend.html");
  CHECK(has(page, "data-date=\"2026-11-01 02:00\""));
  CHECK(has(page, "class=\"ci\""));
  CHECK(has(page, "data-series=\"Hailo"));
  CHECK(has(page, "data-series=\"DeepX"));
  CHECK_FALSE(has(page, "time (s)"));
  fs::remove_all(root);
}
