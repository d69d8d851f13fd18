// benchmark_app parser and adapter on the fixtures (each release's report) and on variants built
// from the format rules; argument checks and the command line.
#include <doctest/doctest.h>

#include "config_test_support.hpp"
#include "fixture.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "adapters/benchmark_app/adapter.hpp"
#include "adapters/benchmark_app/parse.hpp"
#include "adapters/benchmark_app/report_file.hpp"
#include "harness/config/benchmark_config.hpp"
#include "harness/config/config.hpp"
#include "harness/config/node.hpp"
#include "harness/plugin/tool_kind.hpp"

using namespace wb;
using namespace wb::benchmark_app;
namespace fs = std::filesystem;

static std::string ov(const std::string& name) { return read_fixture("benchmark_app/" + name); }

static std::string replaced(std::string s, const std::string& from, const std::string& to) {
  for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  return s;
}

TEST_CASE("benchmark_app: the newest C++ report, the steps before it and the runtime build") {
  auto o = parse(ov("benchmark_app_2025_cpu_tput.txt"), "f");
  CHECK(o.format == Format::r2023);
  CHECK(o.count == 15208);
  CHECK(o.duration_ms == doctest::Approx(60047.12));
  CHECK(*o.throughput_fps == doctest::Approx(253.27));
  CHECK(*o.latency.median_ms == doctest::Approx(15.68));
  CHECK(*o.latency.average_ms == doctest::Approx(15.77));
  CHECK(*o.latency.min_ms == doctest::Approx(9.12));
  CHECK(*o.latency.max_ms == doctest::Approx(41.35));
  CHECK(o.latency.unit == "ms");
  CHECK(o.latency.percentile == 50);
  CHECK(*o.batch == 1);
  CHECK(*o.first_inference_ms == doctest::Approx(14.83));
  CHECK(*o.read_model_ms == doctest::Approx(31.06));
  CHECK(*o.compile_model_ms == doctest::Approx(412.77));
  CHECK(o.build == "2025.2.0-19140-c01cd93e24d-releases/2025/2");  // the runtime's, not a plugin's
  CHECK(o.execution_devices == "[ CPU ]");
  CHECK(o.measuring.find("4 inference requests using 4 streams for CPU, limits: 60000 ms duration") !=
        std::string::npos);
  CHECK_FALSE(o.warmup_skipped);
}

TEST_CASE("benchmark_app: the Python tool's padding, the 2022 tab blocks (Avg, a percentile) and the 2021 report") {
  auto py = parse(ov("benchmark_app_2023.2_python_notebook.txt"), "f");
  CHECK(py.format == Format::r2023);
  CHECK(py.count == 20220);
  CHECK(*py.throughput_fps == doctest::Approx(1347.57));
  CHECK(*py.latency.max_ms == doctest::Approx(13.27));
  CHECK(py.execution_devices == "['CPU']");
  CHECK(py.build == "2023.2.0-13089-cfd42bd2cb0-HEAD");

  auto tabs = parse(ov("benchmark_app_2022.3_sync_batch4_tabs.txt"), "f");
  CHECK(tabs.format == Format::r2022);
  CHECK(*tabs.batch == 4);
  CHECK(*tabs.latency.median_ms == doctest::Approx(12.49));
  CHECK(*tabs.latency.average_ms == doctest::Approx(12.50));

  auto p90 = parse(ov("benchmark_app_2022.1_gpu_p90_log_total.txt"), "f");
  CHECK(p90.format == Format::r2022);
  CHECK(p90.latency.percentile == 90);
  CHECK(*p90.latency.median_ms == doctest::Approx(18.22));
  CHECK(*p90.latency.average_ms == doctest::Approx(14.01));  // "Avg:"
  CHECK(*p90.compile_model_ms == doctest::Approx(9011.35));

  auto old = parse(ov("benchmark_app_2021.4_sync.txt"), "f");
  CHECK(old.format == Format::r2021);
  CHECK(old.count == 2917);
  CHECK(*old.latency.median_ms == doctest::Approx(3.38));
  CHECK_FALSE(old.latency.average_ms.has_value());
  CHECK(old.api_version == "2.1");
  CHECK(old.build == "2021.4.2-3974-e2a469a3450-releases/2021/4");
  CHECK(*old.batch == 1);                                   // "Network batch size: 1"
  CHECK(*old.compile_model_ms == doctest::Approx(188.42));  // "Load network took"
}

