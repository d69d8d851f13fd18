// compare's and the report's HTML bar chart: every label and value text fits in the picture.
#include <doctest/doctest.h>

#include <string>

#include "harness/report/svg.hpp"
#include "harness/report/table.hpp"
#include "harness/util/regex.hpp"

TEST_CASE("bar chart: the longest bar's value and note and the longest label stay inside the width") {
  std::vector<wb::svg::Bar> bars{
      {"Hailo Hailo-8 (M.2 2242 B+M) · resnet50 · hailortcli", 343.21, 2.5, "not comparable with npu-silicon"},
      {"DeepX M1", 214.7, std::nullopt, ""},
      {"x", 12.0, 0.4, ""}};
  const int width = 900;
  auto svg = wb::svg::bar_chart("fps-per-w", "Efficiency", "FPS/W", bars, width);
  // Every <text> with a start anchor: x plus its text at 7 px per glyph ends inside; end-anchored: x minus it starts at
  // or after 0.
  wb::rx::regex text_re(
      R"re(<text x="([\d.]+)" y="[\d.]+" font-size="11"( text-anchor="end")?>([^<]*)(<title>[^<]*</title>)?</text>)re");
  int checked = 0;
  for (wb::rx::sregex_iterator it(svg.begin(), svg.end(), text_re), end; it != end; ++it) {
    double x = std::stod((*it)[1].str());
    double w = 7.0 * static_cast<double>(wb::display_width((*it)[3].str()));
    CAPTURE((*it)[3].str());
    if ((*it)[2].matched)
      CHECK(x - w >= 0);
    else
      CHECK(x + w <= width);
    ++checked;
  }
  CHECK(checked == 6);
  // The long label is cut, the whole of it kept in the tooltip.
  CHECK(svg.find("…<title>Hailo Hailo-8 (M.2 2242 B+M) · resnet50 · hailortcli</title>") != std::string::npos);
  // The value with its interval follows the number policy: to the digit of the uncertainty.
  CHECK(svg.find("343.2 ± 2.5  not comparable with npu-silicon") != std::string::npos);
  CHECK(svg.find(">12.0 ± 0.4<") != std::string::npos);
}
