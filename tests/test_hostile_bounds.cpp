// Hostile round 3 (issue 27): files that are not files (a FIFO, /dev/zero), files too large
// to read whole, floods of tool output, and numbers or names that validated but could not be
// used. Every read is bounded and never blocks; every bad value is refused where it enters.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>
#include <tuple>

#include "adapters/files.hpp"
#include "config_test_support.hpp"
#include "harness/analysis/sentinels.hpp"
#include "harness/config/node.hpp"
#include "harness/plugin/probe.hpp"
#include "harness/plugin/probe_kind.hpp"
#include "harness/plugin/tool_kind.hpp"
#include "harness/run/run_files.hpp"
#include "harness/trace/sentinel.hpp"
#include "harness/util/read_text.hpp"
#include "sim/bench/sim_bench.hpp"
#include "sim/bench/sim_block.hpp"
#include "sim/bench/sim_params.hpp"
#include "sim/i2c/sim_chip.hpp"

using namespace wb;
namespace fs = std::filesystem;

namespace {
fs::path scratch(const std::string& name) {
  auto d = fs::temp_directory_path() / ("wattbench-bounds-" + std::to_string(::getpid())) / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A FIFO at `p` whose writer turns up only after 3 s: a reader that blocks on the open waits that
// long (today's code) instead of refusing at once.
struct LateFifo {
  fs::path path;
  std::thread writer;
  explicit LateFifo(fs::path p) : path(std::move(p)) {
    REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
    writer = std::thread([f = path] {
      std::this_thread::sleep_for(std::chrono::seconds(3));
      std::ofstream(f) << "";  // unblocks a reader stuck in open()
    });
  }
  ~LateFifo() {
    // The writer's open blocks until someone reads: open once without blocking to release it.
    int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK);
    writer.join();
    if (fd >= 0) ::close(fd);
  }
};

template <class F>
double seconds_for(F&& f) {
  auto t = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}
}  // namespace

TEST_CASE("bounded reads: a FIFO in place of a file is refused at once, naming it, by every whole-file reader") {
  auto dir = scratch("fifo");
  LateFifo fifo(dir / "result.json");
  std::string err;
  double took = seconds_for([&] { err = message_of([&] { read_whole_file(fifo.path); }); });
  CHECK(took < 1.0);
  CHECK(has(err, fifo.path.string()));
  CHECK(has(err, "FIFO"));
  took = seconds_for([&] { err = message_of([&] { read_json_file(fifo.path); }); });
  CHECK(took < 1.0);
  CHECK(has(err, "FIFO"));
  took = seconds_for([&] { err = config_test::load_error(fifo.path, {}).value_or("(loaded)"); });
  CHECK(took < 1.0);
  CHECK(has(err, fifo.path.string()));
  CHECK(has(err, "FIFO"));
  took = seconds_for([&] { err = message_of([&] { read_tool_log(fifo.path); }); });
  CHECK(took < 1.0);
  CHECK(has(err, "FIFO"));
}

TEST_CASE("bounded reads: a link to /dev/zero is refused as a device, not read until memory runs out") {
  auto dir = scratch("zero");
  fs::create_symlink("/dev/zero", dir / "result.json");
  for (auto read : std::vector<std::function<void()>>{
           [&] { read_whole_file(dir / "result.json"); }, [&] { read_json_file(dir / "result.json"); },
           [&] { read_tool_log(dir / "result.json"); }, [&] { read_lines_tsv(dir / "result.json"); }}) {
    std::string err;
    double took = seconds_for([&] { err = message_of(read); });
    CHECK(took < 1.0);
    CHECK(has(err, "character device"));
  }
  auto cfg = config_test::load_error(dir / "result.json", {}).value_or("(loaded)");
  CHECK(has(cfg, "character device"));
  CHECK(read_text_file(dir / "result.json").empty());
}

