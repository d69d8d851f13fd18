// End to end: a campaign writes its article figures (SVG, PNG, CSV) beside campaign.md after
// every run, with the refused pair as a labelled slot, and compare --figures draws the same
// figures over results folders.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "e2e_support.hpp"
#include "file_text.hpp"
#include "harness/figures/png.hpp"

using namespace wb::e2e;

namespace {
bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

const char* kFigures[] = {"fps", "power_w", "fps_per_w", "j_per_inference", "idle_power_w"};

// Every figure in three files; each PNG twice the SVG's size with something drawn on it; each
// card one colour in every figure. Returns card id -> colour.
std::map<std::string, std::string> check_figure_files(const fs::path& dir) {
  std::map<std::string, std::string> colour;
  for (const char* id : kFigures) {
    CAPTURE(id);
    REQUIRE(fs::exists(dir / fmt::format("{}.svg", id)));
    REQUIRE(fs::exists(dir / fmt::format("{}.csv", id)));
    REQUIRE(fs::exists(dir / fmt::format("{}.png", id)));
    std::string svg = wb::test::slurp(dir / fmt::format("{}.svg", id));
    CHECK_FALSE(has(svg, "<script"));
    std::smatch m;
    REQUIRE(std::regex_search(svg, m, std::regex(R"re(width="(\d+)" height="(\d+)")re")));
    auto facts = wb::figures::png_facts(dir / fmt::format("{}.png", id));
    CHECK(facts.width == 2 * std::stoi(m[1]));
    CHECK(facts.height == 2 * std::stoi(m[2]));
    CHECK(facts.foreground_pixels > static_cast<std::size_t>(facts.width * facts.height / 25));
    std::regex bar(R"re(<rect data-card="([^"]*)" data-status="ok"[^>]* fill="([^"]*)")re");
    for (std::sregex_iterator it(svg.begin(), svg.end(), bar), end; it != end; ++it) {
      auto [p, fresh] = colour.emplace((*it)[1], (*it)[2]);
      CHECK_MESSAGE(p->second == (*it)[2].str(), (*it)[1] << " changes colour");
    }
  }
  return colour;
}
}  // namespace

TEST_CASE("campaign figures: four cards on YOLOv8s, the MX3's refusal a labelled slot, PNG and CSV beside each SVG") {
  auto out = fresh_dir("campaign-figures");
  auto r =
      wattbench({"campaign", "configs/campaigns/four-card-resnet50-sim.yaml", "--output", out.string(), "--set",
                 "pause_s=0", "--set", "models=[yolov8s]", "--set",
                 "set=[repeat=1, phases.settle_s=0.2, phases.idle_s=0.5, phases.idle_after_s=0.3]", "--set",
                 "cards.0.set=[benchmark.args.time_s=2]", "--set", "cards.1.set=[benchmark.args.frames=3000]", "--set",
                 "cards.2.set=[benchmark.args.time_s=2]", "--set", "cards.3.set=[benchmark.args.frames=2000]"});
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  auto colour = check_figure_files(out / "figures");
  CHECK(colour.size() == 3);  // the three cards that ran; the MX3's slot is empty
  std::set<std::string> distinct;
  for (const auto& [card, c] : colour) distinct.insert(c);
  CHECK(distinct.size() == 3);
  auto svg = wb::test::slurp(out / "figures" / "fps_per_w.svg");
  CHECK(count(svg, "data-status=\"refused\"") == 1);
  CHECK(has(svg, "data-card=\"mx3\" data-status=\"refused\""));
  CHECK(has(svg, "One run per pair: no interval"));
  CHECK(count(svg, "data-ci=") == 0);
  CHECK(has(svg, "scope: m2-rail"));
  auto csv = wb::test::slurp(out / "figures" / "fps_per_w.csv");
  CHECK(count(csv, "\n") == 5);  // header and four cards
  CHECK(has(csv, ",mx3,refused,"));
  CHECK(has(csv, "Cannot parse dfp file"));
  // The power overlay: the three cards that ran, each in its bar colour, from the window's start.
  auto overlay = wb::test::slurp(out / "figures" / "power_over_time_yolov8s.svg");
  CHECK(count(overlay, "<polyline") == 3);
  CHECK(has(overlay, "No measured window (refused, failed or not run): MemryX MX3"));  // said, not dropped
  for (const auto& [card, c] : colour)
    CHECK(has(overlay, fmt::format("<polyline data-card=\"{}\" fill=\"none\" stroke=\"{}\"", card, c)));
  CHECK(wb::figures::png_facts(out / "figures" / "power_over_time_yolov8s.png").width > 0);
  auto overlay_csv = wb::test::slurp(out / "figures" / "power_over_time_yolov8s.csv");
  CHECK(has(overlay_csv, "yolov8s.hailo8/run-1,0.0"));
  auto md = wb::test::slurp(out / "campaign.md");
  CHECK(has(md, "(figures/power_over_time_yolov8s.svg)"));
  CHECK(has(md, "(figures/fps_per_w.svg)"));
  CHECK(has(md, "(figures/idle_power_w.svg)"));
  // The method block above the tables, and report.html opening with it and the figures.
  CHECK(md.find("## Method") < md.find("## YOLOv8s"));
  CHECK(has(md, "- **Repeats**: one run per pair: no interval"));
  auto html = wb::test::slurp(out / "report.html");
  CHECK(has(html, "<section id=\"method\">"));
  CHECK(html.find("<section id=\"figures\">") < html.find("<section id=\"method\">") + 100000);
  CHECK(count(html, "<figure data-figure=") == 6);  // five bar figures and the overlay
  CHECK(has(html, "<img src=\"figures/fps_per_w.svg\""));
}