TEST_CASE("benchmark_app: latency in us (and µs) is read in ms; MULTI prints no latency") {
  auto us = parse(ov("benchmark_app_newest_npu_latency_us.txt"), "f");
  CHECK(us.latency.unit == "us");
  CHECK(*us.latency.median_ms == doctest::Approx(0.41235));
  CHECK(*us.latency.max_ms == doctest::Approx(2.10755));
  auto micro = parse(replaced(ov("benchmark_app_newest_npu_latency_us.txt"), " us", " \xC2\xB5s"), "f");
  CHECK(micro.latency.unit == "\xC2\xB5s");
  CHECK(*micro.latency.average_ms == doctest::Approx(0.4319));
  auto multi = parse(ov("benchmark_app_multi_no_latency.txt"), "f");
  CHECK(multi.format == Format::r2023);  // told by the Count label's padding
  CHECK_FALSE(multi.latency.median_ms.has_value());
  CHECK_FALSE(multi.batch.has_value());
  auto m2022 = parse(replaced(ov("benchmark_app_multi_no_latency.txt"), "Count:               ", "Count:      "), "f");
  CHECK(m2022.format == Format::r2022);
}

TEST_CASE("benchmark_app: malformed or cut reports name the file, the line and what was expected") {
  CHECK_THROWS_WITH_AS(
      parse("[Step 10/11] Measuring performance (x)\n[ INFO ] First inference took 3.00 ms\n", "cut.txt"),
      doctest::Contains("cut.txt: no 'Count: <n> iterations' line"), ParseError);
  CHECK_THROWS_WITH_AS(parse("[ INFO ] Count:      10 iterations\n[ INFO ] Duration:   12 s\n", "u.txt"),
                       doctest::Contains("u.txt:2: Duration: expected '<number> ms'"), ParseError);
  CHECK_THROWS_WITH_AS(parse("[ INFO ] Count:      ten iterations\n", "n.txt"),
                       doctest::Contains("n.txt:1: Count: expected"), ParseError);
  CHECK_THROWS_AS(parse("[ INFO ] Count:      10.5 iterations\n[ INFO ] Duration:   12 ms\n", "f"), ParseError);
  CHECK_THROWS_AS(parse("[ INFO ] Count:      0 iterations\n[ INFO ] Duration:   12 ms\n", "f"), ParseError);
  CHECK_THROWS_AS(parse("[ INFO ] Count:      10 iterations\n", "f"), ParseError);  // no Duration
  CHECK_THROWS_WITH_AS(
      parse("[ INFO ] Count: 10 iterations\n[ INFO ] Duration: 12 ms\n[ INFO ] Latency:\n[ INFO ]    Median: 3 s\n",
            "l.txt"),
      doctest::Contains("l.txt:4: Median: expected the unit ms, us or"), ParseError);
  CHECK_THROWS_AS(parse("[ INFO ] Count: 10 iterations\n[ INFO ] Duration: 12 ms\n[ INFO ] Throughput: 9 it/s\n", "f"),
                  ParseError);
}

