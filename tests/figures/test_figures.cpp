// Article figures: structure of each SVG (one bar group per model, one colour per card across
// figures, error bars only with repeats, refused and unrun pairs as labelled slots), its CSV,
// and the PNG librsvg renders from it.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <unistd.h>

#include "harness/figures/bar_figure.hpp"
#include "harness/figures/overlay_figure.hpp"
#include "harness/figures/png.hpp"

using namespace wb;
namespace fs = std::filesystem;

namespace {

struct Card {
  std::string id, vendor, product, form_factor, scope;
  double fps, watts, idle;
};

// deterministic spread per (model, card) so that no figure is hard-coded in a check
CompareRow row(const Card& c, const std::string& model, std::size_t n, double k) {
  CompareRow r;
  r.identity.card.id = c.id;
  r.identity.card.vendor = c.vendor;
  r.identity.card.product = c.product;
  r.identity.card.form_factor = c.form_factor;
  r.identity.model.id = model;
  r.identity.tool.name = "tool-" + c.id;
  r.scope = c.scope;
  r.runs = n;
  auto set = [&](const char* key, double v) {
    r.aggregate[key].n = n;
    r.aggregate[key].mean = v;
    if (n >= 2) r.aggregate[key].ci95 = v * 0.03;
  };
  set("fps", c.fps * k);
  set("power_w", c.watts * k);
  set("fps_per_w", c.fps / c.watts);
  set("j_per_inference", c.watts / c.fps);
  set("idle_power_w", c.idle);
  return r;
}

CompareRow refused(const Card& c, const std::string& model) {
  CompareRow r;
  r.identity.card.id = c.id;
  r.identity.card.vendor = c.vendor;
  r.identity.card.product = c.product;
  r.identity.model.id = model;
  r.runs = r.failed_runs = 1;
  r.tool_refused = true;
  r.failure = "model does not fit";
  return r;
}

const std::vector<Card> kCards = {
    {"hailo8", "Hailo", "Hailo-8", "M.2 2280 M", "m2-3v3", 1200, 2.4, 0.5},
    {"deepx-m1", "DEEPX", "DX-M1", "M.2 2280 M", "m2-3v3", 900, 3.1, 0.74},
    {"mx3", "MemryX", "MemryX MX3", "M.2 2280 M", "m2-3v3", 600, 2.0, 0.9},
};

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

// A small XML check: every element closes in order, attributes are quoted, no script.
void check_xml(const std::string& svg) {
  std::vector<std::string> open;
  std::regex tag(R"(<(/?)([A-Za-z][A-Za-z0-9]*)((?:\s+[A-Za-z][A-Za-z0-9:-]*="[^"<]*")*)\s*(/?)>)");
  std::size_t pos = 0;
  for (std::sregex_iterator it(svg.begin(), svg.end(), tag), end; it != end; ++it) {
    const auto& m = *it;
    // nothing between tags but text without a stray '<'
    std::string between = svg.substr(pos, static_cast<std::size_t>(m.position()) - pos);
    CHECK_MESSAGE(between.find('<') == std::string::npos, "unparsed markup: " << between);
    pos = static_cast<std::size_t>(m.position() + m.length());
    if (m[1] == "/") {
      REQUIRE_FALSE(open.empty());
      CHECK(open.back() == m[2]);
      open.pop_back();
    } else if (m[4] != "/") {
      open.push_back(m[2]);
    }
  }
  CHECK(open.empty());
  CHECK(svg.find("<script") == std::string::npos);
  CHECK(svg.find("javascript:") == std::string::npos);
}

std::map<std::string, std::string> bar_fills(const std::string& svg) {
  std::map<std::string, std::string> fills;
  std::regex bar(R"re(<rect data-card="([^"]*)" data-status="ok"[^>]* fill="([^"]*)")re");
  for (std::sregex_iterator it(svg.begin(), svg.end(), bar), end; it != end; ++it) {
    auto [p, fresh] = fills.emplace((*it)[1], (*it)[2]);
    CHECK_MESSAGE(p->second == (*it)[2].str(), "card " << (*it)[1] << " has two colours in one figure");
  }
  return fills;
}

fs::path fresh_dir(const std::string& name) {
  auto d = fs::temp_directory_path() / fmt::format("wb-figures-{}-{}", name, ::getpid());
  fs::remove_all(d);
  return d;
}

}  // namespace

