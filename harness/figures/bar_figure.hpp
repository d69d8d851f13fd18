// Article figures as files: grouped bars of one metric by model × card, with the 95 % interval
// as error bars, one colour per card in every figure, and refused, failed and unrun pairs drawn
// as labelled empty slots. Static SVG (no script), a CSV of the same data, a PNG beside them.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/report/compare.hpp"

namespace wb::figures {

struct Slot {                 // one model × card
  std::string status = "ok";  // ok | refused | failed | not run | not measured
  std::string reason;
  std::optional<double> value, ci95;  // ci95: the interval's half width (n ≥ 2 only)
  std::size_t n = 0;                  // runs that gave the value
  std::string scope;
};

struct BarFigure {
  std::string id;                   // file stem and data-figure attribute: "fps_per_w"
  std::string metric;               // metric key
  std::string title, axis;          // axis: "FPS/W (scope: card 3.3 V rail)"
  std::string unit;                 // of the values in the CSV
  std::vector<std::string> groups;  // models (one "" group for per-card figures)
  std::vector<std::string> cards;   // card labels (product names)
  std::vector<std::string> card_ids;
  std::vector<std::vector<Slot>> slots;  // [group][card]
  std::string note;                      // what the error bars are, or that there are none
};

// A pair the campaign planned but did not run (campaign.json not_run).
struct Unrun {
  std::string model, card_id, reason;
};

// FPS, power, FPS/W, J/inference by model × card, and idle power per card. Cards keep the
// order they first appear in; a card's colour is its index in that order.
std::vector<BarFigure> bar_figures(const std::vector<CompareRow>& rows, const std::vector<Unrun>& unrun = {});

// (id, title) of every figure bar_figures makes, in its order.
std::vector<std::pair<std::string, std::string>> figure_titles();

// Colour-blind-safe palette (Okabe–Ito), by card index.
std::string card_colour(std::size_t index);

std::string figure_svg(const BarFigure& f);
// Shared by every figure: nice axis ticks covering lo..hi, and the SVG's opening (size, font,
// white background, title).
std::vector<double> axis_ticks(double lo, double hi);
std::string svg_head(const std::string& id, const std::string& title, double width, double height, double title_x);
// A legend of one swatch per card (id, label, colour index), wrapped into rows from (left, 66)
// within [left, right]; `bottom` gets the last row's baseline.
struct LegendEntry {
  std::string card_id, label;
  std::size_t colour;
};
std::string card_legend(const std::vector<LegendEntry>& entries, double left, double right, double& bottom);
std::string figure_csv(const BarFigure& f);

// Writes <id>.svg, <id>.csv and (png) <id>.png per figure into dir; returns the file names
// written, in order. A PNG that cannot be rendered throws (naming the file).
std::vector<std::string> write_figures(const std::vector<BarFigure>& figures, const std::filesystem::path& dir,
                                       bool png = true);

}  // namespace wb::figures