TEST_CASE("benchmark_app: the tool's stop reason and the live markers") {
  std::string why = failure_reason(ov("benchmark_app_npu_compile_error_stdout.txt"),
                                   ov("benchmark_app_npu_compile_error_stderr.txt"));
  CHECK(why.rfind("Exception from src/inference/src/cpp/core.cpp:109:", 0) == 0);
  CHECK(why.find("Compilation failed: upper bound is not set") !=
        std::string::npos);  // what() goes on past the prefixed line
  CHECK(failure_reason("[Step 1/11] x\n", "").empty());
  CHECK(is_timed_start("[ INFO ] First inference took 6.27 ms"));
  CHECK(is_timed_start("[ INFO ] Skipping warmup inference due to -no_warmup flag"));
  CHECK_FALSE(is_timed_start(
      "[ INFO ] Benchmarking in inference only mode (inputs filling are not included in measurement loop)."));
  CHECK(is_report_step("[Step 11/11] Dumping statistics report"));
  CHECK_FALSE(is_report_step("[Step 10/11] Measuring performance"));
}

TEST_CASE("benchmark_app adapter: FPS from Count x batch / Duration, the tool's figure beside it, refusal and window") {
  auto dir = fs::temp_directory_path() / "wattbench-benchmark_app-adapter";
  fs::create_directories(dir);
  auto write = [&](const std::string& out, const std::string& err) {
    std::ofstream(dir / "out.log") << out;
    std::ofstream(dir / "err.log") << err;
  };
  const Adapter& ad = benchmark_app_adapter();
  ToolInvocation inv;
  inv.context = {{"device", "CPU"}, {"model", "resnet50.xml"}};

  write(ov("benchmark_app_2025_cpu_tput.txt"), "");
  auto t = ad.parse_run(dir, dir / "out.log", dir / "err.log", inv);
  CHECK(*t.fps == doctest::Approx(15208 / 60.04712));
  CHECK(*t.frames == 15208);
  CHECK(*t.measured_s == doctest::Approx(60.04712));
  CHECK(*t.latency_mean_ms == doctest::Approx(15.77));
  CHECK(t.versions.at("openvino") == "2025.2.0-19140-c01cd93e24d-releases/2025/2");
  CHECK(t.extras["latency_ms"]["median"].get<double>() == doctest::Approx(15.68));
  CHECK(t.extras["throughput_fps"].get<double>() == doctest::Approx(253.27));
  CHECK(t.extras["device"] == "CPU");
  CHECK(t.model == "resnet50.xml");
  CHECK(t.warnings.empty());

  write(ov("benchmark_app_2022.3_sync_batch4_tabs.txt"), "");  // the printed batch counts frames
  auto b4 = ad.parse_run(dir, dir / "out.log", dir / "err.log", inv);
  CHECK(*b4.fps == doctest::Approx(2400 * 4 / 30.01248));
  CHECK(*b4.frames == 9600);
  CHECK(b4.warnings.empty());

  write(ov("benchmark_app_2021.4_sync.txt"), "");  // Throughput = 1000 / median latency in 2021 sync mode
  auto old = ad.parse_run(dir, dir / "out.log", dir / "err.log", inv);
  CHECK(*old.fps == doctest::Approx(2917 / 10.00344));
  REQUIRE(old.warnings.size() == 1);
  CHECK(old.warnings[0].find("median latency") != std::string::npos);
  CHECK(old.extras["latency_ms"]["median"].get<double>() == doctest::Approx(3.38));
  CHECK_FALSE(old.latency_mean_ms.has_value());

  write(ov("benchmark_app_multi_no_latency.txt"), "");  // no batch printed: the config's, else 1 with a warning
  auto m1 = ad.parse_run(dir, dir / "out.log", dir / "err.log", inv);
  CHECK(*m1.fps == doctest::Approx(9020 / 10.00458));
  CHECK(m1.warnings.size() == 1);
  inv.context["batch"] = 2;
  auto m2 = ad.parse_run(dir, dir / "out.log", dir / "err.log", inv);
  CHECK(*m2.fps == doctest::Approx(2 * 9020 / 10.00458));
  CHECK(m2.warnings.size() == 1);  // now the tool's figure (per request) disagrees: said, not hidden
  CHECK(m2.warnings[0].find("differs") != std::string::npos);

  write(ov("benchmark_app_npu_compile_error_stdout.txt"), ov("benchmark_app_npu_compile_error_stderr.txt"));
  CHECK_THROWS_WITH_AS(ad.parse_run(dir, dir / "out.log", dir / "err.log", inv),
                       doctest::Contains("benchmark_app stopped before its report: 'Exception from"), ToolError);
  write("[Step 1/11] Parsing and validating input arguments\n", "");  // no reason given: a parse error, not a refusal
  CHECK_THROWS_AS(ad.parse_run(dir, dir / "out.log", dir / "err.log", inv), ParseError);

  std::vector<TimedLine> lines{{1.0, 1, "[Step 10/11] Measuring performance (x)"},
                               {1.2, 2, "[ INFO ] First inference took 9.00 ms"},  // stderr: not the tool's line
                               {1.5, 1, "[ INFO ] First inference took 9.00 ms"},
                               {7.51, 1, "[Step 11/11] Dumping statistics report"},
                               {7.6, 1, "[ INFO ] Count:      10 iterations"}};
  auto w = ad.window_evidence(lines, inv);
  REQUIRE(w.marker_start_s.has_value());
  CHECK(*w.marker_start_s == 1.5);
  REQUIRE(w.end_anchor_s.has_value());
  CHECK(*w.end_anchor_s == 7.51);
  CHECK_FALSE(w.marker_end_s.has_value());  // the end is start + the tool's Duration

  auto parsed = ad.parse_files({fs::path(WB_FIXTURES) / "benchmark_app/benchmark_app_2023.2_python_notebook.txt"});
  CHECK(parsed[0]["result"]["fps"].get<double>() == doctest::Approx(20220 / 15.00483));
  fs::remove_all(dir);
}