TEST_CASE("bounded reads: a file beyond the cap is refused with the cap in the error; a folder is named as one") {
  auto dir = scratch("big");
  {
    std::ofstream(dir / "huge.json") << "";
    fs::resize_file(dir / "huge.json", kMaxResultFileBytes + 1);  // sparse: no disk used
  }
  auto err = message_of([&] { read_whole_file(dir / "huge.json"); });
  CHECK(has(err, "huge.json"));
  CHECK(has(err, fmt::format("{} MiB", kMaxResultFileBytes >> 20)));
  {
    std::ofstream(dir / "big.yaml") << "";
    fs::resize_file(dir / "big.yaml", kMaxConfigBytes + 1);
  }
  auto cfg = config_test::load_error(dir / "big.yaml", {}).value_or("(loaded)");
  CHECK(has(cfg, fmt::format("{} MiB", kMaxConfigBytes >> 20)));
  CHECK(has(message_of([&] { read_file_capped(dir, 100); }), "a folder"));
  CHECK(read_file_capped(dir / "huge.json", kMaxResultFileBytes + 1).size() == kMaxResultFileBytes + 1);
}

TEST_CASE("bounded reads: a number beyond a double in a JSON file is an error naming the file") {
  auto dir = scratch("json");
  std::ofstream(dir / "summary.json") << R"({"variants": [{"runs": [{"fps": 1e400}]}]})";
  auto err = message_of([&] { read_json_file(dir / "summary.json"); });
  CHECK(has(err, (dir / "summary.json").string()));
  CHECK(has(err, "not valid JSON"));
}

TEST_CASE("bounded memory: a stderr flood keeps stdout's lines and a fixed budget of its own") {
  auto dir = scratch("flood");
  {
    std::ofstream out(dir / "tool.lines.tsv");
    out << "t_s\tstream\ttext\n";
    out << "0.1\t1\tstart\n";
    // Well past the kept budget, on stderr only; stdout's end marker comes in the middle of it.
    std::string noise(100, 'x');
    std::size_t lines = 2 * kKeptLinesBytes / noise.size();
    for (std::size_t i = 0; i < lines; ++i) {
      double t = 0.2 + static_cast<double>(i) * 1e-6;
      out << fmt::format("{:.6f}\t2\t{}\n", t, noise);
      if (i == lines / 2) out << fmt::format("{:.6f}\t1\tdone\n", t);
    }
    out << "99\t2\tlast words\n";
  }
  std::size_t dropped = 0;
  auto lines = read_lines_tsv(dir / "tool.lines.tsv", &dropped);
  CHECK(dropped > 0);
  std::size_t bytes = 0;
  bool start = false, done = false, last = false;
  for (const auto& l : lines) {
    bytes += l.text.capacity() + sizeof l;
    start |= l.stream == 1 && l.text == "start";
    done |= l.stream == 1 && l.text == "done";
    last |= l.text == "last words";
  }
  CHECK(start);
  CHECK(done);
  CHECK(last);
  CHECK(bytes <= kKeptLinesBytes);
  for (std::size_t i = 1; i < lines.size(); ++i) CHECK(lines[i - 1].t_s <= lines[i].t_s);
}

TEST_CASE("bounded memory: a tool log beyond the cap is read as its head and its tail, whole lines") {
  auto dir = scratch("log");
  {
    std::ofstream out(dir / "tool.stdout.log", std::ios::binary);
    out << "version 1.2.3\n";
    std::string line(99, 'y');
    for (std::size_t i = 0; i < 2 * kMaxToolLogBytes / 100; ++i) out << line << "\n";
    out << "fps: 123.4\n";
  }
  auto text = read_tool_log(dir / "tool.stdout.log");
  CHECK(text.size() <= kMaxToolLogBytes + std::string(kToolLogGapLine).size() + 2);
  CHECK(text.rfind("version 1.2.3\n", 0) == 0);
  CHECK(has(text, "\nfps: 123.4\n"));
  // Only whole lines: every line between is the 99 y's, and one line says where the middle was skipped.
  std::istringstream in(text);
  std::size_t bad = 0, gaps = 0;
  for (std::string l; std::getline(in, l);) {
    if (l == kToolLogGapLine)
      ++gaps;
    else if (l != "version 1.2.3" && l != "fps: 123.4" && l != std::string(99, 'y'))
      ++bad;
  }
  CHECK(bad == 0);
  CHECK(gaps == 1);
}

