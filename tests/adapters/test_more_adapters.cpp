// Axelera, trtexec and generic adapters: fixtures, format variants and malformed input.
#include <doctest/doctest.h>

#include "fixture.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "adapters/axelera/adapter.hpp"
#include "adapters/axelera/parse.hpp"
#include "adapters/generic/adapter.hpp"
#include "adapters/generic/terminal_text.hpp"
#include "adapters/trtexec/adapter.hpp"
#include "adapters/trtexec/parse.hpp"
#include "harness/config/config.hpp"
#include "harness/plugin/tool_kind.hpp"

using namespace wb;
namespace fs = std::filesystem;

static std::string fixture(const std::string& rel) { return read_fixture("" + rel); }

TEST_CASE("axelera: default end-of-run lines (no device FPS unless asked) and the stats table") {
  auto d = axelera::parse(fixture("axelera/inference_end_of_run_default.txt"), "f");
  CHECK_FALSE(d.device_fps.has_value());
  CHECK(*d.host_fps == doctest::Approx(1412.6));
  CHECK(*d.system_fps == doctest::Approx(798.4));
  CHECK(*d.core_temp_c == doctest::Approx(47.0));
  CHECK(*d.cpu_pct == doctest::Approx(13.8));
  auto t = axelera::parse(fixture("axelera/inference_show_stats_table.txt"), "f");
  CHECK(*t.device_fps == doctest::Approx(472.1));
  CHECK(*t.device_latency_us == 2118);
  CHECK(*t.host_fps == doctest::Approx(326.6));
  CHECK(*t.system_fps == doctest::Approx(278.9));
  auto v = axelera::parse(
      "[14:22:33.101] INFO    : inference: Metis : 2,051.3fps\n\x1b[32mINFO\x1b[0m    : End-to-end : 2020.0fps\n", "v");
  CHECK(*v.device_fps == doctest::Approx(2051.3));  // timestamps, -v module names, colours, thousands separators
  CHECK(*v.system_fps == doctest::Approx(2020.0));
  CHECK_THROWS_WITH_AS(axelera::parse(fixture("axelera/axdevice_list.txt"), "dev.txt"),
                       doctest::Contains("no throughput found"), ParseError);
  CHECK_THROWS_WITH_AS(axelera::parse("INFO    : Metis : 20x1.3fps\n", "bad.txt"), doctest::Contains("bad.txt:1"),
                       ParseError);
}

TEST_CASE("trtexec: TRT 10 summary behind the logger prefix") {
  auto o = trtexec::parse(fixture("nvidia/trtexec_trt10_performance_summary.txt"), "f");
  CHECK(*o.throughput_qps == doctest::Approx(251.637));
  CHECK(*o.stats.at("Latency").mean == doctest::Approx(4.11873));
  CHECK(o.stats.at("Latency").percentiles.at("99") == doctest::Approx(6.52077));
  CHECK(*o.stats.at("GPU Compute Time").median == doctest::Approx(4.13293));
  CHECK(*o.host_walltime_s == doctest::Approx(3.00898));
  CHECK(*o.gpu_compute_total_s == doctest::Approx(2.98096));  // not taken for the "GPU Compute Time" stats
  CHECK(*o.gpu_cov_pct == doctest::Approx(18.4217));
  CHECK(o.trt_version == "10.3.0");
  CHECK(o.passed);
}

