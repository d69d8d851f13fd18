// dxbenchmark parsers on the real-format fixtures, on format variants from the rules
// (v3.1 CSV header, commas in model names, CV -1.00) and on malformed input.
#include <doctest/doctest.h>

#include "fixture.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapters/adapter.hpp"
#include "adapters/dxbenchmark/adapter.hpp"
#include "adapters/dxbenchmark/parse.hpp"

using namespace wb;
using namespace wb::dxbenchmark;

static std::string fixture(const std::string& name) { return read_fixture("deepx/" + name); }

TEST_CASE("CSV report (v3.2 header with irregular spaces)") {
  auto rows = parse_csv(fixture("DXBENCHMARK_2026_01_30_142233.csv"), "x.csv");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].model == "ResNet50-1.dxnn");
  CHECK(rows[0].fps == doctest::Approx(1067.31));
  CHECK(*rows[0].npu_mean_ms == doctest::Approx(2.74));
  CHECK(*rows[0].npu_sd_ms == doctest::Approx(0.08));
  CHECK(*rows[0].latency_mean_ms == doctest::Approx(5.86));
  CHECK(*rows[0].latency_cv == doctest::Approx(0.12));
  CHECK(rows[0].versions.at("runtime") == "3.2.0");
  CHECK(rows[0].versions.at("firmware") == "2.5.0");
  CHECK(rows[0].versions.at("device_driver") == "2.1.0");
  CHECK(rows[0].versions.at("pcie_driver") == "2.0.1");
  CHECK(rows[1].model == "YOLOV5S-1.dxnn");
  CHECK(rows[1].fps == doctest::Approx(331.27));
}

TEST_CASE("JSON report gives the same numbers as the CSV") {
  auto csv = parse_csv(fixture("DXBENCHMARK_2026_01_30_142233.csv"), "x.csv");
  auto json = parse_json(fixture("DXBENCHMARK_2026_01_30_142233.json"), "x.json");
  REQUIRE(json.size() == csv.size());
  for (std::size_t i = 0; i < csv.size(); ++i) {
    CHECK(json[i].model == csv[i].model);
    CHECK(json[i].fps == doctest::Approx(csv[i].fps));
    CHECK(*json[i].npu_mean_ms == doctest::Approx(*csv[i].npu_mean_ms));
    CHECK(*json[i].latency_sd_ms == doctest::Approx(*csv[i].latency_sd_ms));
    CHECK(json[i].versions == csv[i].versions);
  }
}

TEST_CASE("stdout: versions, model file, profiler table and the timed duration") {
  auto info = parse_stdout(fixture("dxbenchmark_v3.2_stdout.txt"), "stdout.txt");
  CHECK(info.versions.at("runtime") == "3.2.0");
  CHECK(info.versions.at("device_driver") == "2.1.0");
  CHECK(info.versions.at("pcie_driver") == "2.0.1");
  REQUIRE(info.model_files.size() == 1);
  CHECK(info.model_files[0] == "bench/ResNet50/ResNet50-1.dxnn");
  CHECK(info.profiler.at("NPU Core").avg_us == doctest::Approx(2741.18));
  CHECK(info.profiler.at("Framework Response Handling").max_us == doctest::Approx(1873));
  REQUIRE(info.benchmark_s);
  CHECK(*info.benchmark_s == doctest::Approx(30.000911));
  CHECK(info.benchmark_model == "ResNet50-1.dxnn");
  REQUIRE(info.profiler_line);
  CHECK(*info.profiler_line == 22u);
}

TEST_CASE("v3.1-era CSV: no Firmware Version column, no spaces") {
  std::string text =
      "Runtime Version,Device Driver Version,PCIe Driver Version,Model Name,FPS,NPU Inference Time Mean,NPU Inference Time SD,"
      "NPU Inference Time CV,Latency Mean,Latency SD,Latency CV\n"
      "3.1.0,1.8.0,1.5.0,MobileNetV2-1.dxnn,2210.50,0.91,0.02,0.02,1.80,0.20,0.11\n";
  auto rows = parse_csv(text, "v31.csv");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].fps == doctest::Approx(2210.5));
  CHECK(rows[0].versions.count("firmware") == 0);
  CHECK(rows[0].versions.at("runtime") == "3.1.0");
}

TEST_CASE("format rules: unquoted model path with commas, CRLF, CV -1.00 means undefined") {
  std::string text =
      "Runtime Version, Firmware Version, Device Driver Version,PCIe Driver Version,Model Name,FPS,NPU Inference Time Mean,"
      "NPU Inference Time SD,NPU Inference Time CV,Latency Mean,Latency SD,Latency CV\r\n"
      "3.2.0,2.5.0,2.1.0,2.0.1,/opt/m,odels/a,b.dxnn,10.00,0.00,0.00,-1.00,5.00,0.50,0.10\r\n";
  auto rows = parse_csv(text, "x.csv");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].model == "/opt/m,odels/a,b.dxnn");
  CHECK(rows[0].fps == doctest::Approx(10.0));
  CHECK_FALSE(rows[0].npu_cv.has_value());
  CHECK(*rows[0].latency_cv == doctest::Approx(0.10));
}