TEST_CASE(
    "validation: rate_hz too slow for its period, accuracy_pct 1e308 and a 300-character name are refused with key and "
    "range") {
  using config_test::load_error;
  auto write = [](const std::string& name, const std::string& text) {
    return config_test::write_config("wattbench-bounds-config", name, text);
  };
  std::string cfg = config_test::kValid;
  auto rate = load_error(write("rate.yaml", cfg), {"probes.0.rate_hz=1e-10"}).value_or("(loaded)");
  CHECK(has(rate, "rate_hz"));
  CHECK(has(rate, "0.01"));
  CHECK(has(rate, "20000"));
  auto acc = load_error(write("acc.yaml", cfg), {"probes.0.accuracy_pct=1e308"}).value_or("(loaded)");
  CHECK(has(acc, "accuracy_pct"));
  CHECK(has(acc, "100"));
  auto name = load_error(write("name.yaml", cfg), {"name=" + std::string(300, 'n')}).value_or("(loaded)");
  CHECK(has(name, "name"));
  CHECK(has(name, "300 characters"));
  CHECK(load_error(write("name-ok.yaml", cfg), {"name=" + std::string(100, 'n')}) == std::nullopt);
  auto pname = load_error(write("pname.yaml", cfg), {"probes.0.name=" + std::string(65, 'p')}).value_or("(loaded)");
  CHECK(has(pname, "65 characters"));
  for (const char* set : {"validity.max_gap_pct=101", "validity.rate_tolerance_pct=1e300", "until_ci_pct=500"}) {
    CAPTURE(set);
    std::string key = std::string(set).substr(0, std::string(set).find('='));
    auto e = load_error(write("tol.yaml", cfg), {set}).value_or("(loaded)");
    CHECK(has(e, key.substr(key.rfind('.') + 1)));
    CHECK(has(e, "up to"));
  }
}

TEST_CASE("validation: command-probe channel names that would break the CSV (a comma, a quote) or repeat are refused") {
  auto cfg = [](const std::string& channels) {
    return config_test::write_config("wattbench-bounds-config", "cmd.yaml",
                                     "name: t\ndevice: {manufacturer: X, accelerator: Y}\n"
                                     "probes:\n  - name: npu\n    kind: command\n    scope: board\n    rail: R\n"
                                     "    argv: [echo, 'p 1.0']\n    channels:\n" +
                                         channels +
                                         "benchmark:\n  tool: dxbenchmark\n  args: {dir: models, time_s: 5}\n");
  };
  auto comma =
      config_test::load_error(cfg("      - {name: 'power, W', regex: 'p ([0-9.]+)', quantity: power, unit: W}\n"), {});
  REQUIRE(comma);
  CHECK(has(*comma, "power, W"));
  CHECK(has(*comma, "CSV column"));
  auto quote =
      config_test::load_error(cfg("      - {name: 'p\"w', regex: 'p ([0-9.]+)', quantity: power, unit: W}\n"), {});
  CHECK(quote);
  auto twice = config_test::load_error(cfg("      - {name: p, regex: 'p ([0-9.]+)', quantity: power, unit: W}\n"
                                           "      - {name: p, regex: 'p ([0-9.]+)', quantity: other}\n"),
                                       {});
  REQUIRE(twice);
  CHECK(has(*twice, "used twice"));
  CHECK_FALSE(
      config_test::load_error(cfg("      - {name: power_w, regex: 'p ([0-9.]+)', quantity: power, unit: W}\n"), {}));
}