TEST_CASE("trtexec: 8.4 layout with End-to-End Host Latency and a single percentile; failures") {
  std::string t84 =
      "[05/10/2022-10:00:00] [I] === Performance summary ===\n"
      "[05/10/2022-10:00:00] [I] Throughput: 812.5 qps\n"
      "[05/10/2022-10:00:00] [I] Latency: min = 1.2 ms, max = 2.5 ms, mean = 1.3 ms, median = 1.29 ms, percentile(99%) "
      "= 2.1 ms\n"
      "[05/10/2022-10:00:00] [I] End-to-End Host Latency: min = 2.2 ms, max = 4.5 ms, mean = 2.4 ms, median = 2.39 ms, "
      "percentile(99%) = 3.9 ms\n"
      "[05/10/2022-10:00:00] [I] Total Host Walltime: 3.0012 s\n"
      "&&&& PASSED TensorRT.trtexec [TensorRT v8401] # trtexec --loadEngine=a.engine\n";
  auto o = trtexec::parse(t84, "f");
  CHECK(*o.stats.at("End-to-End Host Latency").mean == doctest::Approx(2.4));
  CHECK(o.stats.at("Latency").percentiles.size() == 1);
  CHECK(o.trt_version == "8.4.1");
  CHECK_THROWS_WITH_AS(trtexec::parse("&&&& FAILED TensorRT.trtexec [TensorRT v100300] # trtexec\n", "f"),
                       doctest::Contains("FAILED"), ParseError);
  CHECK_THROWS_WITH_AS(trtexec::parse("[01/30/2026-14:22:31] [I] === Performance summary ===\n", "cut"),
                       doctest::Contains("no 'Throughput"), ParseError);
  CHECK_THROWS_WITH_AS(trtexec::parse("[01/30/2026-14:22:31] [I] Throughput: fast qps\n", "nan"),
                       doctest::Contains("nan:1: Throughput"), ParseError);
}

TEST_CASE("generic: regex and JSON-pointer figures, markers, config errors") {
  auto dir = fs::temp_directory_path() / "wattbench-generic";
  fs::create_directories(dir);
  std::ofstream(dir / "out.log") << "progress fps=10\nprogress fps=12\ndone: throughput 123.5 fps, 8.1 ms\n";
  std::ofstream(dir / "err.log") << "";
  std::ofstream(dir / "result.json") << R"({"perf": {"frames": "2470", "seconds": 20.0}})";
  auto node = YAML::Load(R"(
argv: [--x, "{config_dir}/m.bin"]
fps: {regex: 'throughput ([0-9.]+) fps'}
latency_ms: {regex: ', ([0-9.]+) ms'}
frames: {file: result.json, json_pointer: /perf/frames}
duration_s: {file: result.json, json_pointer: /perf/seconds}
start_marker: '^bench start'
end_marker: '^done'
)");
  BenchmarkConfig b;
  b.tool = "generic";
  b.args = node;
  const Adapter& ad = generic_adapter();
  auto inv = ad.invocation(b, "/cfg");
  CHECK(inv.args[1] == "/cfg/m.bin");
  auto t = ad.parse_run(dir, dir / "out.log", dir / "err.log", inv);
  CHECK(*t.fps == doctest::Approx(123.5));
  CHECK(*t.latency_mean_ms == doctest::Approx(8.1));
  CHECK(*t.frames == 2470);
  CHECK(*t.measured_s == 20);
  std::vector<TimedLine> lines{{1, 1, "loading"}, {2, 1, "bench start"}, {7, 1, "done: throughput 123.5 fps"}};
  auto ev = ad.window_evidence(lines, inv);
  CHECK(*ev.marker_start_s == 2);
  CHECK(*ev.marker_end_s == 7);
  std::ofstream(dir / "out.log") << "nothing useful\n";
  CHECK_THROWS_WITH_AS(ad.parse_run(dir, dir / "out.log", dir / "err.log", inv), doctest::Contains("matched nothing"),
                       ParseError);
  fs::remove_all(dir);
}