TEST_CASE("figures: grouped bars per model, one colour per card in every figure, intervals with repeats") {
  std::vector<CompareRow> rows;
  for (const std::string model : {"resnet50", "yolov8s"})
    for (std::size_t c = 0; c < kCards.size(); ++c) {
      if (model == "yolov8s" && c == 2)
        rows.push_back(refused(kCards[c], model));
      else
        rows.push_back(row(kCards[c], model, 3, model == "resnet50" ? 1.0 : 0.4));
    }
  // a fourth card the campaign planned but did not run
  auto figs = figures::bar_figures(rows, {{"resnet50", "npu-x", "card not present"}});
  REQUIRE(figs.size() == 5);
  std::map<std::string, std::string> colour_of;  // across every figure
  for (const auto& f : figs) {
    CAPTURE(f.id);
    auto svg = figures::figure_svg(f);
    check_xml(svg);
    bool per_card = f.id == "idle_power_w";
    CHECK(count(svg, "<g data-group=") == (per_card ? 1u : 2u));
    if (!per_card) {
      CHECK(count(svg, "<g data-group=\"resnet50\"") == 1);
      CHECK(count(svg, "<g data-group=\"yolov8s\"") == 1);
    }
    // every card has a slot in every group: 4 cards, never dropped
    CHECK(count(svg, "data-card=") == 4 * (per_card ? 1u : 2u));
    auto fills = bar_fills(svg);
    std::set<std::string> distinct;
    for (const auto& [card, fill] : fills) {
      distinct.insert(fill);
      auto [p, fresh] = colour_of.emplace(card, fill);
      CHECK_MESSAGE(p->second == fill, card << " changes colour between figures");
      // the legend shows the same colour
      CHECK(svg.find(fmt::format("data-legend=\"{}\" x=", card)) != std::string::npos);
    }
    CHECK(distinct.size() == fills.size());
    std::size_t ok_slots = count(svg, "data-status=\"ok\"");
    CHECK(ok_slots == (per_card ? 3u : 5u));
    CHECK(count(svg, "data-ci=") == ok_slots);  // 3 runs each: every bar has its interval
    CHECK(count(svg, "data-status=\"not run\"") == (per_card ? 1u : 2u));
    if (!per_card) CHECK(count(svg, "data-status=\"refused\"") == 1);
    if (f.id != "fps") CHECK(f.axis.find("scope: m2-3v3") != std::string::npos);
    CHECK(svg.find("3 runs per pair") != std::string::npos);
    // product names, not card ids
    CHECK(svg.find("Hailo Hailo-8 (M.2 2280 M)") != std::string::npos);
    CHECK(svg.find(">MemryX MX3 (M.2 2280 M)<") != std::string::npos);

    auto csv = figures::figure_csv(f);
    CHECK(count(csv, "\n") == 1 + 4 * (per_card ? 1u : 2u));
    if (!per_card) CHECK(csv.find("yolov8s,MemryX MX3 (M.2 2280 M),mx3,refused,,,,") != std::string::npos);
    CHECK(csv.find("card not present") != std::string::npos);
  }
  CHECK(colour_of.size() == 3);
}

TEST_CASE("figures: one run per pair draws no error bars and says so; mixed scopes are named") {
  std::vector<CompareRow> rows;
  for (std::size_t c = 0; c < 2; ++c) rows.push_back(row(kCards[c], "resnet50", 1, 1.0));
  rows[1].scope = "card-12v";
  for (const auto& f : figures::bar_figures(rows)) {
    CAPTURE(f.id);
    auto svg = figures::figure_svg(f);
    CHECK(count(svg, "data-ci=") == 0);
    CHECK(svg.find("One run per pair: no interval") != std::string::npos);
    if (f.id != "fps") CHECK(f.axis.find("scopes differ") != std::string::npos);
  }
}

TEST_CASE("figures: names chosen by an attacker stay text in the SVG and the CSV") {
  Card evil{"x\"><script>alert(1)</script>", "=cmd|' /C calc'!A0", "<b>NPU</b>", "&amp;", "s,\"q", 100, 1, 0.1};
  auto f = figures::bar_figures({row(evil, "m</text><script>", 2, 1)})[0];
  auto svg = figures::figure_svg(f);
  check_xml(svg);
  CHECK(svg.find("<script>") == std::string::npos);
  CHECK(svg.find("&lt;script&gt;") != std::string::npos);
  auto csv = figures::figure_csv(f);
  // a spreadsheet would run a cell that starts with '='
  CHECK(csv.find(",=cmd") == std::string::npos);
  CHECK(csv.find("'=cmd") != std::string::npos);
}

