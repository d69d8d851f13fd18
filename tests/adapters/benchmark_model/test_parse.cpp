// TFLite benchmark_model parser on the fixtures and on variants from the format rules.
#include <doctest/doctest.h>

#include "fixture.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "adapters/benchmark_model/adapter.hpp"
#include "adapters/benchmark_model/parse.hpp"
#include "harness/config/config.hpp"
#include "harness/config/node.hpp"
#include "harness/plugin/tool_kind.hpp"

using namespace wb;
using namespace wb::benchmark_model;

static std::string tflite(const std::string& name) { return read_fixture("tflite/" + name); }

TEST_CASE("CPU with XNNPACK: timings, stats, memory") {
  auto o = parse(tflite("benchmark_model_cpu_xnnpack.txt"), "f");
  CHECK(o.graph == "mobilenet_v1_1.0_224_quant.tflite");
  CHECK(*o.inference_avg_us == doctest::Approx(31811.2));
  CHECK(*o.warmup_avg_us == doctest::Approx(31994.6));
  CHECK(*o.init_us == 6042);
  REQUIRE(o.stats.size() == 2);
  CHECK(o.stats[1].count == 50);
  CHECK(*o.stats[1].std_us == 164);
  CHECK(*o.mem_overall_mb == doctest::Approx(15.9102));
  CHECK(*o.model_size_mb == doctest::Approx(4.27635));
  CHECK(*o.init_ms == doctest::Approx(6.042));
  CHECK(o.delegates_created == std::vector<std::string>{"XNNPACK"});
}

TEST_CASE("i.MX 8M Plus VX delegate: single-sample warmup stat, scientific warmup average, complete delegation") {
  auto o = parse(tflite("benchmark_model_imx8mp_vx_delegate.txt"), "f");
  REQUIRE(o.stats.size() == 2);
  CHECK(o.stats[0].count == 1);
  CHECK(*o.stats[0].avg_us == 4926713);  // "count=1 curr=4926713"
  CHECK(*o.warmup_avg_us == doctest::Approx(4.92671e6));
  CHECK(*o.inference_avg_us == doctest::Approx(2713.56));
  CHECK(o.delegation == "complete");
  CHECK(o.params.at("External delegate path") == "/usr/lib/libvx_delegate.so");
  CHECK(o.delegates_created == std::vector<std::string>{"EXTERNAL"});
}

TEST_CASE("delegation lines: partial with kernels, both 'Replacing' wordings, no prefix (old TF)") {
  auto p =
      parse(tflite("benchmark_model_partial_delegation_line.txt") +
                "INFO: Inference timings in us: Init: 1, First inference: 2, Warmup (avg): 3, Inference (avg): 4\n",
            "f");
  CHECK(p.delegation == "partial");
  CHECK(*p.delegate_kernels == 3);
  auto n = parse(
      "VERBOSE: Replacing 82 out of 88 node(s) with delegate (NeutronDelegate) node, yielding 3 partitions for the "
      "whole graph.\n"
      "Inference timings in us: Init: 1, First inference: 2, Warmup (avg): 3, Inference (avg): 3170\n",
      "f");
  CHECK(*n.nodes_delegated == 82);
  CHECK(*n.nodes_total == 88);
  CHECK(*n.partitions == 3);
  CHECK(n.delegate_name == "NeutronDelegate");
  auto old = parse(
      "Replacing 31 node(s) with delegate (TfLiteXNNPackDelegate) node, yielding 1 partitions.\n"
      "count=50 first=1 curr=1 min=1 max=2 avg=1.5 std=0\n"
      "Inference timings in us: Init: 1, First inference: 2, Warmup (avg): 3, Inference (avg): 1.5\n"
      "Peak memory footprint (MB): init=1.5 overall=2.5\n",
      "f");
  CHECK(*old.nodes_delegated == 31);
  CHECK_FALSE(old.nodes_total.has_value());  // the old wording does not say the total
  CHECK(*old.mem_overall_mb == doctest::Approx(2.5));
}

TEST_CASE("peak memory lines") {
  auto o = parse(tflite("benchmark_model_peak_memory.txt"), "f");
  CHECK(*o.peak_mb == doctest::Approx(21.0742));
}

