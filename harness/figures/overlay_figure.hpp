// Power over time, one line per card, each aligned at the start of its measured window
// (t = 0 is when the tool's inference span began), in the cards' colours of the bar figures.
#pragma once
#include <string>
#include <vector>

#include "harness/trace/downsample.hpp"

namespace wb::figures {

struct OverlaySeries {
  std::string card_id, card_label;
  std::size_t colour = 0;         // the card's index in the bar figures
  std::vector<PlotPoint> points;  // (s since the window's start, W)
  std::string run;                // which run it shows, e.g. "resnet50.hailo8/run-1"
};

struct OverlayFigure {
  std::string id, title, axis;  // axis: "Power (W, scope: m2-rail)"
  std::vector<OverlaySeries> series;
  std::vector<std::string> missing;  // cards with no measured window for this model, said under the chart
};

std::string overlay_svg(const OverlayFigure& f);
std::string overlay_csv(const OverlayFigure& f);  // card, card_id, run, t_s, power_w

}  // namespace wb::figures
