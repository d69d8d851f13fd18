// sim-hailortcli: a stand-in for Hailo's hailortcli on the simulated bench, version-selectable by
// the sim parameter `tool_version` (default "4.23.0") with `networks` networks in the HEF's one
// network group. Sub-commands: run, benchmark, run2, measure-power, scan, fw-control identify,
// --version. Phases go to $WATTBENCH_SIM_STATE; the tool's own power readings are the simulated
// rail power times tool_power_fraction (the module sensor sees less than the M.2 rail).
//
// Behaviour copied from hailo-ai/hailort, paths under hailort/hailortcli/ (line numbers for the tag named):
// - stdout via std::cout, CLI errors on stderr as "[HailoRT CLI] [error] ..." (hailortcli.cpp v5.2.0 L47-51,
//   L219-222); escapes FORMAT_CURSOR_UP_LINE "\033[F" + FORMAT_CLEAR_LINE "\033[2K\r" (common.hpp v4.23.0
//   L23-24), written n times by CliCommon::reset_cursor (common.cpp v4.23.0 L69-75) with no isatty check;
//   HH:MM:SS from CliCommon::duration_to_string (common.cpp L17-53).
// - -t/--time-to-run is a uint32 (run_command.hpp v4.23.0 L59, run2_command.cpp v5.2.0 L355): "2.5" gives
//   "Could not convert: --time-to-run = 2.5" / "Run with --help for more information." and exit 104
//   (CLI11 2.2.0 Error.hpp L207-208, ConversionError). run2 has no --power-mode (run2/ has no such option).
// - Every `run` / 4.x `benchmark` phase is one run_command_hef_vdevice (run_command.cpp v4.23.0 L1248-1321):
//   HEF parse L1250, vdevice create L1271, configure L1278-1280, activate L1158-1161, dataset L1163, power
//   measurement start L1164-1195 (libhailort's overcurrent-DVM warning, device_common/control.cpp L38-42),
//   run_inference L1207, power stop L1210-1233, deactivate and vdevice release on return. Simulated as
//   `load` power before the inference and `teardown` power after it.
// - The timed inference (run_streaming / run_streaming_impl, run_command.cpp v4.23.0 L727-810, L603-724):
//   the progress thread starts first (L762-764) and prints at once, then every 1 s (InferProgress::start,
//   inference_progress.cpp v4.23.0 L43-55), so its first print finds no network bar and is empty; each bar's
//   m_start is set on creation (L104-108) right before `start` (run_command.cpp L636); the wait is -t s
//   (L669-675), then the threads are joined and `end` taken (L679-692); frames = min over outputs (L695-698),
//   FPS = frames / (end - start) (inference_result.hpp L40-46). The final frame is printed by finish()
//   after every network joined (run_command.cpp L792-794, inference_progress.cpp L57-68), without erase codes;
//   periodic frames end with reset_cursor(n) (L70-79). Line text: get_progress_text L110-158 (fps cumulative
//   count / elapsed, percent truncated, ETA rounded; "HW Latency: x.xx ms" when measuring latency).
// - 4.x benchmark (benchmark_command.cpp v4.23.0 L62-120; v5.0.0 identical): banners, then the hw_only,
//   streaming and latency phases, each a full vdevice life; only the streaming phase measures power
//   (AUTO_DETECT, L131-139) and is simulated at `measure` power; hw_only and latency run at `warmup` power.
//   Summary: per group "FPS     (hw_only) = " etc. with default ostream formatting (6 significant digits,
//   L79-102), group FPS = mean over its networks (inference_result.hpp L128-144), Device/Power block
//   (L103-111), then the CSV (L113-118; print_benchmark_csv, infer_stats_printer.cpp L272-338).
// - 5.x benchmark (v5.0.1+; benchmark_command.cpp v5.2.0 L63-70 -> run2/run2_command.cpp v5.2.0 L863-927):
//   vdevice create (L870), "Measurement <x> is not supported" on stderr per missing capability (L874-888),
//   network runners configured and started (L728-755), LiveStats started silently (L777), one -t wait (L778),
//   FPS = the last 1 s tick's cumulative value (L786-789, live_stats.cpp L138-147), live stats and runners
//   stopped and joined (L790-795), then the Summary "\n=======\nSummary\n=======\n", "<ng>: FPS: {:.2f}",
//   "<device>:", "  power: mean={:.2f} min={:.2f} max={:.2f}" (L895-925); the vdevice is released after it.
// - run (run_command.cpp v4.23.0 run_command L1384-1402): header first (InferStatsPrinter::create,
//   infer_stats_printer.cpp L72-79), the inference as above, power stop and vdevice release, HEF parsed
//   again (L1397), "> Writing inference results to '<csv>'... done." (L90-94), then "\033[2K\r> Inference
//   result:" and per group / per network blocks, "  Total bandwidth: " with a trailing space, device lines in
//   6 significant digits (print_stdout L370-456). CSV: one row per group, frames empty for multi-network
//   groups (inference_result.hpp L218-227). v5.1.0+ refuses non-integrated devices after vdevice creation:
//   "[HailoRT CLI] [error] CHECK failed - The \"run\" command is not supported for this device type! Use
//   \"run2\" instead.", exit 6 (run_command.cpp v5.2.0 L1271-1276); the CSV gets a failure row without newline
//   (infer_stats_printer.cpp L119-128).
// - run2 (run2_command.cpp v5.2.0 L728-797, v4.23.0 L799-801 for the single-model warning): vdevice and
//   runners set up silently, the live printer prints its first frame as the timed phase starts, then every
//   1 s, each frame preceded by reset_cursor(previous row count) (live_stats.cpp v5.2.0 L79-101, L149-170);
//   timer row (timer_live_track.cpp L26-37), "<ng>:<pad> fps: {:.2f}" rows, cumulative since the start
//   (network_live_track.cpp L39-54, L77-134), "\nMeasurements for device <id>\n" + "\t... power consumption:
//   {:.2f} W" (measurement_live_track.cpp L70-128); after the -t wait the JSON (live_stats.cpp L103-133), the
//   final frame (~LiveStats, L67-71), runners stopped. Nothing is printed after the final frame.
// - run2 set-net --framerate N (run2_command.cpp v5.2.0 L292, a uint32, default UNLIMITED_FRAMERATE 0):
//   FramerateThrottle (run2/io_wrappers.cpp L17-27) lets each input frame go at start + k/N, so a
//   group runs at min(N, its rate) and the card idles between frames (load_share to the simulator).
//   Fault injection, not HailoRT: sim.ignore_rate_cap takes the option and runs flat out.
// - run on a directory (run_command.cpp v4.23.0 run_command L1384-1402, run_command_hefs_dir L1351-1381):
//   the "Running streaming inference (<dir>):" header once (the printer is created with the directory
//   path), then per "*.hef" in it: 80 '*', "Inferring <full_path>:", that HEF's whole
//   run_command_hef (its own load, timed phase, teardown) and its "> Inference result:" block; CSV
//   header once, a row per HEF; no HEF: "No HEF files were found in the directory: <dir>" on stderr,
//   HAILO_INVALID_ARGUMENT (2). readdir order is unspecified: the simulator sorts.
// - run2 -s/--device-id A B ... or --device-count N (run2_command.cpp v4.23.0 L383-392, L685-714): one
//   vdevice over the devices; each group's fps row and "FPS" is its count over all of them
//   (network_live_track.cpp L39-54); with --measure-power one "Measurements for device <id>" block and
//   one "devices" JSON entry per physical device (L745-760; measurement_live_track.cpp L70-162).
//   Not from HailoRT: each device runs the group at the simulated rate, so the group's rate is N times
//   it; the module power is split ±10 % around equal shares between the devices.
// - run2 --measure-latency / --measure-overall-latency (run2_command.cpp v4.23.0 L794-797): one model
//   only (else CHECK failed, HAILO_INVALID_OPERATION 6), the warning "Measuring latency; frames are
//   sent one at a time and FPS will not be measured", rows "<ng>: hw latency: x.xx ms", JSON with
//   "hw_latency" (a double) and no "FPS" (network_runner.cpp L345, network_live_track.cpp L77-134).
//   Not from HailoRT: one frame in flight runs at 1000 / latency_ms, the card's load share to match.
// - Not from HailoRT: `run` and 4.x `benchmark` streaming count frames with the simulated card's
//   throttling (sim/bench/throttle.hpp), so the progress bars' cumulative counts show it.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "sim/bench/load_model.hpp"
#include "sim/bench/throttle.hpp"
#include "sim/bench/tool_bench.hpp"

