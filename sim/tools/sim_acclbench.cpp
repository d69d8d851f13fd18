// sim-acclBench: a stand-in for MemryX acclBench on the simulated bench, following
// memryx/MxAccl tools/acclBench/acclBench.cpp. `sim.tool_version` picks the release imitated:
// "latest" (default; commit 5a80a1c, "Copyright (c) 2025-2026"), "2025-power" (the 2025 MPL
// release with --power, no latency step; seen in the code index, commit not pinned) or "sdk1.0"
// (commit 6c62fe3, "SDK 1.0 release"). Options: -d DFP, -f frames per stream (default 1000),
// -n streams, --max_fps N, --power, --no_latency.
//
// What it copies (all to stdout via std::cout; nothing on stderr but the abort):
// - main: banner "\033[3;34m***...*      Evaluate dfp performance using MX3       *...\033[m" (+"\n" in
//   2025+); no -d: "please specify the dfp file" + usage, exit 1. The DFP is parsed in the MxAccl
//   constructor / connect_dfp (MxAccl.cpp 6c62fe3 L38-43): an unloadable DFP throws
//   std::runtime_error ("Cannot parse dfp file - Please check given dfp" there) and acclBench has no
//   try/catch, so libstdc++'s terminate handler prints "terminate called after throwing an instance
//   of 'std::runtime_error'\n  what():  <reason>" on stderr and abort()s (SIGABRT). `sim.model_error`
//   is that reason; the fake throws it for real, so the same handler prints it.
// - latest: run_latency_measurement first (unless --no_latency): MxAcclMT built (`load`), "Number of
//   chips the dfp is compiled for = N" + blank line, 1 warm-up + 10 round trips per model
//   (`warmup`), deleted (`teardown`), then "\nIn-To-Out Latency Results", "%10s%20s" header,
//   30 dashes, rows setw(10) index + setw(20) "\033[95m" + fixed(3) ms + "\033[0m", blank line.
// - the benchmark accl built (`load`: DFP download), streams connected (temp_start = connect
//   time), latest: "\nBenchmarking" (endl) before accl->start(); older: "Number of chips the dfp
//   is compiled for = N\n\n" after it. `measure` from start() to the last frame received.
// - incallback_ms/outcallback_ms: exactly -f frames per stream; every 50th received frame
//   (recv != 0 && recv % 50 == 0) a rate 50*1000/ms-since-last-chunk joins a running mean.
//   2025+: --max_fps paces the input callback (sleep_until last + 1e6/max_fps us). 1.0: no
//   pacing; a chunk shorter than 1000*50/max_fps ms is counted as that long (figure capped only).
//   Not from MemryX (the simulator's power model): the card draws power above idle for the share of
//   its rate the streams drive (load_share), so paced 2025+ runs draw less and 1.0 runs with
//   --max_fps, whose device runs unpaced, draw full power.
// - display: 1.0 every 1 s, std::fixed setprecision(2) (sticky), then "\033[<n+2>A"; 2025+: sleep
//   200 ms, then every 250 ms, setprecision(1), a blank line (latest: two), the device table
//   ("Device  Temp (C)" or, with --power, "Device  Power (W)  Temp (C)"; power = 30-sample moving
//   average of mW readings / 1000; temperature likewise), then "\033[<rows+devs+5|6>A". The loop
//   runs while the input callbacks have not all returned false, then accl->wait(), a final table,
//   accl->stop(), and the summary: 1.0/2025 "\rAverage FPS per stream : x\033[m",
//   "\rAverage FPS for DFP    : x\033[m" (2025: "\rPower for DFP          : x.x W"); latest three
//   blank lines, "Average FPS per stream    : " only with >1 stream, "Average FPS for DFP       :
//   \033[92mx\033[0m", "Average Power for DFP (W) : \033[96mx.x\033[0m". Then accl deleted
//   (`teardown`); 1.0 prints "\n\n\033[3;33m Bench for N Model(s) Done \n", latest a final endl.
// - Multi-model DFP (sim.networks = M models; acclBench.cpp 6c62fe3 model_bench L317-400): -n streams per
//   model, stream labels model × n + k, the table's Model column from model_info (display_fps
//   L303-314), each stream stops at its own -f frames (incallback_ms L241-256), "Average FPS for DFP"
//   the sum of every stream's running mean (L394-397), the latency table a row per model. Not from
//   MemryX: model m runs (1 + 0.6 m) times slower than model 0, and the card's load share drops
//   by a finished model's part of the rate when it has sent its frames.
// - Not from MemryX: unpaced frames follow the simulated card's throttling (sim/bench/throttle.hpp),
//   which the running-mean table then shows as acclBench would; the tool prints no frame count.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "sim/bench/load_model.hpp"
#include "sim/bench/throttle.hpp"
#include "sim/bench/tool_bench.hpp"