TEST_CASE("validation: sim.* takes finite numbers in range only") {
  const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
  for (auto [key, v, part] :
       std::vector<std::tuple<std::string, double, std::string>>{{"idle_w", nan, "finite"},
                                                                 {"active_w", inf, "finite"},
                                                                 {"fps", -5, "0 or more"},
                                                                 {"rail_v", 0, "more than 0"},
                                                                 {"ripple_pct", 1e9, "up to 100"}}) {
    CAPTURE(key);
    auto err = message_of([&] { sim::sim_params_from_json({{key, v}}); });
    CHECK(has(err, "sim." + key));
    CHECK(has(err, part));
  }
  // Negative means "never" for the fault injections; a cold room may be below 0 °C.
  CHECK_NOTHROW(sim::sim_params_from_json({{"throttle_after_s", -1}, {"ambient_c", -5}}));
  // A device simulator reads its own keys with the same rule (the FT232H's unplug, here).
  CHECK_NOTHROW(sim::read_sim_block<sim::Ft232hSimParams>({{"usb_unplug_at_s", -1}}));
  CHECK(has(message_of([&] {
              sim::read_sim_block<sim::Ft232hSimParams>({{"usb_unplug_for_s", -1}});
            }),
            "sim.usb_unplug_for_s"));
  // The block as a whole: every simulator's keys are known, any other key is refused by name.
  CHECK_NOTHROW(
      sim::check_sim_block({{"usb_unplug_at_s", 3}, {"rapl_range_j", 2}, {"nvml_energy_counter", 0}, {"fps", 9}}));
  CHECK(has(message_of([&] { sim::check_sim_block({{"fps", 9}, {"no_such_knob", 1}}); }), "sim.no_such_knob: unknown"));
  CHECK(has(message_of([&] { sim::check_sim_block({{"rapl_range_j", nan}}); }), "sim.rapl_range_j"));
}

TEST_CASE("analyzer plausibility: negative power and power beyond the PTD analyzer's range are flagged and kept out") {
  ProbeConfig pc;
  pc.name = "wall";
  pc.kind = "ptd";
  pc.rail = "AC";
  pc.scope = "board";
  auto n =
      YAML::Load("{name: wall, kind: ptd, rail: AC, scope: board, transport: sim, volts_range: 300, amps_range: 5}");
  ConfigNode node(n, "ptd.yaml", "probes[0]");
  pc.settings = find_probe_kind("ptd")->parse(node, pc);
  auto probe = make_unopened_probe(pc);
  ProbeInfo info = probe->info();
  const auto& power = info.channels.at(static_cast<std::size_t>(info.power_channel));
  REQUIRE(power.plausible_max);
  CHECK(*power.plausible_max == doctest::Approx(2 * 300 * 5));
  // The hostile analyzer: 99 kW, then -5 W, alternating, around one good reading.
  SentinelScreen screen(info);
  std::size_t kept = 0;
  for (double w : {99e3, -5.0, 120.0, 99e3, -5.0}) {
    Sample s;
    s.values.assign(info.channels.size(), kMissing);
    s.values[static_cast<std::size_t>(info.power_channel)] = w;
    const Sample& out = screen.screen(s);
    if (is_present(out.values[static_cast<std::size_t>(info.power_channel)])) ++kept;
  }
  CHECK(kept == 1);
  auto counts = screen.counts();
  REQUIRE(counts.size() == 1);
  CHECK(counts[0].count == 4);
  // The bounds travel with the run's probe description, so a re-analysis flags the same samples.
  auto again = probe_info_from_json(to_json(info));
  CHECK(again.channels[static_cast<std::size_t>(info.power_channel)].plausible_min == 0.0);
  CHECK(again.channels[static_cast<std::size_t>(info.power_channel)].plausible_max == power.plausible_max);
}
