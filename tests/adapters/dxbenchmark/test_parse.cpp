// dxbenchmark parsers on the real-format fixtures, on format variants from the rules
// (v3.1 CSV header, commas in model names, CV -1.00) and on malformed input.
#include <doctest/doctest.h>

#include "fixture.hpp"

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapters/dxbenchmark/adapter.hpp"
#include "adapters/dxbenchmark/parse.hpp"
#include "harness/plugin/tool_kind.hpp"

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

TEST_CASE("stdout v3.2 (the article's layout): sample lists after the average, the span is not the timed loop") {
  auto info = parse_stdout(fixture("dxbenchmark_v3.2_stdout.txt"), "stdout.txt");
  CHECK(info.versions.at("runtime") == "3.2.0");
  CHECK(info.versions.at("device_driver") == "2.1.0");
  CHECK(info.versions.at("pcie_driver") == "2.0.1");
  REQUIRE(info.model_files.size() == 1);
  CHECK(info.model_files[0] == "bench/ResNet50/ResNet50-1.dxnn");
  CHECK(info.profiler_layout == "v3.1/v3.2");
  REQUIRE(info.profiler.size() == 7);
  REQUIRE(info.row("NPU Core"));
  CHECK(info.row("NPU Core")->avg_us == doctest::Approx(2741.18));
  REQUIRE(info.row("NPU Task"));
  CHECK(info.row("NPU Task")->samples_us.size() == 30);
  CHECK(info.row("NPU Task")->samples_us.front() == doctest::Approx(9874));  // Job_0: the first warm-up run
  CHECK(info.row("NPU Task")->more_samples);
  REQUIRE(info.row("Framework Response Handling"));  // cut to 28 characters by the tool
  CHECK(info.row("Framework Response Handling")->max_us == doctest::Approx(1873));
  const auto* span = info.row("dxbenchmark_ResNet50-1.dxnn");
  REQUIRE(span);
  CHECK(span->samples_us == std::vector<double>{30000911});
  CHECK_FALSE(span->more_samples);
  REQUIRE(info.load_to_end_s);
  CHECK(*info.load_to_end_s == doctest::Approx(30.000911));
  CHECK(info.span_model == "ResNet50-1.dxnn");
  REQUIRE(info.profiler_line);
  CHECK(*info.profiler_line == 22u);
}

TEST_CASE("stdout v3.3: a table per device, no span row; v3.4: task and device sections with CoV") {
  auto v33 = parse_stdout(fixture("dxbenchmark_v3.3_stdout_two_devices.txt"), "v33.txt");
  CHECK(v33.profiler_layout == "v3.3");
  REQUIRE(v33.profiler.size() == 10);
  CHECK(v33.profiler[0].device == "Device 0");
  CHECK(v33.profiler[5].device == "Device 1");
  CHECK(v33.profiler[9].name == "NPU Task");
  CHECK(v33.profiler[9].avg_us == doctest::Approx(5921.06));
  CHECK(v33.profiler[4].samples_us.empty());
  CHECK_FALSE(v33.load_to_end_s);
  CHECK(v33.versions.at("runtime") == "3.3.2");

  auto v34 = parse_stdout(fixture("dxbenchmark_v3.4_stdout.txt"), "v34.txt");
  CHECK(v34.profiler_layout == "v3.4");
  REQUIRE(v34.profiler.size() == 10);
  const auto* total = v34.row("NPU Task (total)");
  REQUIRE(total);
  CHECK(total->task == "npu_0");
  CHECK(total->device == "Device 0");
  CHECK(total->avg_us == doctest::Approx(5862.44));
  REQUIRE(total->cov_pct);
  CHECK(*total->cov_pct == doctest::Approx(6.12));
  REQUIRE(v34.row("- Inference Core 2"));
  CHECK(v34.row("- Inference Core 2")->max_us == doctest::Approx(3302.0));
  CHECK_FALSE(v34.load_to_end_s);
}