TEST_CASE("generic: ANSI escapes and \\r redraws are gone before figure regexes and markers") {
  CHECK(term::strip_ansi("\x1b[1;32mdone\x1b[0m \x1b[2K\x1b[Fx\x1b]0;title\x07y") == "done xy");
  CHECK(term::last_redraw("\rfps=10\rfps=12\r      \r") == "fps=12");
  CHECK(term::clean("a\r\nfps=1\rfps=2\n\x1b[33mlast\x1b[0m") == "a\nfps=2\nlast");
  auto dir = fs::temp_directory_path() / "wattbench-generic-ansi";
  fs::create_directories(dir);
  // Progress frames redrawn with \r (the stale "throughput 99.0" must not win), a coloured result.
  std::ofstream(dir / "out.log") << "\rrun throughput 10.0 fps\rrun throughput 99.0 fps\r                        \r\n"
                                 << "\x1b[1mdone: throughput \x1b[32m123.5\x1b[0m fps\x1b[0m\n";
  std::ofstream(dir / "err.log") << "";
  auto node = YAML::Load(R"(
argv: []
fps: {regex: 'throughput ([0-9.]+) fps'}
start_marker: '^bench start$'
end_marker: '^done:'
)");
  BenchmarkConfig b;
  b.tool = "generic";
  b.args = node;
  const Adapter& ad = generic_adapter();
  auto inv = ad.invocation(b, "/cfg");
  auto t = ad.parse_run(dir, dir / "out.log", dir / "err.log", inv);
  CHECK(*t.fps == doctest::Approx(123.5));  // raw bytes would give the stale 99.0: the escape splits "throughput 123.5"
  std::vector<TimedLine> lines{
      {1, 1, "\x1b[2Kloading"}, {2, 1, "\x1b[1mbench start\x1b[0m"}, {7, 1, "\x1b[32mdone: throughput 1 fps"}};
  auto ev = ad.window_evidence(lines, inv);
  REQUIRE(ev.marker_start_s);
  CHECK(*ev.marker_start_s == 2);
  CHECK(*ev.marker_end_s == 7);
  CHECK(ev.end_anchor_text == "done: throughput 1 fps");
  fs::remove_all(dir);
}

namespace {
// What the runner makes of tqdm's "\r<bar>" writes: a bar line is stamped when the next "\r"
// arrives. Redraw k (k = 0 … count) is written at t0 + step·k with counter n_per_step·k.
std::vector<TimedLine> tqdm_lines(double t0, double step, long long n_per_step, int count, long long total) {
  std::vector<TimedLine> out;
  auto bar = [&](long long n) {
    return fmt::format("Detecting... {:30}: {:3.0f}% {}/{} [00:01<00:01, 2000.00frames/s]", "", 100.0 * n / total, n,
                       total);
  };
  for (int k = 0; k < count; ++k) out.push_back({t0 + step * (k + 1), 2, bar(n_per_step * k)});
  out.push_back({t0 + step * count + 0.3, 2, bar(n_per_step * count)});  // ended by close()'s erase, after teardown
  out.push_back({t0 + step * count + 0.3, 2, std::string(90, ' ')});
  return out;
}
}  // namespace

TEST_CASE("axelera: old log form, display_tracers form, -v extras, short runs") {
  auto old = axelera::parse(fixture("axelera/inference_v125_logtimestamp.txt"), "f");
  CHECK(old.form == "log");
  CHECK(*old.device_fps == doctest::Approx(2081.2));
  CHECK(*old.system_fps == doctest::Approx(2049.7));
  CHECK(*old.first_result_line == 5);  // not the start-up INFO lines
  auto n = axelera::parse(fixture("axelera/inference_v14_display_tracers.txt"), "f");
  CHECK(n.form == "tracers");
  CHECK(*n.system_fps == doctest::Approx(2049.7));
  CHECK(*n.core_temp_c == 47.0);
  CHECK(*n.cpu_pct == doctest::Approx(13.8));
  CHECK(*n.latency_ms == doctest::Approx(41.3));
  CHECK(*n.latency_min_ms == doctest::Approx(35.2));
  CHECK(*n.latency_max_ms == doctest::Approx(61.0));
  CHECK(*n.latency_sd_ms == doctest::Approx(3.1));
  CHECK(*n.latency_mean_ms == doctest::Approx(41.9));
  CHECK_FALSE(n.device_fps.has_value());
  auto v = axelera::parse(fixture("axelera/inference_v14_verbose.txt"), "f");
  CHECK(*v.device_fps == doctest::Approx(2081.2));  // the aggregate, not "Metis Core d0.3"
  CHECK(*v.host_fps == doctest::Approx(2518.3));
  CHECK(*v.inference_rate == doctest::Approx(2049.7));
  CHECK(*v.core_temp_c == 47.0);  // not "Core d0.3 Temp"
  CHECK(v.metrics.size() == 19);
  CHECK(v.metrics[11].title == "Memcpy-in");
  CHECK(v.metrics[11].unit == "us");
  CHECK(*v.first_result_line == 2);  // the DEBUG line before is not a result
  auto s = axelera::parse(fixture("axelera/inference_v15_short_run.txt"), "f");
  CHECK(s.system_fps_not_measured);
  CHECK_FALSE(s.system_fps.has_value());  // 0.0fps means "not measured": absent, never 0
  CHECK_FALSE(s.latency_ms.has_value());  // 0.0ms (min:inf …): no samples
  CHECK(axelera::is_end_of_run_line("End-to-end : 798.4fps"));
  CHECK(axelera::is_end_of_run_line("INFO    : Core Temp : 47.0°C"));
  CHECK_FALSE(axelera::is_end_of_run_line("INFO    : Using device metis-0:1:0"));
  CHECK_FALSE(axelera::is_end_of_run_line("WARNING : Timeout for querying an inference"));
}

