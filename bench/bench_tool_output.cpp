// Memory a tool's output costs wattbench: runs the built `wattbench run` on a tool that floods
// stderr with SIZE MB of short lines (tests/hostile/stderr_flood.sh, generic adapter) and
// prints wattbench's peak RSS (wait4's ru_maxrss, the process itself) against the flood's size.
// Usage: bench_tool_output [MB ...]   (default 50 200 400). Figures: docs/RELIABILITY.md.
#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

extern char** environ;

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  std::vector<double> sizes_mb;
  for (int i = 1; i < argc; ++i) sizes_mb.push_back(std::stod(argv[i]));
  if (sizes_mb.empty()) sizes_mb = {50, 200, 400};
  auto dir = fs::temp_directory_path() / fmt::format("wattbench-bench-output-{}", ::getpid());
  fs::create_directories(dir);
  fs::path cfg = dir / "flood.yaml";
  fmt::print("{:>10} {:>14} {:>10} {:>10} {:>8}\n", "stderr MB", "peak RSS MB", "RSS/size", "wall s", "status");
  for (double mb : sizes_mb) {
    auto bytes = static_cast<long long>(mb * 1e6);
    std::ofstream(cfg)
        << "name: flood\n"
           "device: {manufacturer: Test, accelerator: Flood card}\n"
           "probes:\n  - {name: rail, kind: ina228, transport: sim, shunt_ohm: 0.005, max_current_a: 4.0,"
           " rail: R, scope: board, rate_hz: 100}\n"
           "benchmark:\n  tool: generic\n  executable: " WB_SOURCE_DIR
           "/tests/hostile/stderr_flood.sh\n"
           "  timeout_s: 600\n"
           "  args:\n    argv: ['"
        << bytes
        << "']\n    live_lines: false\n"
           "    fps: {regex: 'fps: ([0-9.]+)'}\n    start_marker: 'start'\n    end_marker: 'done'\n"
           "phases: {settle_s: 0.1, idle_s: 0.2, idle_after_s: 0.2}\n"
           "validity: {min_window_s: 0.1}\n"
           "sim: {rail_v: 5.0, idle_w: 4.9, active_w: 9.8, warmup_w: 9.4, fps: 100, latency_ms: 1}\n";
    fs::path out = dir / fmt::format("out-{}", mb);
    fs::remove_all(out);
    std::vector<std::string> args{WB_WATTBENCH, "run", cfg.string(), "--output", out.string(), "--set", "repeat=1"};
    std::vector<char*> cargv;
    for (auto& a : args) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    auto t0 = std::chrono::steady_clock::now();
    pid_t pid = 0;
    if (posix_spawn(&pid, WB_WATTBENCH, &fa, nullptr, cargv.data(), environ) != 0) {
      fmt::print(stderr, "cannot start {}\n", WB_WATTBENCH);
      return 1;
    }
    posix_spawn_file_actions_destroy(&fa);
    int status = 0;
    struct rusage ru {};
    ::wait4(pid, &status, 0, &ru);
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double rss_mb = static_cast<double>(ru.ru_maxrss) * 1024 / 1e6;
    // The run's own status (ok, warning, invalid, failed): the figures must still come through.
    std::string run_status = WIFEXITED(status) ? fmt::format("exit {}", WEXITSTATUS(status)) : "signal";
    try {
      std::ifstream in(out / "summary.json");
      run_status = nlohmann::json::parse(in)["variants"][0]["runs"][0].value("status", run_status);
    } catch (const std::exception&) {
    }
    fmt::print("{:>10.0f} {:>14.1f} {:>10.2f} {:>10.1f} {:>8}\n", mb, rss_mb, rss_mb / mb, wall, run_status);
    fs::remove_all(out);
  }
  fs::remove_all(dir);
  return 0;
}