TEST_CASE("compare --figures: two repeats per pair draw 95 % intervals, the same colours as the campaign's") {
  // Two cards, two repeats: a campaign file of its own beside copies of the cards' configs.
  auto in = fresh_dir("compare-figures-in");
  fs::create_directories(in);
  for (const char* card : {"hailo8-resnet50", "deepx-m1-resnet50"})
    fs::copy_file(fs::path(WB_SOURCE_DIR) / "configs/sim" / (std::string(card) + ".yaml"),
                  in / (std::string(card) + ".yaml"));
  std::ofstream(in / "campaign.yaml")
      << "name: compare-figures\ncatalog: " << (fs::path(WB_SOURCE_DIR) / "configs/models/catalog.yaml").string()
      << "\nmodels: [resnet50]\ncards:\n"
         "  - {name: hailo8, config: hailo8-resnet50.yaml, set: [benchmark.args.time_s=1]}\n"
         "  - {name: deepx-m1, config: deepx-m1-resnet50.yaml, set: [benchmark.args.time_s=1]}\n"
         "repeat: 2\norder: interleaved\npause_s: 0\n"
         "set: [phases.settle_s=0.2, phases.idle_s=0.5, phases.idle_after_s=0.3, phases.tail_s=0.2]\n";
  auto out = fresh_dir("compare-figures");
  auto r = wattbench({"campaign", (in / "campaign.yaml").string(), "--output", out.string()});
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  auto campaign_colours = check_figure_files(out / "figures");
  auto svg = wb::test::slurp(out / "figures" / "fps.svg");
  CHECK(count(svg, "data-ci=") == 2);
  CHECK(has(svg, "2 runs per pair"));

  auto figs = out.parent_path() / (out.filename().string() + "-compare-figures");
  fs::remove_all(figs);
  auto c = wattbench({"compare", out.string(), "--figures", figs.string()});
  INFO(c.out);
  REQUIRE(c.exit_code == 0);
  auto compare_colours = check_figure_files(figs);
  CHECK(compare_colours == campaign_colours);
  CHECK(wb::test::slurp(figs / "fps.csv") == wb::test::slurp(out / "figures" / "fps.csv"));
}