TEST_CASE("profiler.json: the timed loop is the NPU Task events after the warm-up runs, on CLOCK_MONOTONIC") {
  auto v32 = parse_profile(fixture("profiler_v3.2.json"), "p.json", 10);
  CHECK(v32.key_scheme == "v3.1/v3.2");
  CHECK(v32.npu_tasks == 1);
  CHECK(v32.events == 50);
  CHECK(v32.warmup_events == 10);
  CHECK(v32.warmup_sequential);
  CHECK(v32.complete);
  CHECK(v32.inferences == 40);
  CHECK(v32.first_start_s == doctest::Approx(183403.375751457).epsilon(1e-12));
  CHECK(v32.last_end_s == doctest::Approx(183403.420828255).epsilon(1e-12));
  CHECK(v32.duration_s() == doctest::Approx(0.045076798).epsilon(1e-6));
  // The wrong warm-up count is visible: the skipped events would overlap like timed ones.
  CHECK_FALSE(parse_profile(fixture("profiler_v3.2.json"), "p.json", 20).warmup_sequential);

  auto v33 = parse_profile(fixture("profiler_v3.3_two_tasks.json"), "p33.json", 10);
  CHECK(v33.key_scheme == "v3.3");
  CHECK(v33.npu_tasks == 2);
  CHECK(v33.warmup_events == 20);
  CHECK(v33.warmup_sequential);
  CHECK(v33.inferences == 30);
  CHECK(v33.duration_s() == doctest::Approx(0.063885738).epsilon(1e-6));

  auto v34 = parse_profile(fixture("profiler_v3.4.json"), "p34.json", 10);
  CHECK(v34.key_scheme == "v3.4");
  CHECK(v34.complete);
  CHECK(v34.inferences == 50);
  CHECK(v34.duration_s() == doctest::Approx(0.054859482).epsilon(1e-6));

  auto wrapped = parse_profile(fixture("profiler_v3.4_wrapped.json"), "w.json", 10);
  CHECK_FALSE(wrapped.complete);  // only the last 1024 jobs: the start is not in the file
  CHECK(wrapped.last_end_s == doctest::Approx(183404.580765268).epsilon(1e-12));
  CHECK(wrapped.warmup_events == 0);
}

TEST_CASE("profiler.json: malformed input is refused with the file and line") {
  CHECK_THROWS_WITH_AS(parse_profile("{\"NPU Task[Job_0][npu_0][Req_0]\":[{\"start\":1,\"end\"", "t.json", 0),
                       doctest::Contains("t.json:1: not valid JSON"), ParseError);
  CHECK_THROWS_WITH_AS(parse_profile("{\"PCIe Read[Job_0][npu_0][Req_0](0)\":[{\"start\":1,\"end\":2}]}", "n.json", 0),
                       doctest::Contains("no \"NPU Task[…]\" events"), ParseError);
  CHECK_THROWS_WITH_AS(parse_profile("[1,2]", "a.json", 0), doctest::Contains("expected a JSON object"), ParseError);
  CHECK_THROWS_WITH_AS(parse_profile(fixture("profiler_v3.2.json"), "few.json", 50),
                       doctest::Contains("no timed inference"), ParseError);
}

TEST_CASE("v3.1-era CSV: no Firmware Version column, no spaces") {
  std::string text =
      "Runtime Version,Device Driver Version,PCIe Driver Version,Model Name,FPS,NPU Inference Time Mean,NPU Inference "
      "Time SD,"
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
      "Runtime Version, Firmware Version, Device Driver Version,PCIe Driver Version,Model Name,FPS,NPU Inference Time "
      "Mean,"
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
  std::string header = fixture("DXBENCHMARK_2026_01_30_142233.csv")
                           .substr(0, fixture("DXBENCHMARK_2026_01_30_142233.csv").find('\n') + 1);
  CHECK_THROWS_WITH_AS(parse_csv("", "e.csv"), doctest::Contains("e.csv: empty file"), ParseError);
  CHECK_THROWS_WITH_AS(parse_csv(header, "h.csv"), doctest::Contains("header only"), ParseError);
  CHECK_THROWS_WITH_AS(parse_csv(header + "3.2.0,2.5.0,2.1.0,2.0.1,ResNet50-1.dxnn,1067.31,2.74\n", "t.csv"),
                       doctest::Contains("t.csv:2: expected 12 comma-separated values"), ParseError);
  CHECK_THROWS_WITH_AS(
      parse_csv(header + "3.2.0,2.5.0,2.1.0,2.0.1,ResNet50-1.dxnn,fast,2.74,0.08,0.03,5.86,0.71,0.12\n", "n.csv"),
      doctest::Contains("n.csv:2: column 'FPS': expected a number, found 'fast'"), ParseError);
  CHECK_THROWS_WITH_AS(parse_csv("Runtime Version,Model Name\n3.2.0,a.dxnn\n", "m.csv"),
                       doctest::Contains("m.csv:1: expected column 'FPS'"), ParseError);
}