TEST_CASE("figures: every figure renders to a PNG of the SVG's size with the cards' colours drawn") {
  std::vector<CompareRow> rows;
  for (const std::string model : {"resnet50", "yolov8s"})
    for (const auto& c : kCards) rows.push_back(row(c, model, 2, model == "resnet50" ? 1.0 : 0.5));
  auto figs = figures::bar_figures(rows);
  auto dir = fresh_dir("png");
  auto names = figures::write_figures(figs, dir);
  CHECK(names.size() == figs.size() * 3);
  for (const auto& f : figs) {
    CAPTURE(f.id);
    auto svg = figures::figure_svg(f);
    std::smatch m;
    REQUIRE(std::regex_search(svg, m, std::regex(R"re(width="(\d+)" height="(\d+)")re")));
    int w = std::stoi(m[1]), h = std::stoi(m[2]);
    REQUIRE(fs::exists(dir / (f.id + ".png")));
    auto facts = figures::png_facts(dir / (f.id + ".png"));
    CHECK(facts.width == 2 * w);  // rendered at twice the SVG's size, for high-density screens
    CHECK(facts.height == 2 * h);
    // bars, text and grid cover a real share of the page, in more colours than the cards have
    double share = static_cast<double>(facts.foreground_pixels) / (facts.width * facts.height);
    CHECK(share > 0.04);
    CHECK(share < 0.8);
    CHECK(facts.distinct_colours >= kCards.size() + 2);
    std::ifstream csv(dir / (f.id + ".csv"));
    std::string header;
    std::getline(csv, header);
    CHECK(header.rfind("figure,model,card", 0) == 0);
  }
  // a broken SVG is an error that names the file, not an empty PNG
  CHECK_THROWS_WITH_AS(figures::render_png("<svg", dir / "broken.png"), doctest::Contains("broken.png"),
                       std::runtime_error);
  fs::remove_all(dir);
}

TEST_CASE("figures: the power overlay draws one line per card in its bar colour, from the window's start") {
  figures::OverlayFigure f;
  f.id = "power_over_time_resnet50";
  f.title = "Power over the measured window: resnet50";
  f.axis = "Power (W, scope: m2-3v3)";
  for (std::size_t c = 0; c < 3; ++c) {
    figures::OverlaySeries s;
    s.card_id = kCards[c].id;
    s.card_label = kCards[c].product;
    s.colour = c;
    s.run = "resnet50." + kCards[c].id + "/run-1";
    for (int i = 0; i <= 50; ++i)
      s.points.emplace_back(0.02 * i * (1 + static_cast<double>(c)), kCards[c].watts + 0.01 * (i % 5));
    f.series.push_back(s);
  }
  auto svg = figures::overlay_svg(f);
  check_xml(svg);
  CHECK(count(svg, "<polyline") == 3);
  for (std::size_t c = 0; c < 3; ++c)
    CHECK(svg.find(fmt::format("<polyline data-card=\"{}\" fill=\"none\" stroke=\"{}\"", kCards[c].id,
                               figures::card_colour(c))) != std::string::npos);
  CHECK(svg.find("scope: m2-3v3") != std::string::npos);
  CHECK(svg.find("time since the measured window") != std::string::npos);
  auto csv = figures::overlay_csv(f);
  CHECK(count(csv, "\n") == 1 + 3 * 51);
  CHECK(csv.find("Hailo-8,hailo8,resnet50.hailo8/run-1,0.000000,") != std::string::npos);
  auto dir = fresh_dir("overlay");
  fs::create_directories(dir);
  figures::render_png(svg, dir / "o.png");
  auto facts = figures::png_facts(dir / "o.png");
  CHECK(facts.width == 1920);
  CHECK(facts.foreground_pixels > 0);
  fs::remove_all(dir);
}

TEST_CASE("figures: an ASPM sweep's pairs are groups of their own in every figure, never folded into the first state") {
  std::vector<CompareRow> rows;
  for (const std::string state : {"l1", "disabled"})
    for (std::size_t c = 0; c < 2; ++c) {
      auto r = row(kCards[c], "resnet50", 2, state == "l1" ? 1.0 : 1.1);
      r.identity.aspm.state = state;
      rows.push_back(r);
    }
  auto figs = figures::bar_figures(rows);
  for (const auto& f : figs) {
    CAPTURE(f.id);
    REQUIRE(f.groups.size() == 2);
    CHECK(f.groups[0] != f.groups[1]);
    for (const auto& g : f.slots)
      for (const auto& s : g) CHECK(s.value);  // every pair has its own figure: nothing dropped
    if (f.id == "power_w") {
      // the second state's figures are its own, not a copy of the first's
      CHECK(*f.slots[1][0].value == doctest::Approx(*f.slots[0][0].value * 1.1));
      CHECK(f.groups[0].find("resnet50") != std::string::npos);
    }
  }
}