TEST_CASE("axelera: --show-stats tables, 1.2.5 with ANSI and 1.3+ Time(𝜇s), wrapped names, table then tracers") {
  auto a = axelera::parse(fixture("axelera/inference_show_stats_v125_ansi.txt"), "f");
  CHECK(a.form == "table");
  CHECK(a.table_time_header == "Latency(us)");
  CHECK(*a.device_fps == doctest::Approx(2081.2));
  CHECK(*a.device_latency_us == 480);
  CHECK(*a.host_fps == doctest::Approx(2518.3));
  CHECK(*a.system_fps == doctest::Approx(2049.7));
  REQUIRE(a.elements.size() == 10);
  CHECK(a.elements[8].name == "axtransform-postprocess-topk-classification-resnet50-imagenet0");
  CHECK(*a.elements[8].us == 95);
  CHECK(*a.elements[0].fps == doctest::Approx(46082.9));
  CHECK_FALSE(a.elements[9].fps.has_value());  // n/a
  auto b = axelera::parse(fixture("axelera/inference_show_stats_v13_time_mu.txt"), "f");
  CHECK(b.table_time_header == "Time(𝜇s)");
  CHECK(*b.device_fps == doctest::Approx(2081.2));
  CHECK(b.elements[2].name == "axtransform-postprocess-topk-classification-resnet50-imagenet0");
  CHECK(*b.system_fps == doctest::Approx(2049.7));
  auto c = axelera::parse(fixture("axelera/inference_v15_show_stats_then_tracers.txt"), "f");
  CHECK(c.form == "tracers");
  CHECK(*c.latency_ms == doctest::Approx(41.3));
  CHECK(*c.system_fps == doctest::Approx(2049.7));
  CHECK(*c.first_result_line == 1);  // the table's rule
}