namespace fs = std::filesystem;
using namespace std::chrono;

namespace {

constexpr const char* kDevice = "0000:c6:00.0";
constexpr const char* kErase = "\x1b[F\x1b[2K\r";  // FORMAT_CURSOR_UP_LINE FORMAT_CLEAR_LINE

// CLI11's failure message and exit code (ExitCodes: ConversionError 104, ExtrasError 109, RequiredError 106).
[[noreturn]] void cli11_error(const std::string& msg, int code) {
  std::fprintf(stderr, "%s\nRun with --help for more information.\n", msg.c_str());
  std::exit(code);
}

struct Version {
  int major = 4, minor = 23, patch = 0;
  bool at_least(int a, int b, int c) const { return std::tie(major, minor, patch) >= std::tie(a, b, c); }
};

Version parse_version(const std::string& s) {
  Version v;
  if (!s.empty() && std::sscanf(s.c_str(), "%d.%d.%d", &v.major, &v.minor, &v.patch) < 2) {
    std::fprintf(stderr, "sim-hailortcli: sim.tool_version '%s': expected MAJOR.MINOR.PATCH such as 4.23.0\n",
                 s.c_str());
    std::exit(2);
  }
  return v;
}

struct Args {
  std::string command, csv, json, power_mode;
  std::vector<std::string> hefs;
  long time_s = -1, frames = -1;
  long framerate = 0;  // run2 set-net --framerate; 0 = UNLIMITED_FRAMERATE
  bool measure_power = false, measure_temp = false, show_progress = true;
  bool measure_latency = false;         // run2 --measure-latency / --measure-overall-latency
  std::vector<std::string> device_ids;  // run2 -s/--device-id A B ...
  long device_count = 1;                // run2 --device-count
};

long uint32_value(const std::string& name, const std::string& s) {
  char* end = nullptr;
  unsigned long long v = std::strtoull(s.c_str(), &end, 10);
  if (s.empty() || *end || s[0] == '-' || v > 0xffffffffULL)
    cli11_error(fmt::format("Could not convert: {} = {}", name, s), 104);
  if (v == 0) cli11_error(fmt::format("{}: Value 0 not in range [2.22507e-308 - 1.79769e+308]", name), 105);
  return static_cast<long>(v);
}

Args parse(int argc, char** argv) {
  Args a;
  std::vector<std::string> v(argv + 1, argv + argc);
  if (v.empty()) cli11_error("A subcommand is required", 106);
  a.command = v[0];
  for (std::size_t i = 1; i < v.size(); ++i) {
    auto next = [&]() -> std::string {
      if (i + 1 >= v.size()) cli11_error(v[i] + ": 1 required argument missing", 106);
      return v[++i];
    };
    const std::string& o = v[i];
    if (o == "-t" || o == "--time-to-run")
      a.time_s = uint32_value("--time-to-run", next());
    else if ((o == "-c" || o == "--frames-count") && a.command == "run")
      a.frames = uint32_value("--frames-count", next());
    else if (o == "--batch-size")
      uint32_value("--batch-size", next());
    else if (o == "--framerate" && a.command == "run2") {
      std::string v = next();  // a plain uint32: 0 is its default, UNLIMITED_FRAMERATE
      a.framerate = v == "0" ? 0 : uint32_value("--framerate", v);
    } else if (o == "--csv" && a.command != "run2")
      a.csv = next();
    else if ((o == "-j" || o == "--json") && a.command == "run2")
      a.json = next();
    else if (o == "--measure-power")
      a.measure_power = true;
    else if ((o == "--measure-latency" || o == "--measure-overall-latency") && a.command == "run2")
      a.measure_latency = true;
    else if ((o == "-s" || o == "--device-id") && a.command == "run2") {
      // CLI11 vector option: every following word up to the next option or subcommand.
      while (i + 1 < v.size() && !v[i + 1].empty() && v[i + 1][0] != '-' && v[i + 1] != "set-net")
        a.device_ids.push_back(v[++i]);
      if (a.device_ids.empty()) cli11_error(o + ": 1 required argument missing", 106);
    } else if (o == "--device-count" && a.command == "run2")
      a.device_count = uint32_value("--device-count", next());
    else if (o == "--measure-temp")
      a.measure_temp = true;
    else if (o == "--power-mode" && a.command != "run2")
      a.power_mode = next();
    else if (o == "--sampling-period" || o == "--averaging-factor" || o == "-m" || o == "--mode")
      next();
    else if (o == "--dont-show-progress")
      a.show_progress = false;
    else if (o == "--show-progress" || (o == "set-net" && a.command == "run2")) {
    } else if (o == "identify" && a.command == "fw-control")
      a.hefs.push_back(o);
    else if (!o.empty() && o[0] != '-')
      a.hefs.push_back(o);
    else
      cli11_error("The following argument was not expected: " + o, 109);
  }
  return a;
}

void sleep_until(steady_clock::time_point t) { std::this_thread::sleep_until(t); }
void sleep_s(double s) {
  if (s > 0) std::this_thread::sleep_for(duration<double>(s));
}
double since(steady_clock::time_point t0) { return duration<double>(steady_clock::now() - t0).count(); }

// CliCommon::duration_to_string: HH:MM:SS, fields zero-padded to 2.
std::string hms(long s) { return fmt::format("{:02d}:{:02d}:{:02d}", s / 3600, (s / 60) % 60, s % 60); }
std::string g6(double v) { return fmt::format("{:.6g}", v); }  // std::ostream's default for a double

struct ModulePower {
  bool valid = false;
  double min = 0, mean = 0, max = 0;
  explicit operator bool() const { return valid; }
};

struct Network {
  std::string name;  // "<ng>/<net>"
  double fps = 0;    // this draw's rate (cold: before any throttling)
  wb::sim::Throttle throttle;
  double frames_at(double elapsed) const { return std::floor(fps * throttle.fps_integral(elapsed)); }
};

struct Bench {
  wb::sim::ToolBench bench{104729u};
  const wb::sim::SimParams& p = bench.params();
  wb::sim::SimStateWriter& state = bench.state();
  Version version = parse_version(p.tool_version);
  std::unique_ptr<wb::sim::LoadModel> load =
      bench.state_path().empty() ? nullptr : std::make_unique<wb::sim::LoadModel>(p, bench.state_path());
  // Set-up and teardown of one vdevice life: short so that tests stay fast, long enough to see.
  double setup_s() const { return std::min(p.load_s, 0.25); }
  double teardown_s() const { return std::min(p.teardown_s, 0.15); }
  // The group's networks: the card's rate shared unevenly, so that each one's figures differ.
  std::vector<Network> networks(const std::string& ng) {
    int n = std::max(1, static_cast<int>(std::lround(p.networks)));
    double total = p.fps * bench.jitter(), weights = n * (n + 1) / 2.0;
    std::vector<Network> out;
    for (int k = 0; k < n; ++k)
      out.push_back({n == 1 ? ng + "/" + ng : fmt::format("{}/{}_{}", ng, ng, k + 1), total * (n - k) / weights,
                     wb::sim::throttle_of(p)});
    return out;
  }
  ModulePower module_power(double t0, double t1) {
    if (!load || t1 <= t0) return {};
    double mean = load->true_energy_j(t0, t1) / (t1 - t0), mn = 1e9, mx = 0;
    for (int k = 0; k <= 50; ++k) {
      double w = load->true_power_w(t0 + (t1 - t0) * k / 50.0);
      mn = std::min(mn, w);
      mx = std::max(mx, w);
    }
    double f = p.tool_power_fraction;
    return {true, mn * f, mean * f, mx * f};
  }
};

std::string group_name(const std::string& hef) { return fs::path(hef).stem().string(); }

void require_hef(const Args& a) {
  if (a.hefs.empty()) cli11_error("hef is required", 106);
  for (const auto& h : a.hefs)
    if (!fs::exists(h)) cli11_error(fmt::format("hef: File does not exist: {}", h), 105);
}

void out(const std::string& s) {
  std::fwrite(s.data(), 1, s.size(), stdout);
  std::fflush(stdout);
}

// What one 4.x phase's inference reports.
struct Inference {
  std::vector<double> frames;     // per network
  double duration_s = 0;          // end - start
  double start_s = 0, end_s = 0;  // steady seconds
};

enum class Metric { fps, hw_latency };

// One run_command_hef_vdevice: set-up at load power, the timed inference at `timed_phase` power with the
// 1 s progress frames, the final frame after the join, teardown at teardown power.
Inference vdevice_life(Bench& b, const std::vector<Network>& nets, long time_s, long frames_count, Metric metric,
                       const char* timed_phase, bool show_progress, bool power_warning) {
  b.state.phase("load");  // HEF parse, vdevice create, configure, activate, dataset
  sleep_s(b.setup_s());
  if (power_warning)
    std::fprintf(stderr,
                 "[HailoRT] [warning] Using the overcurrent protection dvm for power measurement will disable the "
                 "overcurrent protection.\n"
                 "If only taking one measurement, the protection will resume automatically.\n"
                 "If doing continuous measurement, to enable overcurrent protection again you have to stop the power "
                 "measurement on this dvm.\n");
  double fps_total = 0;
  for (const auto& n : nets) fps_total += n.fps;
  // -c: every network runs until it has its frames; the slowest decides.
  double planned =
      frames_count > 0
          ? frames_count /
                std::min_element(nets.begin(), nets.end(), [](auto& x, auto& y) { return x.fps < y.fps; })->fps
          : static_cast<double>(time_s);
  auto print_thread_start = steady_clock::now();  // prints nothing now: no bar is registered yet
  b.state.phase(timed_phase);
  auto t0 = steady_clock::now();  // each bar's m_start, the inference's start
  Inference inf;
  inf.start_s = wb::sim::steady_now_s();
  auto text = [&](const Network& n, double elapsed) {
    double count =
        frames_count > 0 ? std::min(n.frames_at(elapsed), static_cast<double>(frames_count)) : n.frames_at(elapsed);
    double fps = count / elapsed;
    unsigned pct = frames_count > 0 ? static_cast<unsigned>(100 * count / frames_count)
                                    : std::min(static_cast<unsigned>(100 * elapsed / time_s), 100u);
    long eta = frames_count > 0 ? static_cast<long>((frames_count - count) / fps)
                                : std::max(0L, std::lround(time_s - elapsed));
    std::string s = fmt::format("Network {}: {}% | {:.0f}", n.name, pct, count);
    if (frames_count > 0) s += fmt::format("/{}", frames_count);
    if (metric == Metric::fps)
      s += fmt::format(" | FPS: {:.2f}", fps);
    else
      s += fmt::format(" | HW Latency: {:.2f} ms", b.p.latency_ms);
    return s + " | ETA: " + hms(eta) + "\n";
  };
  auto end_at = t0 + duration_cast<steady_clock::duration>(duration<double>(planned));
  for (int k = 1; show_progress; ++k) {
    auto tick = print_thread_start + seconds(k);
    if (tick >= end_at) break;
    sleep_until(tick);
    std::string frame;
    for (const auto& n : nets) frame += text(n, since(t0));
    for (std::size_t i = 0; i < nets.size(); ++i) frame += kErase;  // flushed with the next line
    std::fwrite(frame.data(), 1, frame.size(), stdout);
    std::fflush(stdout);
  }
  sleep_until(end_at);
  sleep_s(0.002);  // shutdown, barrier terminate, join
  inf.duration_s = since(t0);
  inf.end_s = wb::sim::steady_now_s();
  b.state.phase("teardown");
  for (const auto& n : nets) inf.frames.push_back(frames_count > 0 ? frames_count : n.frames_at(inf.duration_s));
  if (show_progress) {  // finish(): the final frame, no erase codes
    std::string frame;
    for (const auto& n : nets) frame += text(n, since(t0));
    out(frame);
  }
  sleep_s(b.teardown_s());  // vstreams released, power stop, deactivate, vdevice release
  return inf;
}

// One HEF's run_command_hef: its vdevice life, its CSV row (under the header written once) and
// its "> Inference result:" block (InferStatsPrinter::print, infer_stats_printer.cpp v4.23.0 L88-107).
void run_hef(const Args& a, Bench& b, const std::string& hef, std::ofstream* csv) {
  std::string ng = group_name(hef);
  auto nets = b.networks(ng);
  long t = a.frames > 0 ? 0 : (a.time_s > 0 ? a.time_s : 5);
  auto inf = vdevice_life(b, nets, t, a.frames, Metric::fps, "measure", a.show_progress, a.measure_power);
  double frames_total = 0, cold_fps = 0;
  for (double f : inf.frames) frames_total += f;
  for (const auto& n : nets) cold_fps += n.fps;
  b.state.result(static_cast<std::uint64_t>(frames_total), inf.duration_s, cold_fps);
  auto pw = a.measure_power ? b.module_power(inf.start_s, inf.end_s) : ModulePower{};
  b.state.phase("report");  // HEF parsed again, results written
  sleep_s(0.02);
  double temp = 47.2236;
  // Per network: frames / duration; rates from resnet50-sized frames.
  std::vector<double> fps, send, recv;
  for (double f : inf.frames) {
    fps.push_back(f / inf.duration_s);
    send.push_back(fps.back() * 224 * 224 * 3 * 8 / 1e6);
    recv.push_back(fps.back() * 1000 * 8 / 1e6);
  }
  double fps_mean = 0, send_sum = 0, recv_sum = 0;
  for (std::size_t i = 0; i < fps.size(); ++i) {
    fps_mean += fps[i] / fps.size();
    send_sum += send[i];
    recv_sum += recv[i];
  }
  if (csv) {
    auto& f = *csv;
    std::string frames_cell = nets.size() == 1 ? fmt::format("{:.0f}", inf.frames[0]) : "";
    f << fmt::format("{},0,HAILO_SUCCESS,{},{},{},{},,,", ng, g6(fps_mean), frames_cell, g6(send_sum), g6(recv_sum));
    f << (pw ? fmt::format("{},{},{},", g6(pw.min), g6(pw.mean), g6(pw.max)) : std::string(",,,"));
    f << ",,,";
    f << (a.measure_temp ? fmt::format("{},{},{}\n", g6(temp - 2.4), g6(temp), g6(temp + 1.7)) : std::string(",,\n"));
    out(fmt::format("> Writing inference results to '{}'... done.\n", a.csv));
  }
  auto element = [&](std::size_t i) {
    std::string s = a.frames > 0 ? fmt::format("    Duration: {}\n", hms(static_cast<long>(inf.duration_s)))
                                 : fmt::format("    Frames count: {:.0f}\n", inf.frames[i]);
    return s + fmt::format("    FPS: {:.2f}\n    Send Rate: {:.2f} Mbit/s\n    Recv Rate: {:.2f} Mbit/s\n", fps[i],
                           send[i], recv[i]);
  };
  std::string r = fmt::format("\x1b[2K\r> Inference result:\n Network group: {}\n", ng);
  if (nets.size() == 1) {
    r += element(0);
  } else {
    std::map<std::string, std::size_t> by_name;  // std::map: sorted by network name
    for (std::size_t i = 0; i < nets.size(); ++i) by_name[nets[i].name] = i;
    for (const auto& [name, i] : by_name) r += fmt::format("  Network: {}\n", name) + element(i);
    r += fmt::format("  Total bandwidth: \n    Send Rate: {:.2f} Mbit/s\n    Recv Rate: {:.2f} Mbit/s\n", send_sum,
                     recv_sum);
  }
  r += "\n";
  if (pw || a.measure_temp) {
    r += fmt::format("  Device: {}\n", kDevice);
    if (pw)
      r += fmt::format(
          "    Minimum power consumption: {} W\n    Average power consumption: {} W\n    Maximum power consumption: {} "
          "W\n",
          g6(pw.min), g6(pw.mean), g6(pw.max));
    if (a.measure_temp)
      r += fmt::format(
          "    Minimum chip temperature: {}C\n    Average chip temperature: {}C\n    Maximum chip temperature: {}C\n",
          g6(temp - 2.4), g6(temp), g6(temp + 1.7));
  }
  out(r);
}

int cmd_run(const Args& a, Bench& b) {
  require_hef(a);
  std::string hef = a.hefs.front(), ng = group_name(hef);
  out(fmt::format(
      "Running streaming inference ({}):\n  Transform data: true\n    Type:      auto\n    Quantized: true\n", hef));
  if (b.version.at_least(5, 1, 0)) {
    b.state.phase("load");  // HEF parse and vdevice create come before the check
    sleep_s(b.setup_s());
    if (!a.csv.empty()) {
      std::ofstream(a.csv)
          << "net_name,status,status_description,fps,num_of_frames,send_rate,recv_rate,hw_latency,overall_latency,"
             "min_power,average_power,max_power,min_current,average_current,max_current,min_temp,average_temp,max_"
             "temp\n"
          << ng << ",6,HAILO_INVALID_OPERATION,,,,,,,,,,,";
      out(fmt::format("> Writing inference results to '{}'... done.\n", a.csv));
    }
    std::fprintf(stderr,
                 "[HailoRT CLI] [error] CHECK failed - The \"run\" command is not supported for this device type! Use "
                 "\"run2\" instead.\n");
    b.state.phase("teardown");
    sleep_s(b.teardown_s());
    b.state.phase("exit");
    return 6;
  }
  // A directory (run_command / run_command_hefs_dir, run_command.cpp v4.23.0 L1351-1402): every "*.hef" in
  // it (Filesystem::get_files_in_dir_flat, readdir order; sorted here), one after another, each
  // preceded by 80 '*' and "Inferring <full_path>:", each its own HEF parse and vdevice life.
  std::vector<std::string> hefs;
  bool dir = fs::is_directory(hef);
  if (dir) {
    for (const auto& e : fs::directory_iterator(hef))
      if (e.path().extension() == ".hef") hefs.push_back(e.path().string());
    std::sort(hefs.begin(), hefs.end());
    if (hefs.empty()) {
      std::fprintf(stderr, "No HEF files were found in the directory: %s\n", hef.c_str());
      return 2;  // HAILO_INVALID_ARGUMENT
    }
  } else {
    hefs.push_back(hef);
  }
  std::unique_ptr<std::ofstream> csv;
  if (!a.csv.empty()) {
    csv = std::make_unique<std::ofstream>(a.csv);
    *csv << "net_name,status,status_description,fps,num_of_frames,send_rate,recv_rate,hw_latency,overall_latency,min_"
            "power,"
            "average_power,max_power,min_current,average_current,max_current,min_temp,average_temp,max_temp\n";
  }
  for (const auto& h : hefs) {
    if (dir) out(std::string(80, '*') + "\nInferring " + h + ":\n");
    run_hef(a, b, h, csv.get());
  }
  b.state.phase("exit");
  return 0;
}

int benchmark_4x(const Args& a, Bench& b, long t) {
  std::string ng = group_name(a.hefs.front());
  auto nets = b.networks(ng);
  out("Starting Measurements...\n");
  out(b.version.at_least(4, 19, 0) ? "Measuring FPS in HW-only mode\n" : "Measuring FPS in hw_only mode\n");
  auto hw_nets = nets;
  for (auto& n : hw_nets) n.fps *= 1.0008;  // raw streams, no host transform
  auto hw = vdevice_life(b, hw_nets, t, -1, Metric::fps, "warmup", true, false);
  out(b.version.at_least(4, 19, 0) ? "Measuring FPS (and Power on supported platforms) in streaming mode\n"
                                   : "Measuring FPS and Power in streaming mode\n");
  auto st = vdevice_life(b, nets, t, -1, Metric::fps, "measure", true, true);
  double frames_total = 0, cold_fps = 0;
  for (double f : st.frames) frames_total += f;
  for (const auto& n : nets) cold_fps += n.fps;
  b.state.result(static_cast<std::uint64_t>(frames_total), st.duration_s, cold_fps);
  auto pw = b.module_power(st.start_s, st.end_s);
  out("Measuring HW Latency\n");
  vdevice_life(b, nets, t, -1, Metric::hw_latency, "warmup", true, false);
  b.state.phase("report");
  auto mean_fps = [](const Inference& inf) {
    double s = 0;
    for (double f : inf.frames) s += f / inf.duration_s / static_cast<double>(inf.frames.size());
    return s;
  };
  double hw_fps = mean_fps(hw), st_fps = mean_fps(st);
  std::string s = "\n=======\nSummary\n=======\n";
  s += "FPS     (hw_only)                 = " + g6(hw_fps) + "\n";
  s += "        (streaming)               = " + g6(st_fps) + "\n";
  s += "Latency (hw)                      = " + g6(b.p.latency_ms) + " ms\n";
  if (pw) {
    s += fmt::format("Device {}:\n", kDevice);
    s += "  Power in streaming mode (average) = " + g6(pw.mean) + " W\n";
    s += "                          (max)     = " + g6(pw.max) + " W\n";
  }
  out(s);
  if (!a.csv.empty()) {
    std::ofstream f(a.csv);
    f << "net_name,fps,hw_only_fps,num_of_frames,num_of_frames_hw_only,hw_latency,overall_latency,min_power,average_"
         "power,max_power\n";
    std::string st_frames = nets.size() == 1 ? fmt::format("{:.0f}", st.frames[0]) : "";
    std::string hw_frames = nets.size() == 1 ? fmt::format("{:.0f}", hw.frames[0]) : "";
    f << fmt::format("{},{},{},{},{},{},", ng, g6(st_fps), g6(hw_fps), st_frames, hw_frames, g6(b.p.latency_ms));
    f << (pw ? fmt::format(",{},{},{}\n", g6(pw.min), g6(pw.mean), g6(pw.max)) : std::string(",,,\n"));
  }
  sleep_s(0.02);
  b.state.phase("exit");
  return 0;
}

int benchmark_5x(const Args& a, Bench& b, long t) {
  std::string ng = group_name(a.hefs.front());
  auto nets = b.networks(ng);
  b.state.phase("load");  // vdevice create, capabilities, runners configured
  std::fprintf(stderr, "Measurement current is not supported\n");
  sleep_s(b.setup_s());
  b.state.phase("measure");  // runners past the barrier, LiveStats started: no output
  auto t0 = steady_clock::now();
  double start_s = wb::sim::steady_now_s();
  double fps_total = 0;
  for (const auto& n : nets) fps_total += n.fps;
  // The printer thread ticks at 0, 1, ... s; the tick at t races with the end of the wait.
  long last_tick = t > 1 ? t - 1 : 1;
  double last_fps = std::floor(fps_total * static_cast<double>(last_tick)) / static_cast<double>(last_tick);
  sleep_until(t0 + seconds(t));
  double end_s = wb::sim::steady_now_s();
  b.state.phase("teardown");
  b.state.result(static_cast<std::uint64_t>(std::floor(fps_total * static_cast<double>(t))), static_cast<double>(t));
  auto pw = b.module_power(start_s, end_s);
  sleep_s(0.02);  // live stats reset, runners stopped and joined
  std::string s = fmt::format("\n=======\nSummary\n=======\n{}: FPS: {:.2f}\n", ng, last_fps);
  if (pw)
    s += fmt::format(
        "{}:\n  power: mean={:.2f} min={:.2f} max={:.2f}\n  temperature: mean={:.2f} min={:.2f} max={:.2f}\n", kDevice,
        pw.mean, pw.min, pw.max, 47.35, 44.91, 49.02);
  out(s);                   // a terminal gets it line by line; a pipe only at exit (no flush in the source)
  sleep_s(b.teardown_s());  // vdevice released after the Summary
  b.state.phase("exit");
  return 0;
}

int cmd_benchmark(const Args& a, Bench& b) {
  require_hef(a);
  long t = a.time_s > 0 ? a.time_s : 15;
  // v5.0.0 still has the three-phase benchmark; v5.0.1 moved it onto run2.
  return b.version.at_least(5, 0, 1) ? benchmark_5x(a, b, t) : benchmark_4x(a, b, t);
}

// Not from HailoRT: a board of several devices shares its module power unevenly between them
// (±10 % around an equal share), so each device's block differs and only their sum is the board's.
ModulePower device_power(ModulePower board, std::size_t k, std::size_t n) {
  if (!board || n <= 1) return board;
  double share = (1 + 0.1 * (static_cast<double>(n) - 1 - 2 * static_cast<double>(k)) / (static_cast<double>(n) - 1)) /
                 static_cast<double>(n);
  return {true, board.min * share, board.mean * share, board.max * share};
}

int cmd_run2(const Args& a, Bench& b) {
  require_hef(a);
  long t = a.time_s > 0 ? a.time_s : 5;
  struct Group {
    std::string name, hef;
    double fps;
  };
  // One vdevice over every device named (-s A B) or counted (--device-count N) (run2_command.cpp
  // v4.23.0 L685-714): the scheduler spreads each group's frames over them, so a group's count
  // (one per group, network_live_track.cpp L39-54) is its total over the devices.
  std::vector<std::string> devices = a.device_ids;
  if (devices.empty())
    for (long k = 0; k < a.device_count; ++k)
      devices.push_back(k == 0 ? kDevice : fmt::format("0000:{:02x}:00.0", 0xc6 + k));
  const auto n_dev = static_cast<double>(devices.size());
  if (a.measure_latency && a.hefs.size() != 1) {  // Run2Command::execute, run2_command.cpp v4.23.0 L794-797
    std::fprintf(
        stderr,
        "[HailoRT CLI] [error] CHECK failed - When latency measurement is enabled, only one model is allowed\n");
    return 6;  // HAILO_INVALID_OPERATION
  }
  if (a.measure_latency)
    std::fprintf(stderr,
                 "[HailoRT] [warning] Measuring latency; frames are sent one at a time and FPS will not be measured\n");
  std::vector<Group> groups;
  std::size_t width = 0;
  double full = 0, paced = 0;
  for (const auto& h : a.hefs) {
    double fps = 0;
    for (const auto& n : b.networks(group_name(h))) fps += n.fps * n_dev;
    full += fps;
    // Not from HailoRT: one frame in flight at a time runs at 1 / latency.
    if (a.measure_latency && b.p.latency_ms > 0) fps = std::min(fps, 1000.0 / b.p.latency_ms);
    // FramerateThrottle: each input frame waits for its slot, so the group runs at the lower of the two.
    if (a.framerate > 0 && b.p.ignore_rate_cap == 0) fps = std::min(fps, static_cast<double>(a.framerate));
    paced += fps;
    groups.push_back({group_name(h), h, fps});
    width = std::max(width, groups.back().name.size());
  }
  if (full > 0) b.state.load_share(paced / full);
  if (groups.size() == 1 && !b.version.at_least(5, 0, 0))
    std::fprintf(
        stderr,
        "[HailoRT CLI] [warning] \"hailortcli run2\" is not optimized for single model usage. It is recommended to use "
        "\"hailortcli run\" command for a single model\n");
  b.state.phase("load");  // vdevice create, configure, runners started
  sleep_s(b.setup_s());
  b.state.phase("measure");
  auto t0 = steady_clock::now();
  double start_s = wb::sim::steady_now_s();
  std::size_t prev_rows = 0;
  ModulePower pw_so_far;
  auto frame = [&](double elapsed) {
    std::string s;
    for (std::size_t i = 0; i < prev_rows; ++i) s += kErase;
    double r = elapsed / static_cast<double>(t);
    int w = std::max(1, std::min(20, static_cast<int>(std::lround(20 * r))));
    long pct = std::min(100L, std::lround(100 * r));
    s += fmt::format("[{:=>{}}{:{}}] {:>3}% {}\n", '>', w, "", 20 - w, pct,
                     hms(std::max(0L, std::lround(static_cast<double>(t) - elapsed))));
    std::size_t rows = 1;
    for (const auto& g : groups) {
      double fps = elapsed > 0 ? std::floor(g.fps * elapsed) / elapsed : 0;
      if (a.measure_latency)
        s += fmt::format("{}:{} hw latency: {:.2f} ms\n", g.name, std::string(width - g.name.size(), ' '),
                         b.p.latency_ms);
      else
        s += fmt::format("{}:{} fps: {:.2f}\n", g.name, std::string(width - g.name.size(), ' '), fps);
      ++rows;
    }
    for (std::size_t d = 0; a.measure_power && d < devices.size(); ++d) {  // one MeasurementLiveTrack per device
      s += fmt::format("\nMeasurements for device {}\n", devices[d]);
      rows += 2;
      auto pw =
          elapsed >= 0.1 ? device_power(b.module_power(start_s, start_s + elapsed), d, devices.size()) : ModulePower{};
      if (pw) {
        s += fmt::format(
            "\tMinimum power consumption: {:.2f} W\n\tAverage power consumption: {:.2f} W\n\tMaximum power "
            "consumption: {:.2f} W\n",
            pw.min, pw.mean, pw.max);
        rows += 3;
      }
    }
    out(s);
    prev_rows = rows;
  };
  frame(0);
  for (long k = 1; k < t; ++k) {
    sleep_until(t0 + seconds(k));
    frame(since(t0));
  }
  sleep_until(t0 + seconds(t));
  double end_s = wb::sim::steady_now_s();
  b.state.phase("teardown");
  double frames = 0;
  for (const auto& g : groups) frames += std::floor(g.fps * static_cast<double>(t));
  b.state.result(static_cast<std::uint64_t>(frames), static_cast<double>(t));
  auto pw = a.measure_power ? b.module_power(start_s, end_s) : ModulePower{};
  if (!a.json.empty()) {
    nlohmann::ordered_json j;
    j["time"] = "Fri Jan 30 14:22:33 2026";
    j["inference_mode"] = b.version.at_least(5, 0, 0) ? "full_async" : "full_sync";
    j["network_groups"] = nlohmann::ordered_json::array();
    for (const auto& g : groups) {
      nlohmann::ordered_json gj{{"name", g.name}, {"full_hef_path", fs::absolute(g.hef).string()}};
      if (a.measure_latency)
        gj["hw_latency"] = b.p.latency_ms;  // a double, not a string (push_json_impl)
      else
        gj["FPS"] = std::to_string(std::floor(g.fps * since(t0)) / since(t0));
      j["network_groups"].push_back(gj);
    }
    j["time_to_run"] = fmt::format("{:.2f} seconds", static_cast<double>(t));
    if (pw) {
      j["devices"] = nlohmann::ordered_json::array();
      for (std::size_t d = 0; d < devices.size(); ++d) {
        auto dp = device_power(pw, d, devices.size());
        j["devices"].push_back({{"device_id", devices[d]},
                                {"power",
                                 {{"min", std::to_string(dp.min) + " W"},
                                  {"max", std::to_string(dp.max) + " W"},
                                  {"average", std::to_string(dp.mean) + " W"}}}});
      }
    }
    std::ofstream(a.json) << j.dump(4) << "\n";
  }
  frame(since(t0));         // ~LiveStats: the final frame
  sleep_s(b.teardown_s());  // runners stopped, threads joined, vdevice released
  b.state.phase("exit");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Bench b;
  if (argc > 1 && std::string(argv[1]) == "--version") {
    std::printf("HailoRT-CLI version %d.%d.%d\n", b.version.major, b.version.minor, b.version.patch);
    return 0;
  }
  Args a = parse(argc, argv);
  if (a.command == "run") return cmd_run(a, b);
  if (a.command == "benchmark") return cmd_benchmark(a, b);
  if (a.command == "run2") return cmd_run2(a, b);
  if (a.command == "scan") {
    std::printf("Hailo Devices:\n[-] Device: %s\n", kDevice);
    return 0;
  }
  if (a.command == "measure-power") {
    std::printf("Executing on device: %s\n", kDevice);
    double w = b.load ? b.load->true_power_w(wb::sim::steady_now_s()) * b.p.tool_power_fraction
                      : b.p.idle_w * b.p.tool_power_fraction;
    std::printf("Current power consumption (W): %s\n", g6(w).c_str());
    return 0;
  }
  if (a.command == "fw-control" && !a.hefs.empty() && a.hefs.front() == "identify") {
    std::printf(
        "Executing on device: %s\nIdentifying board\nControl Protocol Version: 2\nFirmware Version: %d.%d.%d "
        "(release,app,extended context switch buffer)\n"
        "Logger Version: 0\nBoard Name: Hailo-8\nDevice Architecture: HAILO8\nSerial Number: HLLWMB0214400013\n"
        "Part Number: HM218B1C2LAE\nProduct Name: HAILO-8 AI ACC M.2 B+M KEY MODULE EXT TMP\n\n",
        kDevice, b.version.major, b.version.minor, b.version.patch);
    return 0;
  }
  cli11_error("The following argument was not expected: " + a.command, 109);
}