TEST_CASE("malformed: no timings, a non-number, truncated after the measured stats") {
  CHECK_THROWS_WITH_AS(parse("INFO: STARTING!\nINFO: Loaded model a.tflite\n", "cut.txt"),
                       doctest::Contains("did not finish"), ParseError);
  CHECK_THROWS_WITH_AS(
      parse("INFO: Inference timings in us: Init: 1, First inference: x, Warmup (avg): 3, Inference (avg): 4\n",
            "bad.txt"),
      doctest::Contains("bad.txt:1: First inference: expected a number, found 'x'"), ParseError);
  auto full = tflite("benchmark_model_cpu_xnnpack.txt");
  auto cut = parse(full.substr(0, full.find("INFO: Inference timings")), "cut.txt");
  CHECK(*cut.inference_avg_us == doctest::Approx(31811.2));  // from the measured run's stat line
  CHECK_THROWS_AS(
      parse("INFO: Inference timings in us: Init: 1, First inference: 2, Warmup (avg): 3, Inference (avg): 0\n", "z"),
      ParseError);
}

TEST_CASE("adapter: FPS, placement ratio and the measured-run window") {
  const Adapter& ad = benchmark_model_adapter();
  auto j = ad.parse_files({std::string(WB_FIXTURES) + "/tflite/benchmark_model_imx8mp_vx_delegate.txt"});
  CHECK(j[0]["result"]["fps"].get<double>() == doctest::Approx(1e6 / 2713.56));
  CHECK(j[0]["result"]["frames"].get<double>() == 368);
  std::vector<TimedLine> lines{{1, 1,
                                "INFO: Running benchmark for at least 1 iterations and at least 0.5 seconds but "
                                "terminate if exceeding 150 seconds."},
                               {2, 1, "INFO: count=1 curr=4926713"},
                               {2.1, 1,
                                "INFO: Running benchmark for at least 50 iterations and at least 1 seconds but "
                                "terminate if exceeding 150 seconds."},
                               {3.1, 1, "INFO: count=368 first=2749 curr=2711 min=2688 max=2840 avg=2713.56 std=19"}};
  auto ev = ad.window_evidence(lines, {});
  CHECK(*ev.marker_start_s == doctest::Approx(2.1));
  CHECK(*ev.marker_end_s == doctest::Approx(3.1));
}

TEST_CASE("benchmark_model stat lines: legacy no prefix, percentile tail, all-same, curr-first, scientific avg") {
  auto legacy = parse(tflite("benchmark_model_legacy_no_prefix.txt"), "f");
  REQUIRE(legacy.stats.size() == 2);
  CHECK(legacy.stats[1].count == 50);
  CHECK(*legacy.inference_avg_us == doctest::Approx(74481.6));
  CHECK(*legacy.mem_overall_mb == doctest::Approx(64.8633));
  CHECK(is_stat_line("count=50 first=74456 curr=74516 min=73909 max=75323 avg=74481.6 std=268"));

  auto pct = parse(tflite("benchmark_model_percentiles.txt"), "f");
  REQUIRE(pct.stats.size() == 2);
  CHECK(*pct.stats[1].avg_us == doctest::Approx(74481.6));
  CHECK(*pct.stats[1].std_us == 268);
  CHECK(*pct.stats[1].p5_us == 73990);
  CHECK(*pct.stats[1].median_us == 74470);
  CHECK(*pct.stats[1].p95_us == 74980);

  auto same = parse(tflite("benchmark_model_all_same.txt"), "f");
  REQUIRE(same.stats.size() == 2);
  CHECK(same.stats[0].count == 1);
  CHECK(*same.stats[0].avg_us == 1234567);
  CHECK(same.stats[1].count == 5);
  CHECK(*same.stats[1].curr_us == 1234000);  // "curr=1234000(all same)"
  CHECK(*same.stats[1].min_us == 1234000);
  CHECK(*same.stats[1].max_us == 1234000);
  CHECK(*same.stats[1].std_us == 0);
  CHECK_FALSE(same.stats[1].first_us.has_value());
  CHECK(*same.inference_avg_us == doctest::Approx(1.234e6));
  CHECK(*same.warmup_avg_us == doctest::Approx(1.23457e6));

  auto sci = parse(tflite("benchmark_model_scientific_avg.txt"), "f");
  REQUIRE(sci.stats.size() == 2);
  CHECK(*sci.stats[1].avg_us == doctest::Approx(2.31046e6));
  CHECK(*sci.inference_avg_us == doctest::Approx(2.31046e6));

  // 2016 stat_summarizer order; no timing line, so the measured run's stat line gives the average.
  auto curr = parse(tflite("stat_summarizer_curr_first_2016.txt"), "f");
  REQUIRE(curr.stats.size() == 2);
  CHECK(curr.stats[1].count == 50);
  CHECK(*curr.stats[1].curr_us == 209739);
  CHECK(*curr.inference_avg_us == doctest::Approx(210028));
  CHECK(is_stat_line("INFO: curr=209739 count=50 min=209739 max=210599 avg=210028 std=221"));
  CHECK_FALSE(is_stat_line("INFO: Timings (microseconds): count=50 first=1 curr=1 min=1 max=2 avg=1.5 std=0"));

  auto empty = parse(
      "count=0\n\ncount=0 p5=0 median=0 p95=0\n\nInference timings in us: Init: 1, First inference: 2, Warmup (avg): "
      "3, Inference (avg): 4\n",
      "f");
  REQUIRE(empty.stats.size() == 2);
  CHECK_FALSE(empty.stats[0].avg_us.has_value());  // no samples: absent, not 0
}