TEST_CASE("benchmark_app config: arguments checked, command line built") {
  fs::path cfg = fs::path(WB_SOURCE_DIR) / "configs/sim/x86-cpu-openvino-rapl.yaml";
  auto err = [&](std::vector<std::string> sets) { return config_test::load_error(cfg, sets).value_or(""); };
  CHECK_FALSE(config_test::load_error(cfg, {}).has_value());
  CHECK(err({"benchmark.args.device=TPU"}).find("expected a device benchmark_app's -d takes: CPU, GPU, NPU") !=
        std::string::npos);
  CHECK(err({"benchmark.args.device=GPU.1"}).empty());
  CHECK(err({"benchmark.args.device=AUTO:NPU,CPU"}).empty());
  CHECK(err({"benchmark.args.iterations=100"}).find("not both") != std::string::npos);
  CHECK(err({"benchmark.args.duration_s=2.5"}).find("whole number") != std::string::npos);
  CHECK(err({"benchmark.args.duration_s=0"}).find("1 or more") != std::string::npos);
  CHECK(err({"benchmark.args.hint=fast"}).find("'fast': expected one of throughput") != std::string::npos);
  CHECK(err({"benchmark.args.api=asynch"}).find("sync or async") != std::string::npos);
  CHECK(err({"benchmark.args.api=sync", "benchmark.args.duration_s=null", "benchmark.args.iterations=2"})
            .find("more infer requests") != std::string::npos);
  CHECK(err({"benchmark.args.max_fps=-5"}).find("max_fps") != std::string::npos);
  CHECK(err({"benchmark.args.frames=5"}).find("frames") != std::string::npos);  // unknown key

  Config c = load_config(cfg, {});
  auto inv = benchmark_app_adapter().invocation(c.benchmark, c.dir);
  REQUIRE(inv.args.size() == 10);
  CHECK(inv.args[0] == "-m");
  CHECK(fs::path(inv.args[1]).is_absolute());
  CHECK(fs::path(inv.args[1]).filename() == "resnet50-v1-7.xml");
  CHECK(std::vector<std::string>(inv.args.begin() + 2, inv.args.end()) ==
        std::vector<std::string>{"-d", "CPU", "-t", "5", "-hint", "throughput", "-nireq", "4"});
  CHECK(*inv.expected_s == 5);
  Config paced = load_config(cfg, {"benchmark.args.max_fps=120.5", "benchmark.args.batch=2",
                                   "benchmark.args.duration_s=null", "benchmark.args.iterations=300"});
  auto pinv = benchmark_app_adapter().invocation(paced.benchmark, paced.dir);
  std::vector<std::string> tail(pinv.args.begin() + 4, pinv.args.end());
  CHECK(tail == std::vector<std::string>{"-niter", "300", "-hint", "throughput", "-nireq", "4", "-b", "2", "-max_irate",
                                         "120.5"});
  CHECK_FALSE(pinv.expected_s.has_value());
  CHECK(pinv.context["max_fps"].get<double>() == 120.5);
  CHECK(pinv.context["batch"].get<int>() == 2);
}