TEST_CASE("axelera: tqdm bar lines, the captured stderr and the window from redraw times") {
  auto f =
      axelera::parse_bar("Detecting...                               :  37% 371/1000 [00:02<00:04, 150.20frames/s]");
  REQUIRE(f);
  CHECK(f->n == 371);
  CHECK(*f->total == 1000);
  auto g = axelera::parse_bar("\x1b[0mDetecting... : |          | 5/? [00:00<00:00, 12.00frames/s]");
  REQUIRE(g);
  CHECK_FALSE(g->total.has_value());
  CHECK(axelera::parse_bar("Detecting... : 100%|██████████| 1000/1000 [00:01<00:00, 999.00frames/s]")->n == 1000);
  CHECK_FALSE(axelera::parse_bar("INFO    : End-to-end : 798.4fps"));
  // The captured bytes, split as the runner splits them.
  std::string raw = fixture("axelera/inference_tqdm_stderr_pty.txt");
  std::vector<long long> ns;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= raw.size(); ++i)
    if (i == raw.size() || raw[i] == '\r' || raw[i] == '\n') {
      if (auto b = axelera::parse_bar(raw.substr(start, i - start))) ns.push_back(b->n);
      start = i + 1;
    }
  REQUIRE(ns.size() >= 10);
  CHECK(ns.front() == 0);
  CHECK(std::is_sorted(ns.begin(), ns.end()));
  CHECK(ns.back() <= 3000);

  // Redraws every 0.1 s at 2000 frames/s from t=1.0, then teardown, erase and end lines.
  auto lines = tqdm_lines(1.0, 0.1, 200, 31, 20000);
  lines.push_back({4.5, 1, "Core Temp  : 47.0°C"});
  lines.push_back({4.5, 1, "End-to-end : 1999.1fps"});
  auto w = axelera::bar_window(lines);
  REQUIRE(w);
  // Points (t = 1.0 + 0.1 k, n = 200 k) for k = 1..31: span 3.0 s, settle min(1, 3/4) = 0.75 s
  // after the first frame's redraw at 1.1 s: the first redraw from 1.85 s is k = 9.
  CHECK(w->settle_s == doctest::Approx(0.75));
  CHECK(w->start_s == doctest::Approx(1.9));
  CHECK(w->n_start == 1800);
  CHECK(w->end_s == doctest::Approx(4.1));
  CHECK(w->n_end == 6200);
  CHECK(w->fps() == doctest::Approx(2000));
  CHECK(w->uncertainty_s == doctest::Approx(0.005 + 1.0 / 2000));
  const Adapter& ad = axelera_adapter();
  auto ev = ad.window_evidence(lines, {});
  CHECK(*ev.marker_start_s == doctest::Approx(1.9));
  CHECK(*ev.marker_end_s == doctest::Approx(4.1));
  CHECK(ev.detail.find("tqdm progress bar") != std::string::npos);
  CHECK(ev.uncertainty_s > 0);

  // A log line forces a redraw with a stale counter: the first appearance of a count wins.
  auto stale = lines;
  stale.insert(stale.begin() + 20, TimedLine{stale[19].t_s + 0.05, 2, stale[18].text});
  auto ws = axelera::bar_window(stale);
  REQUIRE(ws);
  CHECK(ws->n_end == 6200);
  CHECK(ws->fps() == doctest::Approx(2000));
  // Bar lines written after the end-of-run lines do not count.
  auto late = lines;
  late.push_back({4.6, 2, "x"});
  late.push_back({4.7, 2, "Detecting... :  99% 19800/20000 [00:09<00:00, 2000.00frames/s]"});
  CHECK(axelera::bar_window(late)->n_end == 6200);
  // Too few redraws: no window from the bar.
  CHECK_FALSE(axelera::bar_window(tqdm_lines(1.0, 0.1, 200, 2, 20000)));
}