TEST_CASE("benchmark_model invocation: integer flags never in %g form, float flags in fixed notation") {
  const Adapter& ad = benchmark_model_adapter();
  BenchmarkConfig b;
  b.tool = "benchmark_model";
  b.args = YAML::Load(
      "{graph: m.tflite, num_runs: 1000000, warmup_runs: 2000000, num_threads: 4, min_secs: 1000000, "
      "max_secs: 2.5, warmup_min_secs: 0.125}");
  auto inv = ad.invocation(b, ".");
  auto has = [&](const std::string& a) { return std::find(inv.args.begin(), inv.args.end(), a) != inv.args.end(); };
  CHECK(has("--num_runs=1000000"));
  CHECK(has("--warmup_runs=2000000"));
  CHECK(has("--num_threads=4"));
  CHECK(has("--min_secs=1000000"));
  CHECK(has("--max_secs=2.5"));
  CHECK(has("--warmup_min_secs=0.125"));
  for (const auto& a : inv.args) CHECK(a.find("e+") == std::string::npos);
}

TEST_CASE("benchmark_model progress: none, since nothing is printed per run") {
  std::vector<TimedLine> lines;
  std::istringstream in(tflite("benchmark_model_cpu_xnnpack.txt"));
  std::string l;
  for (double t = 1; std::getline(in, l); t += 0.1) lines.push_back({t, 1, l});
  REQUIRE(lines.size() > 5);
  ToolInvocation inv;
  CHECK(benchmark_model_adapter().progress(lines, inv).empty());
  CHECK(benchmark_model_adapter().run_progress(lines, inv, std::filesystem::temp_directory_path()).empty());
}

TEST_CASE(
    "benchmark_model paced runs: --run_frequency and --run_delay make the average a latency and the rate a count over "
    "the window") {
  const Adapter& ad = benchmark_model_adapter();
  for (const char* name : {"benchmark_model_litert_run_frequency.txt", "benchmark_model_run_delay_2.12.txt",
                           "benchmark_model_tf1.13_run_delay_sci.txt"}) {
    CAPTURE(name);
    auto o = parse(tflite(name), name);
    CHECK(o.paced());
    auto j = ad.parse_files({std::string(WB_FIXTURES) + "/tflite/" + name})[0]["result"];
    CHECK(j["fps"].is_null());  // 1e6 / average is no rate the run delivered
    CHECK(j["measured_s"].is_null());
    CHECK(j["fps_over_window"] == true);
    CHECK(j["frames"].get<double>() == o.stats.at(1).count);
    CHECK(j["latency_mean_ms"].get<double>() == doctest::Approx(*o.inference_avg_us / 1000));
    CHECK(j["other_fps"]["back_to_back"].get<double>() == doctest::Approx(1e6 / *o.inference_avg_us));
  }
  auto f = parse(tflite("benchmark_model_litert_run_frequency.txt"), "f");
  CHECK(*f.run_frequency == 5);
  CHECK(f.stats.at(1).count == 20);
  auto d = parse(tflite("benchmark_model_run_delay_2.12.txt"), "f");
  CHECK(*d.run_delay_s == doctest::Approx(0.25));
  CHECK_FALSE(d.run_frequency.has_value());
  // TF 1.x prints its default -1 whatever was given: not paced.
  auto flat = parse(tflite("benchmark_model_tf1.13_glued_units.txt"), "f");
  CHECK(*flat.run_delay_s == -1);
  CHECK_FALSE(flat.paced());
  // The config that started the run paces it even where the log lost the parameter lines.
  ToolInvocation inv;
  inv.context["paced"] = true;
  auto dir = std::filesystem::temp_directory_path() / "wb-bm-paced";
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "out.log") << tflite("benchmark_model_percentiles.txt");
    std::ofstream(dir / "err.log") << "";
  }
  auto t = ad.parse_run(dir, dir / "out.log", dir / "err.log", inv);
  CHECK(t.fps_over_window);
  CHECK_FALSE(t.fps.has_value());
  std::filesystem::remove_all(dir);
}

