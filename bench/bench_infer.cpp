// wattbench-infer's own ceiling: it drives the null OAAX runtime (bench/null_oaax_runtime.cpp)
// with 1 and with N in flight and reports inferences/s, the runner's CPU time per inference
// (user + sys from wait4, the null runtime's malloc/free included) and its peak RSS for a short
// and a long run (flat memory: the timestamps stream to a file, nothing per inference is kept
// but the latencies, 8 bytes each). Figures in docs/PERFORMANCE.md.
//   bench_infer [seconds=5]
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

extern char** environ;
namespace fs = std::filesystem;

namespace {
struct Figures {
  double fps = 0, cpu_us_per_inference = 0, max_rss_mb = 0;
  std::uint64_t inferences = 0;
};

Figures run(const fs::path& dir, const std::string& scenario, int in_flight, double seconds) {
  std::vector<std::string> a{
      WB_INFER,   "--runtime",    WB_NULL_RUNTIME,           "--input",      "x:float32:1x3x8x8",       "--scenario",
      scenario,   "--in-flight",  std::to_string(in_flight), "--duration-s", std::to_string(seconds),   "--warmup",
      "1000",     "--timestamps", (dir / "ts.txt").string(), "--result",     (dir / "r.json").string(), "--model",
      "/dev/null"};
  std::vector<char*> argv;
  for (auto& s : a) argv.push_back(s.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  pid_t pid;
  if (posix_spawn(&pid, WB_INFER, &fa, nullptr, argv.data(), environ) != 0) throw std::runtime_error("spawn failed");
  posix_spawn_file_actions_destroy(&fa);
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error("wattbench-infer failed");
  auto j = nlohmann::json::parse(std::ifstream(dir / "r.json"));
  Figures f;
  f.fps = j["fps"].get<double>();
  f.inferences = j["completed"].get<std::uint64_t>();
  double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
  f.cpu_us_per_inference = cpu / static_cast<double>(f.inferences) * 1e6;
  f.max_rss_mb = ru.ru_maxrss / 1024.0;
  return f;
}
}  // namespace

int main(int argc, char** argv) {
  double seconds = argc > 1 ? std::stod(argv[1]) : 5.0;
  fs::path dir = fs::temp_directory_path() / ("bench-infer-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::printf("%-34s %14s %16s %12s\n", "case", "inferences/s", "CPU µs/inference", "peak RSS MB");
  for (auto [name, scenario, n, s] : std::vector<std::tuple<std::string, std::string, int, double>>{
           {"single-stream (1 in flight)", "single-stream", 1, seconds},
           {"offline, 16 in flight", "offline", 16, seconds},
           {"offline, 16 in flight, 1/4 length", "offline", 16, seconds / 4}}) {
    auto f = run(dir, scenario, n, s);
    std::printf("%-34s %14.0f %16.3f %12.1f\n", name.c_str(), f.fps, f.cpu_us_per_inference, f.max_rss_mb);
  }
  fs::remove_all(dir);
}