TEST_CASE(
    "benchmark_app statistics report files: CSV, JSON, decimal comma, the error, counters refused with the reason") {
  auto csv = parse_report(read_fixture("benchmark_app/benchmark_report_2025.csv"), "r.csv");
  CHECK(csv.form == "csv");
  CHECK(*csv.duration_ms == doctest::Approx(60047.123456));
  CHECK(*csv.iterations == 15208);
  CHECK(*csv.latency_median_ms == doctest::Approx(15.68));
  CHECK(*csv.throughput_fps == doctest::Approx(15208e3 / 60047.123456).epsilon(1e-6));
  auto js = parse_report(read_fixture("benchmark_app/benchmark_report_2025.json"), "r.json");
  CHECK(js.form == "json");
  CHECK(*js.duration_ms == doctest::Approx(*csv.duration_ms));
  CHECK(*js.latency_max_ms == doctest::Approx(41.35));
  auto comma = parse_report(read_fixture("benchmark_app/benchmark_report_decimal_comma.csv"), "c.csv");
  CHECK(*comma.duration_ms == doctest::Approx(20012.345678));
  CHECK(*comma.latency_median_ms == doctest::Approx(5.12));  // "latency (90 percentile) (ms)"
  CHECK(*comma.percentile == 90);
  CHECK_THROWS_WITH_AS(parse_report(read_fixture("benchmark_app/benchmark_report_error.json"), "e.json"),
                       doctest::Contains("stopped before its execution results: 'Exception from src/inference"),
                       ParseError);
  for (const char* f : {"benchmark_average_counters_report.json", "benchmark_average_counters_report.csv"})
    CHECK_THROWS_WITH_AS(parse_report(read_fixture(std::string("benchmark_app/") + f), f),
                         doctest::Contains("performance-counters report"), ParseError);
  CHECK_THROWS_WITH_AS(parse_report("Execution results;\ntotal execution time (ms);fast;\n", "x.csv"),
                       doctest::Contains("x.csv:2: 'total execution time (ms)': expected a number"), ParseError);
  CHECK_THROWS_WITH_AS(parse_report("Execution results;\ntotal number of iterations;12;\n", "cut.csv"),
                       doctest::Contains("without its execution results"), ParseError);
}

