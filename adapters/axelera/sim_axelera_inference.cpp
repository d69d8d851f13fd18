// sim-axelera-inference: a stand-in for the Voyager SDK's inference.py on a Metis M.2 on the
// simulated bench: `inference.py <network> <media> --frames N --no-display [--show-device-fps]
// [--show-stats]`. It loads (the pipeline build), streams N frames at the simulated system
// rate, and prints the end-of-run tracer lines or the --show-stats table (non-tty form).
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "probes/sim/tool_bench.hpp"

using namespace std::chrono;

namespace {
std::string commas(double v, int decimals) {
  std::string s = fmt::format("{:.{}f}", v, decimals);
  auto dot = s.find('.');
  std::string ip = s.substr(0, dot == std::string::npos ? s.size() : dot), rest = dot == std::string::npos ? "" : s.substr(dot);
  std::string out;
  for (std::size_t i = 0; i < ip.size(); ++i) {
    if (i && (ip.size() - i) % 3 == 0) out += ',';
    out += ip[i];
  }
  return out + rest;
}
}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> positional;
  long frames = -1;
  bool device_fps = false, stats = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--frames" && i + 1 < argc) frames = std::stol(argv[++i]);
    else if (a == "--show-device-fps") device_fps = true;
    else if (a == "--no-show-device-fps") device_fps = false;
    else if (a == "--show-stats") stats = true;
    else if (a == "--aipu-cores" && i + 1 < argc) ++i;
    else if (a.rfind("--", 0) == 0) continue;  // display and logging flags
    else positional.push_back(a);
  }
  if (positional.size() < 2) {
    std::fprintf(stderr, "usage: inference.py [options] network sources [sources ...]\ninference.py: error: the following arguments are required: network, sources\n");
    return 2;
  }
  wb::sim::ToolBench bench(6151u);
  const auto& p = bench.params();
  auto& state = bench.state();
  if (frames < 0) frames = 1000;

  std::printf("INFO    : Using network %s with %s\n", positional[0].c_str(), positional[1].c_str());
  std::fflush(stdout);
  state.phase("load");
  std::this_thread::sleep_for(duration<double>(p.load_s));
  // End-to-end frames flow at sim.fps; the device alone, while busy, runs a little faster.
  double system = p.fps * bench.jitter(), dev = system / 0.985, host = dev * 1.21;
  state.phase("measure");
  auto t0 = steady_clock::now();
  std::this_thread::sleep_for(duration<double>(frames / system));
  double elapsed = duration<double>(steady_clock::now() - t0).count();
  state.phase("teardown");
  state.result(static_cast<std::uint64_t>(frames), elapsed);
  system = frames / elapsed;
  if (stats) {
    std::string rule(75, '=');
    std::printf("%s\n%-45s%16s%16s\n%s\n", rule.c_str(), "Element", "Latency(us)", "Effective FPS", rule.c_str());
    std::printf("%-45s%12s%16s\n", "inference-task0-resnet50-imagenet", commas(1e6 / system, 0).c_str(), commas(system, 1).c_str());
    std::printf(" └─ %-41s%12s%16s\n", "Metis", commas(4 * 1e6 / dev, 0).c_str(), commas(dev, 1).c_str());
    std::printf(" └─ %-41s%12s%16s\n", "Host", commas(1e6 / host, 0).c_str(), commas(host, 1).c_str());
    std::printf("%s\n%-62s%13s\n%s\n", rule.c_str(), "End-to-end average measurement", commas(system, 1).c_str(), rule.c_str());
  } else {
    std::printf("INFO    : Core Temp : %.1f°C\n", 47.0);
    if (device_fps) std::printf("INFO    : Metis : %.1ffps\n", dev);
    std::printf("INFO    : Host : %.1ffps\nINFO    : CPU %% : %.1f%%\nINFO    : End-to-end : %.1ffps\n", host, 13.8, system);
  }
  std::fflush(stdout);
  std::this_thread::sleep_for(duration<double>(p.teardown_s));
  state.phase("exit");
  return 0;
}