TEST_CASE("malformed JSON: truncated, missing results, FPS not a number") {
  auto full = fixture("DXBENCHMARK_2026_01_30_142233.json");
  CHECK_THROWS_WITH_AS(parse_json(full.substr(0, full.size() / 2), "t.json"), doctest::Contains("t.json:"), ParseError);
  CHECK_THROWS_WITH_AS(parse_json("{\"Runtime Version\": \"3.2.0\"}", "r.json"), doctest::Contains("\"results\""),
                       ParseError);
  CHECK_THROWS_WITH_AS(parse_json(R"({"results":[{"Model Name":"a","FPS":"1067"}]})", "f.json"),
                       doctest::Contains("expected a number for \"FPS\""), ParseError);
  CHECK_THROWS_AS(parse_json(R"({"results":[]})", "z.json"), ParseError);
}

TEST_CASE("malformed stdout: a profiler row with a non-number is quoted") {
  std::string text = "Profiler data has been written to profiler.json\n  |   NPU Core |  12 |  abc |  13 | \n";
  CHECK_THROWS_WITH_AS(parse_stdout(text, "s.txt"), doctest::Contains("s.txt:2"), ParseError);
  std::string samples = "Profiler data has been written to profiler.json\n  |   NPU Core |  12 |  13 |  13 | 12, x, \n";
  CHECK_THROWS_WITH_AS(parse_stdout(samples, "d.txt"),
                       doctest::Contains("d.txt:2: profiler row 'NPU Core': expected durations"), ParseError);
  auto truncated = fixture("dxbenchmark_v3.2_stdout.txt");
  truncated = truncated.substr(0, truncated.find("Profiler data"));
  auto info = parse_stdout(truncated, "cut.txt");
  CHECK(info.profiler.empty());
  CHECK_FALSE(info.load_to_end_s.has_value());  // no duration rather than a made-up one
}

TEST_CASE("tool errors: dxbenchmark exits 0 on bad options; its own words are found") {
  CHECK(tool_error("DXRT v3.2.0 dxbenchmark\nUsage:\n", "Error: Argument '2.5' failed to parse\n") ==
        "Error: Argument '2.5' failed to parse");
  CHECK(tool_error("Either loops or time duration must be specified.\nUsage:\n", "") ==
        "Either loops or time duration must be specified.");
  CHECK(tool_error("[ERR] The model directory is empty\n", "") == "[ERR] The model directory is empty");
  CHECK(tool_error(fixture("dxbenchmark_v3.2_stdout.txt"), "") == "");
}

TEST_CASE("the adapter's offline parse handles every DeepX fixture: results or a clear refusal") {
  const Adapter& ad = dxbenchmark_adapter();
  namespace fs = std::filesystem;
  for (const auto& e : fs::directory_iterator(std::string(WB_FIXTURES) + "/deepx")) {
    auto name = e.path().filename().string();
    CAPTURE(name);
    if (name == "README.md") continue;
    if (name.rfind("DXBENCHMARK_", 0) == 0 || name.rfind("dxbenchmark", 0) == 0 || name.rfind("profiler", 0) == 0 ||
        name.rfind("run_model_v3", 0) == 0) {
      auto j = ad.parse_files({e.path()});
      CHECK(j.size() == 1);
    } else {
      // dxrt-cli and legacy run_model output is not dxbenchmark output.
      CHECK_THROWS_WITH_AS(ad.parse_files({e.path()}), doctest::Contains("not dxbenchmark output"), ParseError);
    }
  }
}