TEST_CASE("malformed CSV: clear errors naming file, line and the offending text") {
  std::string header = fixture("DXBENCHMARK_2026_01_30_142233.csv").substr(0, fixture("DXBENCHMARK_2026_01_30_142233.csv").find('\n') + 1);
  CHECK_THROWS_WITH_AS(parse_csv("", "e.csv"), doctest::Contains("e.csv: empty file"), ParseError);
  CHECK_THROWS_WITH_AS(parse_csv(header, "h.csv"), doctest::Contains("header only"), ParseError);
  CHECK_THROWS_WITH_AS(parse_csv(header + "3.2.0,2.5.0,2.1.0,2.0.1,ResNet50-1.dxnn,1067.31,2.74\n", "t.csv"),
                       doctest::Contains("t.csv:2: expected 12 comma-separated values"), ParseError);
  CHECK_THROWS_WITH_AS(parse_csv(header + "3.2.0,2.5.0,2.1.0,2.0.1,ResNet50-1.dxnn,fast,2.74,0.08,0.03,5.86,0.71,0.12\n", "n.csv"),
                       doctest::Contains("n.csv:2: column 'FPS': expected a number, found 'fast'"), ParseError);
  CHECK_THROWS_WITH_AS(parse_csv("Runtime Version,Model Name\n3.2.0,a.dxnn\n", "m.csv"),
                       doctest::Contains("m.csv:1: expected column 'FPS'"), ParseError);
}

TEST_CASE("malformed JSON: truncated, missing results, FPS not a number") {
  auto full = fixture("DXBENCHMARK_2026_01_30_142233.json");
  CHECK_THROWS_WITH_AS(parse_json(full.substr(0, full.size() / 2), "t.json"), doctest::Contains("t.json:"), ParseError);
  CHECK_THROWS_WITH_AS(parse_json("{\"Runtime Version\": \"3.2.0\"}", "r.json"), doctest::Contains("\"results\""), ParseError);
  CHECK_THROWS_WITH_AS(parse_json(R"({"results":[{"Model Name":"a","FPS":"1067"}]})", "f.json"),
                       doctest::Contains("expected a number for \"FPS\""), ParseError);
  CHECK_THROWS_AS(parse_json(R"({"results":[]})", "z.json"), ParseError);
}

TEST_CASE("malformed stdout: a profiler row with a non-number is quoted") {
  std::string text = "Profiler data has been written to profiler.json\n  |   NPU Core |  12 |  abc |  13 | \n";
  CHECK_THROWS_WITH_AS(parse_stdout(text, "s.txt"), doctest::Contains("s.txt:2"), ParseError);
  auto truncated = fixture("dxbenchmark_v3.2_stdout.txt");
  truncated = truncated.substr(0, truncated.find("Profiler data"));
  auto info = parse_stdout(truncated, "cut.txt");
  CHECK_FALSE(info.benchmark_s.has_value());  // no duration rather than a made-up one
}

TEST_CASE("the adapter's offline parse handles every DeepX fixture: results or a clear refusal") {
  DxbenchmarkAdapter ad;
  namespace fs = std::filesystem;
  for (const auto& e : fs::directory_iterator(std::string(WB_FIXTURES) + "/deepx")) {
    auto name = e.path().filename().string();
    CAPTURE(name);
    if (name.rfind("DXBENCHMARK_", 0) == 0 || name.rfind("dxbenchmark", 0) == 0 || name.rfind("run_model_v3", 0) == 0) {
      auto j = ad.parse_files({e.path()});
      CHECK(j.size() == 1);
    } else {
      // dxrt-cli and legacy run_model output is not dxbenchmark output.
      CHECK_THROWS_WITH_AS(ad.parse_files({e.path()}), doctest::Contains("not dxbenchmark output"), ParseError);
    }
  }
}

TEST_CASE("window evidence: the profiler line ends the timed phase") {
  DxbenchmarkAdapter ad;
  std::vector<TimedLine> lines{{1.0, 1, "Runtime Framework Version: v3.2.0"},
                               {9.5, 2, "Profiler data has been written to profiler.json"},
                               {9.7, 1, "Profiler data has been written to profiler.json"}};
  auto ev = ad.window_evidence(lines, {});
  REQUIRE(ev.end_anchor_s);
  CHECK(*ev.end_anchor_s == doctest::Approx(9.7));  // stdout only
}
