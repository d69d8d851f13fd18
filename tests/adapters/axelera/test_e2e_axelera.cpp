// Axelera Metis end to end with the device rate printed beside the delivered one: the delivered
// rate makes FPS/W (within 1 % of truth) unless benchmark.fps_source asks for the device's.
#include <doctest/doctest.h>

#include "e2e_support.hpp"

using namespace wb::e2e;

TEST_CASE("axelera: Metis FPS printed (--show-device-fps) stays beside — the delivered rate is the FPS of FPS/W") {
  auto o =
      run_once("metis-device", "configs/sim/metis-resnet50.yaml", {"phases.idle_s=1", "benchmark.args.fps=device"});
  CHECK(o.run["fps_per_w"].get<double>() == doctest::Approx(o.truth["fps_per_w"].get<double>()).epsilon(0.01));
  double device = o.run["tool_extras"]["other_fps"]["device"].get<double>();
  CHECK(device > 0);
  CHECK(o.run["tool_fps"].is_null());
  // Shown beside the headline with its name, in the summary people read.
  std::ifstream md(o.out / "summary.md");
  std::string text((std::istreambuf_iterator<char>(md)), std::istreambuf_iterator<char>());
  CHECK(text.find("Other rates") != std::string::npos);
  CHECK(text.find("device ") != std::string::npos);
  fs::remove_all(o.out);
  // Asked for by name, the device's rate is the headline, said so, with the delivered rate kept.
  auto d = run_once("metis-device-src", "configs/sim/metis-resnet50.yaml",
                    {"phases.idle_s=1", "benchmark.args.fps=device", "benchmark.fps_source=device"});
  CHECK(d.run["fps"].get<double>() == doctest::Approx(d.run["tool_extras"]["other_fps"]["device"].get<double>()));
  CHECK(d.run["tool_fps"].get<double>() == doctest::Approx(d.truth["fps"].get<double>()).epsilon(0.01));
  CHECK(d.run["warnings"].dump().find("benchmark.fps_source") != std::string::npos);
  fs::remove_all(d.out);
}

TEST_CASE("benchmark.fps_source naming a rate the tool did not print makes the run invalid with the names it did") {
  auto out = fresh_dir("metis-nosrc");
  auto r = run_config("configs/sim/metis-resnet50.yaml", out, {"phases.idle_s=0.5", "benchmark.fps_source=hw_only"});
  INFO(r.out);
  auto run = read_json(out / "summary.json")["variants"][0]["runs"][0];
  CHECK(run["status"] == "invalid");
  CHECK(run["reason"].get<std::string>().find("'hw_only'") != std::string::npos);
  fs::remove_all(out);
}