namespace {
// A tool-files folder as dxbenchmark leaves it: a report and, optionally, profiler.json.
struct ToolDir {
  std::filesystem::path dir;
  explicit ToolDir(const std::string& name)
      : dir(std::filesystem::temp_directory_path() / ("wb-dx-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "tool-files");
  }
  ~ToolDir() { std::filesystem::remove_all(dir); }
  void write(const std::string& rel, const std::string& text) const { std::ofstream(dir / rel) << text; }
  ToolResult parse(const ToolInvocation& inv) const {
    return dxbenchmark_adapter().parse_run(dir / "tool-files", dir / "stdout.log", dir / "stderr.log", inv);
  }
};
const char* kCsvHeader =
    "Runtime Version, Firmware Version, Device Driver Version,PCIe Driver Version,Model Name,FPS,NPU Inference Time "
    "Mean,"
    "NPU Inference Time SD,NPU Inference Time CV,Latency Mean,Latency SD,Latency CV\n";
}  // namespace

TEST_CASE(
    "parse_run: window from profiler.json; no profiler.json means no window; several models refused; tool errors") {
  ToolDir d("run");
  d.write("stdout.log", fixture("dxbenchmark_v3.2_stdout.txt"));
  d.write("stderr.log", "");
  d.write("tool-files/DXBENCHMARK_2026_01_30_142233.csv",
          std::string(kCsvHeader) + "3.2.0,2.5.0,2.1.0,2.0.1,ResNet50-1.dxnn,887.40,2.74,0.08,0.03,5.86,0.71,0.12\n");
  ToolInvocation inv;
  inv.context = {{"warmup", 10}, {"time_s", 1}};
  auto no_profile = d.parse(inv);
  CHECK(no_profile.fps == doctest::Approx(887.40));
  CHECK_FALSE(no_profile.measured_s);  // the span in stdout includes load and warm-up: no window from it
  CHECK_FALSE(no_profile.steady_start_s);
  CHECK(no_profile.window_note.find("no profiler.json") != std::string::npos);
  CHECK(no_profile.extras["model_load_to_end_s"].get<double>() == doctest::Approx(30.000911));

  d.write("tool-files/profiler.json", fixture("profiler_v3.2.json"));
  auto t = d.parse(inv);
  REQUIRE(t.steady_start_s);
  REQUIRE(t.steady_end_s);
  CHECK(*t.steady_start_s == doctest::Approx(183403.375751457).epsilon(1e-12));
  CHECK(*t.steady_end_s - *t.steady_start_s == doctest::Approx(0.045076798).epsilon(1e-6));
  CHECK(*t.frames == 40);
  CHECK(t.window_uncertainty_s == 0);
  // 40 inferences over 45 ms is 887 inferences/s: the report agrees, so no warning.
  CHECK(t.warnings.empty());
  inv.context["warmup"] = 20;  // a warm-up count that does not match the events is flagged
  CHECK_FALSE(d.parse(inv).warnings.empty());

  // v3.4 dropped the loop's start: the end is exact, the length comes from --time with its bound.
  d.write("tool-files/profiler.json", fixture("profiler_v3.4_wrapped.json"));
  inv.context = {{"warmup", 10}, {"time_s", 1}};
  auto w = d.parse(inv);
  REQUIRE(w.steady_end_s);
  CHECK(*w.steady_end_s == doctest::Approx(183404.580765268).epsilon(1e-12));
  CHECK(*w.steady_end_s - *w.steady_start_s == doctest::Approx(1.0 + 50 / 887.40).epsilon(1e-9));
  CHECK(w.window_uncertainty_s == doctest::Approx(50 / 887.40 + 0.01));

  d.write("tool-files/DXBENCHMARK_2026_01_30_142233.csv", fixture("DXBENCHMARK_2026_01_30_142233.csv"));
  CHECK_THROWS_WITH_AS(d.parse(inv), doctest::Contains("ran 2 models in one process"), ToolError);

  std::filesystem::remove(d.dir / "tool-files/DXBENCHMARK_2026_01_30_142233.csv");
  d.write("stdout.log", "DXRT v3.2.0 dxbenchmark\nUsage:\n  dxbenchmark [OPTION...]\n");
  d.write("stderr.log", "Error: Argument '2.5' failed to parse\n");
  CHECK_THROWS_WITH_AS(d.parse(inv), doctest::Contains("'Error: Argument '2.5' failed to parse'"), ToolError);
}

TEST_CASE("offline parse of profiler.json: the timed loop's duration and inference count") {
  const Adapter& ad = dxbenchmark_adapter();
  auto j = ad.parse_files({std::string(WB_FIXTURES) + "/deepx/profiler_v3.2.json"});
  REQUIRE(j.size() == 1);
  CHECK(j[0]["kind"] == "profile");
  CHECK(j[0]["inferences"] == 40);
  CHECK(j[0]["measured_s"].get<double>() == doctest::Approx(0.045076798).epsilon(1e-6));
  CHECK(j[0]["warmup_sequential"] == true);
  auto w = ad.parse_files({std::string(WB_FIXTURES) + "/deepx/profiler_v3.4_wrapped.json"});
  CHECK(w[0]["complete"] == false);
  CHECK(w[0]["measured_s"].is_null());
  auto out = ad.parse_files({std::string(WB_FIXTURES) + "/deepx/dxbenchmark_v3.2_stdout.txt"});
  CHECK(out[0]["measured_s"].is_null());
  CHECK(out[0]["profiler"].size() == 7);
}

TEST_CASE("window evidence: nothing on stdout bounds the timed loop") {
  const Adapter& ad = dxbenchmark_adapter();
  std::vector<TimedLine> lines{{1.0, 1, "Runtime Framework Version: v3.2.0"},
                               {9.7, 1, "Profiler data has been written to profiler.json"}};
  auto ev = ad.window_evidence(lines, {});
  CHECK_FALSE(ev.end_anchor_s);  // the profiler line comes after teardown and the reports
  CHECK_FALSE(ev.marker_start_s);
}