TEST_CASE("benchmark_model paced window: second banner to its stat line, sleeps included, in every era's banner") {
  const Adapter& ad = benchmark_model_adapter();
  // TF 1.13's banner "Running benchmark for N iterations " (trailing space) and LiteRT's.
  for (std::string banner : {"Running benchmark for 8 iterations ",
                             "INFO: Running benchmark for at least 20 iterations and at least 1 seconds but terminate "
                             "if exceeding 150 seconds."}) {
    std::vector<TimedLine> lines{
        {1, 1, banner},
        {1.5, 1, "count=1 curr=1412220"},
        {1.6, 1, banner},
        {17.6, 1, "count=8 first=1203311 curr=1198402 min=1190056 max=1203311 avg=1.19722e+06 std=4211"}};
    auto ev = ad.window_evidence(lines, {});
    REQUIRE(ev.marker_start_s);
    CHECK(*ev.marker_start_s == doctest::Approx(1.6));
    CHECK(*ev.marker_end_s == doctest::Approx(17.6));
  }
}

TEST_CASE("benchmark_model TF 1.x: units glued to numbers, exponent forms, the 'Average inference timings' line") {
  auto o = parse(tflite("benchmark_model_tf1.13_glued_units.txt"), "f");
  CHECK(*o.init_ms == doctest::Approx(5.218));             // "Initialized session in 5.218ms"
  CHECK(*o.inference_avg_us == doctest::Approx(74481.6));  // "no stats: 74481.6"
  CHECK(*o.warmup_avg_us == 86312);
  CHECK(*o.init_us == 5218);
  CHECK(o.graph == "/data/local/tmp/mobilenet_v1_1.0_224_quant.tflite");
  REQUIRE(o.stats.size() == 2);
  CHECK(o.stats[1].count == 50);
  auto sci = parse(tflite("benchmark_model_tf1.13_run_delay_sci.txt"), "f");
  CHECK(*sci.init_ms == doctest::Approx(1.23457e6));  // "1.23457e+06ms"
  CHECK(*sci.inference_avg_us == doctest::Approx(1.19722e6));
  CHECK(*sci.warmup_avg_us == doctest::Approx(1.41222e6));
  // Every form a %g and a unit allow: spaced, glued, with the later full stop, seconds.
  for (auto [line, ms] : std::vector<std::pair<std::string, double>>{{"Initialized session in 5.218 ms.", 5.218},
                                                                     {"INFO: Initialized session in 7ms.", 7},
                                                                     {"Initialized session in 0.25s", 250},
                                                                     {"Initialized session in 2.5e-05ms", 2.5e-5}}) {
    CAPTURE(line);
    auto p = parse(
        line + "\nInference timings in us: Init: 1, First inference: 2, Warmup (avg): 3, Inference (avg): 4\n", "f");
    CHECK(*p.init_ms == doctest::Approx(ms));
  }
  CHECK_THROWS_WITH_AS(parse("Initialized session in 5.218 furlongs\nInference timings in us: Init: 1, First "
                             "inference: 2, Warmup (avg): 3, Inference (avg): 4\n",
                             "u.txt"),
                       doctest::Contains("u.txt:1: session init: expected a number glued to ms or s"), ParseError);
}

TEST_CASE(
    "benchmark_model: run_frequency and run_delay args pass as fixed-notation flags and mark the run paced; target_fps "
    "conflicts") {
  const Adapter& ad = benchmark_model_adapter();
  BenchmarkConfig b;
  b.tool = "benchmark_model";
  b.args = YAML::Load("{graph: m.tflite, run_delay: 0.25}");
  auto inv = ad.invocation(b, ".");
  CHECK(std::find(inv.args.begin(), inv.args.end(), "--run_delay=0.25") != inv.args.end());
  CHECK(inv.context.value("paced", false));
  ConfigNode a(b.args, "(config)", "benchmark.args");
  CHECK(ad.pacing(a, 10).problem.find("run_delay") != std::string::npos);
}
