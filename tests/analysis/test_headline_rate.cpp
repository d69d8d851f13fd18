// The headline rate rule: delivered by default, counted over the window for paced tools, a
// named rate only when asked for and printed.
#include <doctest/doctest.h>

#include "harness/analysis/headline_rate.hpp"
#include "harness/config/config.hpp"
#include "tests/config_test_support.hpp"

using namespace wb;
namespace fs = std::filesystem;

TEST_CASE("headline rate: the tool's delivered figure by default, its other rates only beside it") {
  ToolResult t;
  t.fps = 812.5;
  t.other_fps["device"] = 1350.0;
  auto h = headline_rate("delivered", t, 10.0);
  CHECK(h.invalid.empty());
  CHECK(*h.fps == doctest::Approx(812.5));
  CHECK_FALSE(h.tool_fps.has_value());
  CHECK(h.warning.empty());
}

TEST_CASE("headline rate: paced tools count their runs over the window, never 1 / latency") {
  ToolResult t;
  t.frames = 37;
  t.fps_over_window = true;
  t.other_fps["back_to_back"] = 83.1;
  auto h = headline_rate("delivered", t, 7.4);
  REQUIRE(h.invalid.empty());
  CHECK(*h.fps == doctest::Approx(37 / 7.4));
  CHECK(h.method.find("37 runs") != std::string::npos);
  t.frames.reset();
  CHECK(headline_rate("delivered", t, 7.4).invalid.find("no run count") != std::string::npos);
}

TEST_CASE(
    "headline rate: fps_source picks a named rate and says so; an unknown name is invalid with the names printed") {
  ToolResult t;
  t.fps = 400;
  t.other_fps["device"] = 640;
  t.other_fps["hw_only"] = 700;
  auto h = headline_rate("device", t, 5);
  REQUIRE(h.invalid.empty());
  CHECK(*h.fps == doctest::Approx(640));
  CHECK(*h.tool_fps == doctest::Approx(400));
  CHECK(h.warning.find("'device'") != std::string::npos);
  auto bad = headline_rate("theoretical", t, 5);
  CHECK(bad.invalid.find("'theoretical'") != std::string::npos);
  CHECK(bad.invalid.find("delivered, device, hw_only") != std::string::npos);
}

TEST_CASE("benchmark.fps_source in the config: delivered by default, a name, nothing hostile, never with target_fps") {
  auto cfg = [](const char* name) { return fs::path(WB_SOURCE_DIR) / "configs/sim" / name; };
  CHECK(load_config(cfg("metis-resnet50.yaml"), {}).benchmark.fps_source == "delivered");
  CHECK(load_config(cfg("metis-resnet50.yaml"), {"benchmark.fps_source=device"}).benchmark.fps_source == "device");
  for (const char* bad :
       {"benchmark.fps_source=''", "benchmark.fps_source='../x'", "benchmark.fps_source='Device FPS'"})
    CHECK(config_test::load_error(cfg("metis-resnet50.yaml"), {bad}).value_or("").find("fps_source") !=
          std::string::npos);
  auto paced =
      config_test::load_error(cfg("hailo8-resnet50.yaml"),
                              {"benchmark.args.mode=run2", "benchmark.target_fps=120", "benchmark.fps_source=hw_only"});
  CHECK(paced.value_or("").find("delivered") != std::string::npos);
}
