// benchmark_app end to end on the simulated RAPL CPU bench: every release's output within 1 % of
// truth, a paced run (-max_irate), a model the device compiler refuses, and `wattbench parse`.
#include <doctest/doctest.h>

#include "e2e_support.hpp"

using namespace wb::e2e;

TEST_CASE("benchmark_app: each release's output measures within 1 % of the simulated truth") {
  for (std::string ver : {"", "2022", "2021"}) {
    CAPTURE(ver);
    auto o = run_once("benchmark_app", "configs/sim/x86-cpu-openvino-rapl.yaml",
                      {"benchmark.args.duration_s=2", "phases.idle_s=0.5", "sim.tool_version=\"" + ver + "\""});
    CHECK(o.run["fps"].get<double>() == doctest::Approx(o.truth["fps"].get<double>()).epsilon(0.01));
    CHECK(o.run["fps_per_w"].get<double>() == doctest::Approx(o.truth["fps_per_w"].get<double>()).epsilon(0.01));
    CHECK(o.run["window_source"] == "start-and-duration");
    CHECK(o.run["tool_extras"]["device"] == "CPU");
    auto tr = read_json(o.dir / "tool-result.json");
    CHECK(tr["versions"]["openvino"].get<std::string>().rfind(ver.empty() ? "2025." : ver + ".", 0) == 0);
    CHECK(tr["versions"]["benchmark_app_output"].get<std::string>().rfind(ver.empty() ? "2023+" : ver + " (", 0) == 0);
    fs::remove_all(o.out);
  }
}

TEST_CASE("benchmark_app: -max_irate paces the requests, and the run measures at that rate") {
  auto o = run_once("benchmark_app-paced", "configs/sim/x86-cpu-openvino-rapl.yaml",
                    {"phases.idle_s=0.5", "benchmark.args.duration_s=null", "benchmark.args.iterations=200",
                     "benchmark.args.max_fps=100"});
  CHECK(o.run["fps"].get<double>() == doctest::Approx(100).epsilon(0.02));
  CHECK(o.run["fps_per_w"].get<double>() == doctest::Approx(o.truth["fps_per_w"].get<double>()).epsilon(0.01));
  CHECK(o.run["tool_extras"]["max_irate"].get<double>() == 100);
  fs::remove_all(o.out);
}

TEST_CASE("benchmark_app: a model the device refuses to compile fails the run with the tool's reason") {
  auto run =
      failed_run("benchmark_app-refused", "configs/sim/x86-cpu-openvino-rapl.yaml",
                 {"phases.idle_s=0.5", "sim.model_error='Unsupported operation NonMaxSuppression-9 with name nms'"});
  CHECK(run["tool_refused"] == true);
  std::string reason = run["reason"];
  CHECK(reason.find(
            "benchmark_app stopped before its report: 'Unsupported operation NonMaxSuppression-9 with name nms'") !=
        std::string::npos);
  CHECK(reason.find("exit code 3") != std::string::npos);
}

TEST_CASE("wattbench parse benchmark_app reads a saved report") {
  auto r =
      wattbench({"parse", "benchmark_app", "tests/fixtures/benchmark_app/benchmark_app_2022.3_sync_batch4_tabs.txt"});
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j[0]["result"]["frames"].get<double>() == 9600);
  CHECK(j[0]["result"]["extras"]["latency_ms"]["average"].get<double>() == 12.5);
}

TEST_CASE(
    "benchmark_app: -report_type (CSV) and -json_stats report files are read beside the output, within 1 % of truth") {
  for (std::string json : {"false", "true", "2021"}) {
    CAPTURE(json);
    std::vector<std::string> sets{"benchmark.args.duration_s=3", "phases.idle_s=0.5"};
    sets.push_back(json == "true" ? "benchmark.args.statistics_report=json"
                                  : "benchmark.extra_args=[-report_type, no_counters]");
    // 2021 in sync mode: the report's throughput is batch / median latency, not what was delivered.
    if (json == "2021") sets.insert(sets.end(), {"sim.tool_version=\"2021\"", "benchmark.args.api=sync"});
    auto o = run_once("benchmark_app-report", "configs/sim/x86-cpu-openvino-rapl.yaml", sets);
    CHECK(o.run["fps_per_w"].get<double>() == doctest::Approx(o.truth["fps_per_w"].get<double>()).epsilon(0.01));
    auto tool = read_json(o.dir / "tool-result.json");
    CHECK(tool["extras"]["report_file"] == (json == "true" ? "json" : "csv"));
    CHECK(tool["sources"].dump().find(json == "true" ? "benchmark_report.json" : "benchmark_report.csv") !=
          std::string::npos);
    auto r = wattbench(
        {"parse", "benchmark_app",
         (o.dir / "tool-files" / (json == "true" ? "benchmark_report.json" : "benchmark_report.csv")).string()});
    INFO(r.out);
    REQUIRE(r.exit_code == 0);
    CHECK(nlohmann::json::parse(r.out)[0]["result"]["frames"].get<double>() ==
          doctest::Approx(o.truth["frames"].get<double>()));
    fs::remove_all(o.out);
  }
}
