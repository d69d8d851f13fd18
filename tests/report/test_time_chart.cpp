// report.html's time plots: a short trace keeps every sample, a long one min/max columns;
// series with their own time stamps merge into sorted dygraphs rows; text cannot end the
// inline <script>; the library is inlined, not fetched.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "harness/report/time_chart.hpp"
#include "harness/trace/downsample.hpp"

using namespace wb;

TEST_CASE("plot data: every sample up to the limit, min/max columns past it") {
  const auto limit = TracePlotData::kFullResolutionMax;
  TracePlotData short_trace(0, 1, limit);
  for (std::size_t i = 0; i < limit; ++i)
    short_trace.add(static_cast<double>(i) / limit, i % 7 == 0 ? kMissing : 1.0 * i);
  CHECK(short_trace.full_resolution());
  CHECK(short_trace.points().size() == limit - (limit + 6) / 7);  // the missing values are skipped

  TracePlotData long_trace(0, 1, limit + 1);
  for (std::size_t i = 0; i <= limit; ++i) long_trace.add(static_cast<double>(i) / limit, i == 12345 ? 99.0 : 1.0);
  CHECK_FALSE(long_trace.full_resolution());
  auto pts = long_trace.points();
  CHECK(pts.size() <= 2 * static_cast<std::size_t>(TracePlotData::kZoomColumns));
  bool peak = false;
  for (const auto& [t, v] : pts) peak |= v == 99.0 && t == 12345.0 / limit;
  CHECK(peak);  // a one-sample spike survives the downsampling, at its own time
}

// The JSON inside the figure's <script type="application/json">.
nlohmann::json chart_data(const std::string& html) {
  auto a = html.find("<script type=\"application/json\">");
  REQUIRE(a != std::string::npos);
  a += 32;
  auto e = html.find("</script>", a);
  REQUIRE(e != std::string::npos);
  return nlohmann::json::parse(html.substr(a, e - a));
}

TEST_CASE("time chart: rows merged by time, bands and labels as data, </script> in a name escaped") {
  svg::Series a{"rail</script><b>", "W", {{0.0, 1.0}, {0.2, 3.0}}}, b{"npu", "W", {{0.1, 2.0}}};
  auto html = time_chart::chart("power-x-1", "Power", "W", {a, b}, {{0.05, 0.15, "measured window", "#b7e4b7"}},
                                "full resolution: every sample");
  CHECK(html.find("data-plot=\"power-x-1\"") != std::string::npos);
  CHECK(html.find("id=\"plot-power-x-1\"") != std::string::npos);
  CHECK(html.find("full resolution: every sample") != std::string::npos);
  CHECK(html.find("</script><b>") == std::string::npos);
  auto d = chart_data(html);
  CHECK(d["labels"] == nlohmann::json{"t (s)", "rail</script><b> (W)", "npu (W)"});
  CHECK(d["rows"] == nlohmann::json::parse("[[0,1,null],[0.1,null,2],[0.2,3,null]]"));
  CHECK(d["bands"] == nlohmann::json::parse(R"([[0.05,0.15,"measured window","#b7e4b7"]])"));
  CHECK(time_chart::chart("none", "Power", "W", {}, {}, "").find("no data") != std::string::npos);
}

TEST_CASE("time chart: dygraphs is inlined, nothing is loaded from elsewhere") {
  auto page = time_chart::page_style() + time_chart::page_script();
  CHECK(page.find("Dygraph") != std::string::npos);
  CHECK(page.size() > 100000);  // the library itself, not a reference to it
  CHECK(page.find("@license https://github.com/danvk/dygraphs") != std::string::npos);  // its MIT notice stays
  for (const char* remote : {"<script src", "<link", "@import", "url(", "sourceMappingURL"})
    CHECK_MESSAGE(page.find(remote) == std::string::npos, remote);
}