TEST_CASE("axelera adapter: FPS from the bar's counter, fallback without a bar, the media rule") {
  auto dir = fs::temp_directory_path() / "wattbench-axelera";
  fs::create_directories(dir);
  std::ofstream(dir / "tool.stdout.log") << fixture("axelera/inference_v14_display_tracers.txt");
  auto lines = tqdm_lines(1.0, 0.1, 200, 31, 20000);
  lines.push_back({4.5, 1, "Core Temp  : 47.0°C"});
  {
    std::ofstream tsv(dir / "tool.lines.tsv");
    tsv << "t_s\tstream\ttext\n";
    for (const auto& l : lines) tsv << fmt::format("{:.6f}\t{}\t{}\n", l.t_s, l.stream, l.text);
  }
  ToolInvocation inv;
  inv.context = {{"frames", 20000}, {"fps", "system"}, {"media", "fakevideo@5000"}, {"network", "resnet50-imagenet"}};
  const Adapter& ad = axelera_adapter();
  auto t = ad.parse_run(dir, dir / "tool.stdout.log", dir / "tool.stderr.log", inv);
  CHECK(*t.fps == doctest::Approx(2000));  // the counter over the window, not End-to-end's 2049.7
  CHECK(*t.frames == 4400);
  CHECK_FALSE(t.measured_s.has_value());
  CHECK(t.extras["end_to_end_fps"].get<double>() == doctest::Approx(2049.7));
  CHECK(*t.latency_mean_ms == doctest::Approx(41.9));

  fs::remove(dir / "tool.lines.tsv");  // no bar: End-to-end over its own last 5 s, flagged
  auto fb = ad.parse_run(dir, dir / "tool.stdout.log", dir / "tool.stderr.log", inv);
  CHECK(*fb.fps == doctest::Approx(2049.7));
  CHECK_FALSE(fb.frames.has_value());
  CHECK(*fb.measured_s == 5);
  CHECK(fb.window_uncertainty_s >= 1);
  CHECK(fb.window_note.find("no tqdm progress bar") != std::string::npos);
  std::vector<TimedLine> plain{{3.0, 1, "Core Temp  : 47.0°C"}, {3.0, 1, "End-to-end : 2049.7fps"}};
  auto ev = ad.window_evidence(plain, inv);
  CHECK_FALSE(ev.marker_start_s.has_value());
  CHECK(*ev.end_anchor_s == 3.0);
  std::ofstream(dir / "tool.stdout.log") << fixture("axelera/inference_v15_short_run.txt");
  CHECK_FALSE(
      ad.parse_run(dir, dir / "tool.stdout.log", dir / "tool.stderr.log", inv).fps.has_value());  // 0.0fps: no figure
  fs::remove_all(dir);

  auto check = [&](const char* yaml) { ad.check_args(ConfigNode(YAML::Load(yaml), "c.yaml", "benchmark.args")); };
  CHECK_NOTHROW(check("{network: n, media: 'fakevideo@5000', frames: 100}"));
  CHECK_NOTHROW(check("{network: n, media: 'fakevideo:640x480', frames: 100}"));
  CHECK_NOTHROW(check("{network: n, media: 'fakevideo', frames: 100}"));
  CHECK_NOTHROW(check("{network: n, media: clip.mp4, media_frames: 500, frames: 400}"));
  CHECK_THROWS_WITH_AS(check("{network: n, media: clip.mp4, frames: 400}"),
                       doctest::Contains("expected an unbounded source"), ConfigError);
  CHECK_THROWS_WITH_AS(check("{network: n, media: 'usb:0', frames: 400}"), doctest::Contains("fakevideo@<fps>"),
                       ConfigError);
  CHECK_THROWS_WITH_AS(check("{network: n, media: clip.mp4, media_frames: 300, frames: 400}"),
                       doctest::Contains("cuts --frames"), ConfigError);
  CHECK_THROWS_AS(check("{network: n, media: fakevideo, media_frames: 300, frames: 400}"), ConfigError);
  BenchmarkConfig b;
  b.tool = "axelera";
  b.args = YAML::Load("{network: resnet50-imagenet, media: 'fakevideo@5000', frames: 20000}");
  CHECK(ad.invocation(b, ".").tty_stderr);
}

TEST_CASE("trtexec --exportTimes: per-query times, warm-up rule, %g numbers, a cut file") {
  auto q = trtexec::parse_export_times(fixture("trtexec/export_times_v10.json"));
  REQUIRE(q.size() == 40);
  CHECK(q.front().start_compute_ms == doctest::Approx(200.05));
  CHECK(q.back().end_d2h_ms == doctest::Approx(q.front().end_d2h_ms + 19 * 2.5 + 20 * 5.0));
  CHECK(trtexec::parse_export_times(fixture("trtexec/export_times_v8.4_with_warmup.json")).size() == 43);
  auto big = trtexec::parse_export_times(fixture("trtexec/export_times_long_run.json"));
  REQUIRE(big.size() == 8);
  CHECK(big.front().end_d2h_ms == doctest::Approx(1.19999e6));
  auto cut = trtexec::parse_export_times(fixture("trtexec/export_times_cut.json"));
  CHECK(cut.size() > 10);
  CHECK(cut.size() < 40);
  CHECK(trtexec::parse_export_times("[\n  { \"startComputeMs\" : inf, \"endD2hMs\" : 3 }\n]\n").empty());
}

