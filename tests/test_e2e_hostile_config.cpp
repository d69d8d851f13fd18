// Hostile tools and inputs end to end (issue 13): `check` fails closed, doctored run folders
// are invalidated on `report`, bad configs and missing tools stop before any idle phase.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "harness/process/process.hpp"

using namespace wb;
namespace fs = std::filesystem;

namespace {
struct Cli {
  int exit_code;
  bool timed_out;
  std::string out;
};

Cli wattbench(std::vector<std::string> args, double timeout_s = 120) {
  ProcessSpec s;
  s.executable = WB_WATTBENCH;
  s.args = std::move(args);
  s.cwd = WB_SOURCE_DIR;
  s.pty = false;
  s.timeout_s = timeout_s;
  s.t0 = std::chrono::steady_clock::now();
  auto r = make_process_runner()->run(s, nullptr, nullptr);
  Cli c{r.exit_code, r.timed_out, ""};
  for (const auto& l : r.lines) c.out += l.text + "\n";
  return c;
}

fs::path fresh_dir(const std::string& name) {
  fs::path d = fs::path(WB_WORK_DIR) / ("hostile-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d.parent_path());
  return d;
}

nlohmann::json read_json(const fs::path& p) {
  std::ifstream in(p);
  REQUIRE(in.good());
  return nlohmann::json::parse(in);
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const std::vector<std::string> kShort{"--set", "repeat=1",          "--set", "benchmark.args.time_s=2",
                                      "--set", "phases.idle_s=0.5", "--set", "phases.settle_s=0.2"};

// One short ok demo run, shared by the cases that doctor a copy of it.
const fs::path& demo_run() {
  static fs::path out = [] {
    auto o = fresh_dir("demo");
    std::vector<std::string> args{"run", "configs/demo.yaml", "--output", o.string()};
    args.insert(args.end(), kShort.begin(), kShort.end());
    auto r = wattbench(args);
    INFO(r.out);
    REQUIRE(r.exit_code == 0);
    return o;
  }();
  return out;
}

fs::path copy_of_demo(const std::string& name) {
  auto d = fresh_dir(name);
  fs::copy(demo_run(), d, fs::copy_options::recursive);
  return d;
}

fs::path run_dir_of(const fs::path& results) {
  return results / read_json(results / "summary.json")["variants"][0]["runs"][0]["dir"].get<std::string>();
}
}  // namespace

TEST_CASE("hostile: check fails closed when every current run failed") {
  auto failed = fresh_dir("all-failed");
  std::vector<std::string> args{"run",   "configs/demo.yaml",      "--output", failed.string(),
                                "--set", "benchmark.timeout_s=0.3"};
  args.insert(args.end(), kShort.begin(), kShort.end());
  auto r = wattbench(args);
  INFO(r.out);
  REQUIRE(r.exit_code == 1);
  auto junit = failed / "junit.xml";
  auto c = wattbench({"check", failed.string(), "--baseline", demo_run().string(), "--junit", junit.string()});
  INFO(c.out);
  CHECK(c.exit_code == 1);
  CHECK(has(c.out, "check: FAILED"));
  CHECK(has(c.out, "MISSING"));
  auto xml = read_text(junit);
  INFO(xml);
  CHECK_FALSE(has(xml, "failures=\"0\""));
  fs::remove_all(failed);
}

TEST_CASE("hostile: check rejects nan and inf tolerances, naming where") {
  auto refs = fresh_dir("refs.yaml");
  auto accel = read_json(demo_run() / "summary.json")["device"]["accelerator"].get<std::string>();
  std::ofstream(refs) << fmt::format("- accelerator: {}\n  baseline: {}\n  tolerance:\n    fps: nan\n", accel,
                                     demo_run().string());
  auto c = wattbench({"check", demo_run().string(), "--references", refs.string()});
  INFO(c.out);
  CHECK(c.exit_code == 2);
  CHECK(has(c.out, refs.string() + ":4:"));
  auto inf =
      wattbench({"check", demo_run().string(), "--baseline", demo_run().string(), "--tolerance", "fps_per_w=inf%"});
  INFO(inf.out);
  CHECK(inf.exit_code == 2);
  CHECK(has(inf.out, "fps_per_w=inf%"));
  fs::remove(refs);
}

TEST_CASE("hostile: accumulator and trapezoid energy disagreeing beyond the bound invalidate the run") {
  auto results = copy_of_demo("energy");
  auto run_dir = run_dir_of(results);
  auto run = read_json(run_dir / "run.json");
  double start = run["window_start_s"].get<double>(), end = run["window_end_s"].get<double>();
  double energy = run["energy_j"].get<double>();
  // A misread ENERGY register mid-window: every reading from there on is half the window's
  // energy too high. Mid-window, not at the end: the end is interpolated between two readings,
  // so a step just after it would count only by the end's (random) place between them.
  double step_at = 0.5 * (start + end);
  auto csv = run_dir / "power-m2_3v3.csv";
  std::istringstream in(read_text(csv));
  std::string header, line, out;
  std::getline(in, header);
  out = header + "\n";
  std::vector<std::string> cols;
  {
    std::stringstream hs(header);
    for (std::string c; std::getline(hs, c, ',');) cols.push_back(c);
  }
  auto ecol =
      std::find_if(cols.begin(), cols.end(), [](const std::string& c) { return has(c, "energy"); }) - cols.begin();
  REQUIRE(static_cast<std::size_t>(ecol) < cols.size());
  std::size_t changed = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ls(line);
    for (std::string c; std::getline(ls, c, ',');) cells.push_back(c);
    if (cells.size() > static_cast<std::size_t>(ecol) && !cells[static_cast<std::size_t>(ecol)].empty() &&
        std::stod(cells[0]) >= step_at) {
      cells[static_cast<std::size_t>(ecol)] =
          fmt::format("{:.9g}", std::stod(cells[static_cast<std::size_t>(ecol)]) + 0.5 * energy);
      ++changed;
    }
    std::string joined;
    for (std::size_t i = 0; i < cells.size(); ++i) joined += (i ? "," : "") + cells[i];
    if (!line.empty() && line.back() == ',') joined += ",";
    out += joined + "\n";
  }
  REQUIRE(changed > 0);
  std::ofstream(csv) << out;
  auto r = wattbench({"report", results.string()});
  INFO(r.out);
  CHECK(r.exit_code == 1);
  CHECK(has(r.out, "accumulator"));
  CHECK(has(r.out, "trapezoid"));
  CHECK(has(r.out, "invalid"));
  fs::remove_all(results);
}

TEST_CASE("hostile: a non-physical throughput from the tool makes the run invalid") {
  for (double fps : {1e308, -5.0}) {
    auto results = copy_of_demo("fps");
    auto tool_dir = run_dir_of(results) / "tool-files";
    std::size_t edited = 0;
    for (const auto& f : fs::directory_iterator(tool_dir)) {
      auto name = f.path().filename().string();
      if (name.rfind("DXBENCHMARK_", 0) != 0) continue;
      if (f.path().extension() == ".csv") fs::remove(f.path());  // the JSON report is read instead
      if (f.path().extension() != ".json") continue;
      auto j = read_json(f.path());
      for (auto& item : j["results"]) item["FPS"] = fps, ++edited;
      std::ofstream(f.path()) << j.dump(2);
    }
    REQUIRE(edited > 0);
    auto r = wattbench({"report", results.string()});
    INFO(fps << "\n" << r.out);
    CHECK(r.exit_code == 1);
    CHECK(has(r.out, "invalid"));
    CHECK(has(r.out, "FPS"));
    fs::remove_all(results);
  }
}

TEST_CASE("hostile: validate and run refuse a missing tool executable before any idle phase") {
  auto v = wattbench({"validate", "configs/demo.yaml", "--set", "benchmark.executable=no-such-dxbenchmark"});
  INFO(v.out);
  CHECK(v.exit_code == 2);
  CHECK(has(v.out, "no-such-dxbenchmark"));
  CHECK(has(v.out, "benchmark.executable"));
  auto out = fresh_dir("missing-exe");
  auto r = wattbench(
      {"run", "configs/demo.yaml", "--output", out.string(), "--set", "benchmark.executable=no-such-dxbenchmark"});
  INFO(r.out);
  CHECK(r.exit_code == 2);
  CHECK(has(r.out, "no-such-dxbenchmark"));
  CHECK_FALSE(fs::exists(out / "default" / "run-1"));  // no repeat started, so none idled
  auto not_exec = wattbench({"validate", "configs/demo.yaml", "--set", "benchmark.executable=./README.md"});
  INFO(not_exec.out);
  CHECK(not_exec.exit_code == 2);
  fs::remove_all(out);
}

TEST_CASE("hostile: an alias bomb in sim: is refused, not expanded") {
  auto cfg = fresh_dir("bomb.yaml");
  std::string text = read_text(fs::path(WB_SOURCE_DIR) / "configs" / "demo.yaml");
  // The billion laughs: 9 levels of 9 aliases, about 4e8 leaves.
  text.insert(text.find("sim:\n") + 5, [] {
    std::string s = "  lol0: &a0 [lol]\n";
    for (int i = 1; i <= 9; ++i) {
      s += fmt::format("  lol{}: &a{} [", i, i);
      for (int k = 0; k < 9; ++k) s += fmt::format("{}*a{}", k ? ", " : "", i - 1);
      s += "]\n";
    }
    return s;
  }());
  std::ofstream(cfg) << text;
  auto r = wattbench({"validate", cfg.string()}, 20);
  INFO(r.out);
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 2);
  CHECK(has(r.out, "alias"));
  fs::remove(cfg);
}