TEST_CASE("benchmark_app: parse_files reads report files as results; a run reads the report its folder holds") {
  const Adapter& ad = benchmark_app_adapter();
  std::string dir = std::string(WB_FIXTURES) + "/benchmark_app/";
  auto j = ad.parse_files(
      {dir + "benchmark_report_2025.csv", dir + "benchmark_report_2025.json", dir + "benchmark_app_2025_cpu_tput.txt"});
  REQUIRE(j.size() == 3);
  for (int i = 0; i < 3; ++i) {
    CAPTURE(i);
    CHECK(j[i]["result"]["fps"].get<double>() == doctest::Approx(15208e3 / 60047.12).epsilon(1e-4));
    CHECK(j[i]["result"]["frames"].get<double>() == 15208);
    CHECK(j[i]["result"]["measured_s"].get<double>() == doctest::Approx(60.047).epsilon(1e-4));
  }
  CHECK(j[0]["kind"] == "report csv");
  CHECK_THROWS_WITH_AS(ad.parse_files({dir + "benchmark_average_counters_report.json"}),
                       doctest::Contains("no run figures"), ParseError);
  // stdout lost its report, the working folder has the file: read, with a warning.
  auto tmp = std::filesystem::temp_directory_path() / "wb-ba-report";
  std::filesystem::create_directories(tmp / "tool-files");
  auto full = read_fixture("benchmark_app/benchmark_app_2025_cpu_tput.txt");
  std::ofstream(tmp / "out.log") << full.substr(0, full.find("[Step 11/11]"));
  std::ofstream(tmp / "err.log") << "";
  std::ofstream(tmp / "tool-files" / "benchmark_report.json")
      << read_fixture("benchmark_app/benchmark_report_2025.json");
  ToolInvocation inv;
  auto t = ad.parse_run(tmp / "tool-files", tmp / "out.log", tmp / "err.log", inv);
  CHECK(*t.frames == 15208);
  CHECK(t.warnings.at(0).find("statistics report file") != std::string::npos);
  // Both: stdout's figures, the file among the sources.
  std::ofstream(tmp / "out.log") << full;
  auto both = ad.parse_run(tmp / "tool-files", tmp / "out.log", tmp / "err.log", inv);
  CHECK(both.sources.size() == 2);
  CHECK(both.warnings.empty());
  std::filesystem::remove_all(tmp);
}

TEST_CASE("benchmark_app statistics_report: -report_type no_counters, -json_stats for json, nothing else accepted") {
  const Adapter& ad = benchmark_app_adapter();
  BenchmarkConfig b;
  b.tool = "benchmark_app";
  b.args = YAML::Load("{model: m.xml, statistics_report: json}");
  auto inv = ad.invocation(b, ".");
  auto it = std::find(inv.args.begin(), inv.args.end(), "-report_type");
  REQUIRE(it != inv.args.end());
  CHECK(*(it + 1) == "no_counters");
  CHECK(std::find(inv.args.begin(), inv.args.end(), "-json_stats") != inv.args.end());
  CHECK_THROWS_WITH(
      ad.check_args(ConfigNode(YAML::Load("{model: m.xml, statistics_report: xml}"), "t.yaml", "benchmark.args")),
      doctest::Contains("statistics_report"));
}

TEST_CASE(
    "benchmark_app 2021 report file in sync mode: its throughput is batch / median latency, so the count over the "
    "duration is the FPS") {
  auto r = parse_report(read_fixture("benchmark_app/benchmark_report_2021.4_sync.csv"), "r.csv");
  CHECK(r.form_2021);
  CHECK(r.api == "sync");
  CHECK(*r.latency_median_ms == doctest::Approx(3.38));
  const Adapter& ad = benchmark_app_adapter();
  auto j = ad.parse_files({std::string(WB_FIXTURES) + "/benchmark_app/benchmark_report_2021.4_sync.csv",
                           std::string(WB_FIXTURES) + "/benchmark_app/benchmark_app_2021.4_sync.txt"});
  CHECK(j[0]["result"]["fps"].get<double>() == doctest::Approx(2917 / 10.00344));
  CHECK(j[0]["result"]["fps"].get<double>() ==
        doctest::Approx(j[1]["result"]["fps"].get<double>()));  // as the stdout reads
  CHECK(j[0]["result"]["other_fps"]["throughput_printed"].get<double>() == doctest::Approx(295.86));
  CHECK(j[0]["result"]["frames"].get<double>() == 2917);
}