TEST_CASE("trtexec progress: the exported queries placed back from the report's first line") {
  const Adapter& ad = trtexec_adapter();
  fs::path dir = fs::temp_directory_path() / fmt::format("wb-trt-progress-{}", ::getpid());
  fs::create_directories(dir);
  ToolInvocation inv;
  inv.context = {{"batch", 2}, {"export_times", "times.json"}, {"warmup_ms", 200}};
  std::vector<TimedLine> lines{{3.0, 1, "[01/30/2026-14:22:31] [I] Starting inference"},
                               {13.25, 1, "[01/30/2026-14:22:41] [I] Warmup completed 3 queries over 200 ms"}};
  CHECK(ad.run_progress(lines, inv, dir).empty());  // no file: nothing
  for (const char* f : {"trtexec/export_times_v10.json", "trtexec/export_times_v8.4_with_warmup.json"}) {
    std::ofstream(dir / "times.json") << fixture(f);
    auto p = ad.run_progress(lines, inv, dir);
    INFO(f);
    REQUIRE(p.size() == 40);  // the 8.4 file's warm-up queries left out by the tool's own rule
    CHECK(p.back().t_s == doctest::Approx(13.25));
    CHECK(p.back().frames == 80);
    // 20 queries 2.5 ms apart, then 20 at 5 ms: the rate from the points halves.
    double fast = (p[19].frames - p[0].frames) / (p[19].t_s - p[0].t_s),
           slow = (p[39].frames - p[19].frames) / (p[39].t_s - p[19].t_s);
    CHECK(fast == doctest::Approx(2 / 0.0025));
    CHECK(slow / fast == doctest::Approx(0.5));
  }
  CHECK(ad.run_progress({lines.front()}, inv, dir).empty());  // no report line: no anchor
  std::ofstream(dir / "times.json") << fixture("trtexec/export_times_cut.json");
  CHECK(ad.run_progress(lines, inv, dir).empty());  // its last query, the anchor's, is missing
  fs::remove_all(dir);
}

TEST_CASE("trtexec invocation asks for --exportTimes unless the config's extra args do") {
  fs::path cfg = fs::path(WB_SOURCE_DIR) / "configs/sim/jetson-orin-nano-trtexec.yaml";
  Config c = load_config(cfg, {});
  auto inv = trtexec_adapter().invocation(c.benchmark, c.dir);
  CHECK(std::count(inv.args.begin(), inv.args.end(), "--exportTimes=trtexec-times.json") == 1);
  CHECK(inv.context["export_times"] == "trtexec-times.json");
  c.benchmark.extra_args = {"--exportTimes=mine.json", "--warmUp=500"};
  inv = trtexec_adapter().invocation(c.benchmark, c.dir);
  CHECK(std::count_if(inv.args.begin(), inv.args.end(),
                      [](const std::string& a) { return a.rfind("--exportTimes=", 0) == 0; }) == 1);
  CHECK(inv.context["export_times"] == "mine.json");
  CHECK(inv.context["warmup_ms"].get<double>() == 500);
}

TEST_CASE("axelera: the headline is the delivered End-to-end rate; Metis (device) and Host only beside it") {
  const Adapter& ad = axelera_adapter();
  for (const char* f : {"axelera/inference_show_stats_v125_ansi.txt", "axelera/inference_show_stats_v13_time_mu.txt"}) {
    CAPTURE(f);
    auto o = axelera::parse(fixture(f), f);
    REQUIRE(o.device_fps);
    REQUIRE(o.system_fps);
    auto r = ad.parse_files({std::string(WB_FIXTURES) + "/" + f})[0]["result"];
    CHECK(r["fps"].get<double>() == doctest::Approx(*o.system_fps));
    CHECK(r["other_fps"]["device"].get<double>() == doctest::Approx(*o.device_fps));
    CHECK(*o.device_fps > *o.system_fps);  // what the card could do is more than it delivered
  }
  auto only_e2e =
      ad.parse_files({std::string(WB_FIXTURES) + "/axelera/inference_v14_display_tracers.txt"})[0]["result"];
  CHECK(only_e2e["fps"].get<double>() == doctest::Approx(2049.7));
  CHECK_FALSE(only_e2e.contains("other_fps"));
}