using namespace std::chrono;
namespace fs = std::filesystem;

namespace {
enum class Rel { v1_0, power_2025, latest };

void out(const std::string& s) { std::fwrite(s.data(), 1, s.size(), stdout); }
void flush() { std::fflush(stdout); }

struct Window30 {  // the tool's 30-sample moving average
  std::deque<double> w;
  double sum = 0;
  double add(double v) {
    w.push_back(v);
    sum += v;
    if (w.size() > 30) {
      sum -= w.front();
      w.pop_front();
    }
    return sum / static_cast<double>(w.size());
  }
};

void usage(const char* argv0) {
  out(
      fmt::format("Usage: {} [options] \n\nOptions:\n-d | --dfp filename    DFP model file to test, such as "
                  "'model/single_ssd_mobilenet_300_MX3.dfp'\n",
                  argv0));
}
}  // namespace

int main(int argc, char** argv) {
  wb::sim::ToolBench bench(7919u);
  const auto& p = bench.params();
  Rel rel = Rel::latest;
  if (p.tool_version == "sdk1.0")
    rel = Rel::v1_0;
  else if (p.tool_version == "2025-power")
    rel = Rel::power_2025;
  else if (!p.tool_version.empty() && p.tool_version != "latest") {
    std::fprintf(stderr, "sim-acclBench: tool_version '%s' is not simulated (latest, 2025-power, sdk1.0)\n",
                 p.tool_version.c_str());
    return 2;
  }
  if (argc == 1) {
    usage(argv[0]);
    return 1;
  }
  std::string dfp;
  int frames = 1000, streams = 1, max_fps = 0;
  bool power = false, latency = true;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        usage(argv[0]);
        std::exit(1);
      }
      return argv[++i];
    };
    if (a == "-d" || a == "--dfp")
      dfp = next();
    else if (a == "-f" || a == "--frames")
      frames = static_cast<int>(std::strtol(next().c_str(), nullptr, 0));
    else if (a == "-n" || a == "--numstreams")
      streams = static_cast<int>(std::strtol(next().c_str(), nullptr, 0));
    else if (a == "--max_fps")
      max_fps = static_cast<int>(std::strtol(next().c_str(), nullptr, 0));
    else if (a == "--power" && rel != Rel::v1_0)
      power = true;
    else if (a == "--no_latency" && rel == Rel::latest)
      latency = false;
    else {
      std::fprintf(stderr, "%s: unrecognized option '%s'\n", argv[0], a.c_str());  // getopt_long's complaint
      usage(argv[0]);
      return 1;
    }
  }
  auto& state = bench.state();
  std::unique_ptr<wb::sim::LoadModel> load =
      bench.state_path().empty() ? nullptr : std::make_unique<wb::sim::LoadModel>(p, bench.state_path());
  state.phase("load");
  out("\033[3;34m*************************************************\n*      Evaluate dfp performance using MX3       *\n"
      "*************************************************\033[m\n");
  if (rel != Rel::v1_0) out("\n");
  if (dfp.empty()) {
    out("please specify the dfp file\n");
    usage(argv[0]);
    return 1;
  }
  if (!p.model_error.empty()) {
    flush();
    std::this_thread::sleep_for(duration<double>(std::min(p.load_s, 0.2)));
    throw std::runtime_error(p.model_error);  // uncaught, as in acclBench: terminate handler + abort
  }
  if (!fs::exists(dfp)) {
    flush();
    throw std::runtime_error("Cannot parse dfp file - Please check given dfp");
  }
  const int chips = 4;  // an MX3 M.2 module carries four chips
  // model_bench: a DFP's models each get -n streams (stream label = model × n + k), every stream
  // sends exactly -f frames and stops (incallback_ms), so the models finish at their own times.
  const int models = std::max(1, static_cast<int>(std::lround(p.networks)));
  const int n_all = models * streams;
  double lat_ms = p.latency_ms * bench.jitter();
  if (rel == Rel::latest && latency) {
    std::this_thread::sleep_for(duration<double>(p.load_s));
    out(fmt::format("Number of chips the dfp is compiled for = {}\n\n", chips));
    flush();
    state.phase("warmup");
    std::this_thread::sleep_for(duration<double, std::milli>(11 * lat_ms));
    state.phase("teardown");
    std::this_thread::sleep_for(duration<double>(std::min(p.teardown_s, 0.1)));
    out(fmt::format("\nIn-To-Out Latency Results\n{:>10}{:>20}\n{}\n", "Model", "Latency (ms)", std::string(30, '-')));
    for (int m = 0; m < models; ++m)
      out(fmt::format("{:>10}{:>20}{:.3f}\033[0m\n", m, "\033[95m", lat_ms * (1 + 0.6 * m)));
    out("\n");
    flush();
    state.phase("load");
  }
  std::this_thread::sleep_for(duration<double>(p.load_s));

  // Frame timeline (s from start()): stream s's frame k leaves at send_k and returns lat later.
  double device_period = 1.0 / (p.fps * bench.jitter());  // the card's rate, shared by the streams
  double stream_period = device_period * streams;
  if (max_fps > 0 && rel != Rel::v1_0)
    stream_period = std::max(stream_period, static_cast<double>(1'000'000 / max_fps) * 1e-6);
  // Paced, the card idles between frames: the simulator's power follows the share it drives.
  const double base_share = device_period * streams / stream_period;
  // Not from MemryX: unpaced, the frames leave on the simulated card's FPS curve (sim/bench/throttle.hpp).
  const auto throttle = wb::sim::throttle_of(p);
  bool paced = max_fps > 0 && rel != Rel::v1_0 && stream_period > device_period * streams;
  // Not from MemryX: model m of a multi-model DFP runs (1 + 0.6 m) times slower than the first.
  auto period_of = [&](int m) { return stream_period * (1 + 0.6 * m); };
  auto send_at = [&](int i, int k) {
    double per = period_of(i / streams);
    return (paced ? k * per : throttle.time_of(k * per)) + (i % streams) * device_period;
  };
  auto recv_at = [&](int i, int k) { return send_at(i, k) + lat_ms * (1 + 0.6 * (i / streams)) / 1000; };
  std::vector<double> model_done(static_cast<std::size_t>(models));
  for (int m = 0; m < models; ++m)
    model_done[static_cast<std::size_t>(m)] = recv_at(m * streams + streams - 1, frames - 1);
  double last_recv = *std::max_element(model_done.begin(), model_done.end());
  // Not from MemryX (the simulator's power model): the card's load is the share of its rate the
  // running models drive; a model that has sent its frames stops drawing for them.
  double rate_all = 0;
  for (int m = 0; m < models; ++m) rate_all += 1 / period_of(m);
  auto share_after = [&](double t) {
    double r = 0;
    for (int m = 0; m < models; ++m)
      if (model_done[static_cast<std::size_t>(m)] > t) r += 1 / period_of(m);
    return base_share * r / rate_all;
  };
  state.load_share(base_share);
  // Per-stream running mean, as of time t (chunks whose 50th frame arrived by then).
  double custom_ms = max_fps > 0 ? static_cast<double>(1000 * 50 / max_fps) : 0;
  auto ms_of = [](double s) { return std::floor(s * 1000); };
  auto running_fps = [&](int s, double t, double connect_s) {
    double mean = 0, prev = ms_of(connect_s);
    int n = 0;
    for (int k = 50; k < frames; k += 50) {
      double at = recv_at(s, k);
      if (at > t) break;
      double d = ms_of(at) - prev;
      if (rel == Rel::v1_0 && max_fps > 0 && d < custom_ms) d = custom_ms;
      double fps = 50.0 * 1000.0 / d;
      ++n;
      mean = (mean * (n - 1) + fps) / n;
      prev = ms_of(at);
    }
    return mean;
  };

  Window30 pw, tw;
  double power_w = 0, temp_c = 0;
  auto read_sensors = [&]() {
    double now = wb::sim::steady_now_s();
    double rail = load ? load->true_power_w(now) : p.active_w;
    power_w = pw.add(rail * p.tool_power_fraction * 1000) / 1000;
    temp_c = tw.add(load ? load->npu_temp_c(now) : p.ambient_c);
  };
  double connect_s = -0.0005;  // temp_start: streams connected just before start()
  int prec = rel == Rel::v1_0 ? 2 : 1;
  auto table = [&](double t) {
    if (rel != Rel::v1_0) read_sensors();
    std::string s = fmt::format("{:>10}{:>10}{:>15}\n{}\n", "Model", "Stream", "FPS", std::string(35, '-'));
    for (int k = 0; k < n_all; ++k)
      s += fmt::format("{:>10}{:>10}{:>15.{}f}\n", k / streams, k, running_fps(k, t, connect_s), prec);
    if (rel == Rel::v1_0) return out(s);
    s += rel == Rel::latest ? "\n\n" : "\n";
    if (power)
      s += fmt::format("{:>10}{:>15}{:>15}\n{}\n{:>10}{:>15.1f}{:>15.1f}\n", "Device", "Power (W)", "Temp (C)",
                       std::string(40, '-'), 0, power_w, temp_c);
    else
      s += fmt::format("{:>10}{:>15}\n{}\n{:>10}{:>15.1f}\n", "Device", "Temp (C)", std::string(25, '-'), 0, temp_c);
    out(s);
  };
  if (rel == Rel::latest) {
    out("\nBenchmarking\n");
    flush();
  }
  auto start = steady_clock::now();
  auto at = [&](double s) { return start + duration_cast<steady_clock::duration>(duration<double>(s)); };
  auto since = [&]() { return duration<double>(steady_clock::now() - start).count(); };
  state.phase("measure");
  // The device goes idle when the last frame is back, whatever the display loop is doing then.
  bool done = false;
  std::size_t shares_set = 0;  // models whose end has changed the load share
  std::vector<double> ends = model_done;
  std::sort(ends.begin(), ends.end());
  auto sleep_to = [&](steady_clock::time_point t) {
    for (; shares_set + 1 < ends.size() && at(ends[shares_set]) <= t; ++shares_set) {
      std::this_thread::sleep_until(at(ends[shares_set]));
      state.load_share(share_after(ends[shares_set]));
    }
    if (!done && at(last_recv) <= t) {
      std::this_thread::sleep_until(at(last_recv));
      state.phase("report");
      state.result(static_cast<std::uint64_t>(frames) * n_all, last_recv,
                   paced || models > 1 ? std::nullopt : std::optional<double>(streams / stream_period));
      done = true;
    }
    std::this_thread::sleep_until(t);
  };
  if (rel != Rel::latest) out(fmt::format("Number of chips the dfp is compiled for = {}\n\n", chips));
  double all_sent = 0;
  for (int i = 0; i < n_all; ++i) all_sent = std::max(all_sent, send_at(i, frames - 1));
  int up = rel == Rel::v1_0 ? n_all + 2 : n_all + 1 + (rel == Rel::latest ? 6 : 5);
  if (rel == Rel::v1_0) {
    while (since() <= all_sent) {
      table(since());
      flush();
      out(fmt::format("\033[{}A", up));
      sleep_to(steady_clock::now() + seconds(1));
    }
  } else {
    sleep_to(steady_clock::now() + milliseconds(200));
    while (since() <= all_sent) {
      table(since());
      out(fmt::format("\033[{}A", up));
      sleep_to(steady_clock::now() + milliseconds(250));
    }
  }
  sleep_to(std::max(steady_clock::now(), at(last_recv)));  // accl->wait()
  table(since() + 1e9);
  std::this_thread::sleep_for(milliseconds(5));  // accl->stop()
  double total = 0;
  for (int k = 0; k < n_all; ++k) total += running_fps(k, 1e18, connect_s);
  auto num = [&](double v) { return fmt::format("{:.{}f}", v, prec); };
  if (rel == Rel::latest) {
    out("\n\n\n");
    if (n_all > 1) out("Average FPS per stream    : \033[92m" + num(total / n_all) + "\033[0m\n");
    out("Average FPS for DFP       : \033[92m" + num(total) + "\033[0m\n");
    if (power) out(fmt::format("Average Power for DFP (W) : \033[96m{:.1f}\033[0m\n", power_w));
  } else {
    if (rel == Rel::v1_0) out("\n");
    out("\rAverage FPS per stream : " + num(total / n_all) + "\033[m\n");
    out("\rAverage FPS for DFP    : " + num(total) + "\033[m\n");
    if (power) out(fmt::format("\rPower for DFP          : {:.1f} W\n", power_w));
  }
  flush();
  state.phase("teardown");  // delete accl: threads joined, device released
  std::this_thread::sleep_for(duration<double>(p.teardown_s));
  if (rel == Rel::v1_0)
    out(fmt::format("\n\n\033[3;33m Bench for {} Model(s) Done \n", models));
  else
    out("\n");
  flush();
  state.phase("exit");
  return 0;
}
