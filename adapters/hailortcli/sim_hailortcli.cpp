// sim-hailortcli: a stand-in for Hailo's hailortcli 4.23 on the simulated bench: `run`,
// `benchmark` (4.x: hw-only, streaming, latency phases), `run2`, `measure-power`, `scan`,
// `fw-control identify` and `--version`, in the real stdout formats and CSV/JSON files.
// Its phases go to $WATTBENCH_SIM_STATE; its own power readings are the simulated rail
// power times tool_power_fraction (the module sensor sees less than the M.2 rail).
#include <fmt/format.h>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "probes/sim/load_model.hpp"
#include "probes/sim/tool_bench.hpp"

namespace fs = std::filesystem;
using namespace std::chrono;

namespace {

constexpr const char* kDevice = "0000:c6:00.0";

[[noreturn]] void cli_error(const std::string& msg) {
  std::fprintf(stderr, "[HailoRT CLI] [error] %s\nRun with --help for more information.\n", msg.c_str());
  std::exit(1);
}

struct Args {
  std::string command, hef, csv, json;
  double time_s = -1;
  long frames = -1, batch = 1;
  bool measure_power = false, measure_temp = false;
};

Args parse(int argc, char** argv) {
  Args a;
  std::vector<std::string> v(argv + 1, argv + argc);
  if (v.empty()) cli_error("A subcommand is required");
  a.command = v[0];
  for (std::size_t i = 1; i < v.size(); ++i) {
    auto next = [&]() -> std::string {
      if (i + 1 >= v.size()) cli_error(v[i] + " requires an argument");
      return v[++i];
    };
    auto num = [&](const std::string& s) {
      try {
        return std::stod(s);
      } catch (...) {
        cli_error("could not convert '" + s + "' to a number");
      }
    };
    const std::string& o = v[i];
    if (o == "-t" || o == "--time-to-run") a.time_s = num(next());
    else if (o == "-c" || o == "--frames-count") a.frames = static_cast<long>(num(next()));
    else if (o == "--batch-size") a.batch = static_cast<long>(num(next()));
    else if (o == "--csv") a.csv = next();
    else if (o == "-j") a.json = next();
    else if (o == "--measure-power") a.measure_power = true;
    else if (o == "--measure-temp") a.measure_temp = true;
    else if (o == "--power-mode" || o == "--sampling-period" || o == "--averaging-factor" || o == "-m" || o == "--mode") next();
    else if (o == "--dont-show-progress" || o == "--show-progress" || o == "set-net") {}
    else if (o == "identify" && a.command == "fw-control") a.hef = o;
    else if (!o.empty() && o[0] != '-' && a.hef.empty()) a.hef = o;
    else cli_error("The following argument was not expected: " + o);
  }
  return a;
}

void sleep_s(double s) {
  if (s > 0) std::this_thread::sleep_for(duration<double>(s));
}

std::string hms(double s) {
  int t = static_cast<int>(std::lround(std::max(0.0, s)));
  return fmt::format("{:02d}:{:02d}:{:02d}", t / 3600, (t / 60) % 60, t % 60);
}

struct ModulePower {
  bool valid = false;
  double min = 0, mean = 0, max = 0;
  explicit operator bool() const { return valid; }
};

struct Bench {
  wb::sim::ToolBench bench{104729u};
  const wb::sim::SimParams& p = bench.params();
  wb::sim::SimStateWriter& state = bench.state();
  // The card's load model, to report what the module's own sensor would see.
  std::unique_ptr<wb::sim::LoadModel> load =
      bench.state_path().empty() ? nullptr : std::make_unique<wb::sim::LoadModel>(p, bench.state_path());
  double fps() { return p.fps * bench.jitter(); }
  // The module sensor's view of a phase [t0, t1]: mean, min and max of the simulated power.
  ModulePower module_power(double t0, double t1) {
    if (!load || t1 <= t0) return {};
    double mean = load->true_energy_j(t0, t1) / (t1 - t0), mn = 1e9, mx = 0;
    for (int k = 0; k <= 50; ++k) {
      double w = load->true_power_w(t0 + (t1 - t0) * k / 50.0);
      mn = std::min(mn, w), mx = std::max(mx, w);
    }
    double f = p.tool_power_fraction;
    return {true, mn * f, mean * f, mx * f};
  }
};

std::string net_name(const std::string& hef) { return fs::path(hef).stem().string(); }

void require_hef(const Args& a) {
  if (a.hef.empty()) cli_error("hef is required");
  if (!fs::exists(a.hef)) {
    std::fprintf(stderr, "[HailoRT] [error] Failed to open file %s with errno:2\n", a.hef.c_str());
    std::fprintf(stderr, "[HailoRT] [error] CHECK_SUCCESS failed with status=HAILO_OPEN_FILE_FAILURE(13)\n");
    std::exit(1);
  }
}

// Streaming inference for `seconds` (or `frames`), with the 1 s progress frames and their erase codes.
std::pair<double, long> stream(Bench& b, const std::string& label, double seconds, long frames, const char* metric) {
  double fps = b.fps();
  double planned = frames > 0 ? frames / fps : seconds;
  auto t0 = steady_clock::now();
  for (int tick = 1; tick < planned; ++tick) {
    sleep_s(1.0 - std::fmod(duration<double>(steady_clock::now() - t0).count(), 1.0));
    double el = duration<double>(steady_clock::now() - t0).count();
    long n = static_cast<long>(fps * el);
    std::printf("Network %s/%s: %d%% | %ld | %s: %.2f | ETA: %s\n\x1b[F\x1b[2K\r", label.c_str(), label.c_str(),
                static_cast<int>(100 * el / planned), n, metric, fps, hms(planned - el).c_str());
    std::fflush(stdout);
  }
  sleep_s(planned - duration<double>(steady_clock::now() - t0).count());
  double elapsed = duration<double>(steady_clock::now() - t0).count();
  long n = frames > 0 ? frames : static_cast<long>(std::llround(fps * elapsed));
  std::printf("Network %s/%s: 100%% | %ld | %s: %.2f | ETA: 00:00:00\n", label.c_str(), label.c_str(), n, metric,
              n / elapsed);
  std::fflush(stdout);
  return {elapsed, n};
}

int cmd_run(const Args& a, Bench& b) {
  require_hef(a);
  std::string ng = net_name(a.hef);
  std::printf("Running streaming inference (%s):\n  Transform data: true\n    Type:      auto\n    Quantized: true\n", a.hef.c_str());
  std::fflush(stdout);
  b.state.phase("load");
  sleep_s(b.p.load_s);
  b.state.phase("measure");
  double t_start = wb::sim::steady_now_s();
  auto [elapsed, frames] = stream(b, ng, a.time_s > 0 ? a.time_s : 5.0, a.frames, "FPS");
  double t_end = wb::sim::steady_now_s();
  b.state.phase("teardown");
  b.state.result(static_cast<std::uint64_t>(frames), elapsed);
  double fps = frames / elapsed;
  double send = fps * 224 * 224 * 3 * 8 / 1e6, recv = fps * 1000 * 8 / 1e6;
  auto pw = a.measure_power ? b.module_power(t_start, t_end) : ModulePower{};
  double temp = 47.2236;
  if (!a.csv.empty()) {
    std::ofstream f(a.csv);
    f << "net_name,status,status_description,fps,num_of_frames,send_rate,recv_rate,hw_latency,overall_latency,min_power,"
         "average_power,max_power,min_current,average_current,max_current,min_temp,average_temp,max_temp\n";
    f << fmt::format("{},0,HAILO_SUCCESS,{:.6g},{},{:.6g},{:.6g},,,", ng, fps, frames, send, recv);
    if (pw) f << fmt::format("{:.6g},{:.6g},{:.6g},", pw.min, pw.mean, pw.max);
    else f << ",,,";
    f << ",,,";
    if (a.measure_temp) f << fmt::format("{:.6g},{:.6g},{:.6g}\n", temp - 2.4, temp, temp + 1.7);
    else f << ",,\n";
    std::printf("> Writing inference results to '%s'... done.\n", a.csv.c_str());
  }
  std::printf("\x1b[2K\r> Inference result:\n Network group: %s\n", ng.c_str());
  if (a.frames > 0) std::printf("    Duration: %s\n", hms(elapsed).c_str());
  else std::printf("    Frames count: %ld\n", frames);
  std::printf("    FPS: %.2f\n    Send Rate: %.2f Mbit/s\n    Recv Rate: %.2f Mbit/s\n\n", fps, send, recv);
  if (pw || a.measure_temp) {
    std::printf("  Device: %s\n", kDevice);
    if (pw)
      std::printf("    Minimum power consumption: %s W\n    Average power consumption: %s W\n    Maximum power consumption: %s W\n",
                  fmt::format("{:.6g}", pw.min).c_str(), fmt::format("{:.6g}", pw.mean).c_str(), fmt::format("{:.6g}", pw.max).c_str());
    if (a.measure_temp)
      std::printf("    Minimum chip temperature: %sC\n    Average chip temperature: %sC\n    Maximum chip temperature: %sC\n",
                  fmt::format("{:.6g}", temp - 2.4).c_str(), fmt::format("{:.6g}", temp).c_str(), fmt::format("{:.6g}", temp + 1.7).c_str());
  }
  std::fflush(stdout);
  sleep_s(b.p.teardown_s);
  b.state.phase("exit");
  return 0;
}

int cmd_benchmark(const Args& a, Bench& b) {
  require_hef(a);
  std::string ng = net_name(a.hef);
  double t = a.time_s > 0 ? a.time_s : 15.0;
  std::printf("Starting Measurements...\n");
  std::fflush(stdout);
  b.state.phase("load");
  sleep_s(b.p.load_s);
  std::printf("Measuring FPS in HW-only mode\n");
  std::fflush(stdout);
  b.state.phase("warmup");
  auto [hw_el, hw_frames] = stream(b, ng, t, -1, "FPS");
  std::printf("Measuring FPS (and Power on supported platforms) in streaming mode\n");
  std::fflush(stdout);
  std::fprintf(stderr, "[HailoRT] [warning] Using the overcurrent protection dvm for power measurement will disable the overcurrent protection.\n"
                       "If only taking one measurement, the protection will resume automatically.\n"
                       "If doing continuous measurement, to enable overcurrent protection again you have to stop the power measurement on this dvm.\n");
  b.state.phase("measure");
  double t_start = wb::sim::steady_now_s();
  auto [st_el, st_frames] = stream(b, ng, t, -1, "FPS");
  double t_end = wb::sim::steady_now_s();
  std::printf("Measuring HW Latency\n");
  std::fflush(stdout);
  b.state.phase("warmup");
  b.state.result(static_cast<std::uint64_t>(st_frames), st_el);
  double latency = b.p.latency_ms;
  stream(b, ng, t, -1, "HW Latency");
  b.state.phase("teardown");
  double hw_fps = hw_frames / hw_el, st_fps = st_frames / st_el;
  auto pw = b.module_power(t_start, t_end);
  std::printf("\n=======\nSummary\n=======\n");
  std::printf("FPS     (hw_only)                 = %s\n", fmt::format("{:.6g}", hw_fps).c_str());
  std::printf("        (streaming)               = %s\n", fmt::format("{:.6g}", st_fps).c_str());
  std::printf("Latency (hw)                      = %s ms\n", fmt::format("{:.6g}", latency).c_str());
  if (pw) {
    std::printf("Device %s:\n", kDevice);
    std::printf("  Power in streaming mode (average) = %s W\n", fmt::format("{:.6g}", pw.mean).c_str());
    std::printf("                          (max)     = %s W\n", fmt::format("{:.6g}", pw.max).c_str());
  }
  if (!a.csv.empty()) {
    std::ofstream f(a.csv);
    f << "net_name,fps,hw_only_fps,num_of_frames,num_of_frames_hw_only,hw_latency,overall_latency,min_power,average_power,max_power\n";
    f << fmt::format("{},{:.6g},{:.6g},{},{},{:.6g},,", ng, st_fps, hw_fps, st_frames, hw_frames, latency);
    if (pw) f << fmt::format("{:.6g},{:.6g},{:.6g}\n", pw.min, pw.mean, pw.max);
    else f << ",,\n";
  }
  std::fflush(stdout);
  sleep_s(b.p.teardown_s);
  b.state.phase("exit");
  return 0;
}

int cmd_run2(const Args& a, Bench& b) {
  require_hef(a);
  std::string ng = net_name(a.hef);
  double t = a.time_s > 0 ? a.time_s : 5.0;
  b.state.phase("load");
  sleep_s(b.p.load_s);
  b.state.phase("measure");
  double t_start = wb::sim::steady_now_s();
  double fps = b.fps();
  auto t0 = steady_clock::now();
  for (int tick = 1; tick < static_cast<int>(t); ++tick) {
    sleep_s(1.0);
    int pct = static_cast<int>(100 * tick / t);
    int bar = 20 * tick / static_cast<int>(t);
    std::printf("[%s>%s] %3d%% %s\n%s: fps: %.2f\n\x1b[F\x1b[2K\r\x1b[F\x1b[2K\r", std::string(static_cast<std::size_t>(std::max(bar - 1, 0)), '=').c_str(),
                std::string(static_cast<std::size_t>(20 - std::max(bar, 1)), ' ').c_str(), pct, hms(t - tick).c_str(), ng.c_str(), fps);
    std::fflush(stdout);
  }
  sleep_s(t - duration<double>(steady_clock::now() - t0).count());
  double elapsed = duration<double>(steady_clock::now() - t0).count();
  double t_end = wb::sim::steady_now_s();
  b.state.phase("teardown");
  b.state.result(static_cast<std::uint64_t>(std::llround(fps * elapsed)), elapsed);
  std::printf("[===================>] 100%% 00:00:00\n%s: fps: %.2f\n", ng.c_str(), fps);
  auto pw = a.measure_power ? b.module_power(t_start, t_end) : ModulePower{};
  if (pw) {
    std::printf("\nMeasurements for device %s\n", kDevice);
    std::printf("\tMinimum power consumption: %.2f W\n\tAverage power consumption: %.2f W\n\tMaximum power consumption: %.2f W\n",
                pw.min, pw.mean, pw.max);
  }
  if (!a.json.empty()) {
    std::ofstream f(a.json);
    f << "{\n    \"time\": \"Fri Jan 30 14:22:33 2026\",\n    \"inference_mode\": \"full_async\",\n    \"network_groups\": [\n";
    f << fmt::format("        {{\n            \"name\": \"{}\",\n            \"full_hef_path\": \"{}\",\n            \"FPS\": \"{:.6f}\"\n        }}\n    ],\n",
                     ng, a.hef, fps);
    f << fmt::format("    \"time_to_run\": \"{:.2f} seconds\",\n    \"devices\": [\n        {{\n            \"device_id\": \"{}\"", t, kDevice);
    if (pw)
      f << fmt::format(",\n            \"power\": {{\n                \"min\": \"{:.6f} W\",\n                \"max\": \"{:.6f} W\",\n"
                       "                \"average\": \"{:.6f} W\"\n            }}", pw.min, pw.max, pw.mean);
    f << "\n        }\n    ]\n}\n";
  }
  std::fflush(stdout);
  sleep_s(b.p.teardown_s);
  b.state.phase("exit");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--version") {
    std::printf("HailoRT-CLI version 4.23.0\n");
    return 0;
  }
  Args a = parse(argc, argv);
  Bench b;
  if (a.command == "run") return cmd_run(a, b);
  if (a.command == "benchmark") return cmd_benchmark(a, b);
  if (a.command == "run2") return cmd_run2(a, b);
  if (a.command == "scan") {
    std::printf("Hailo Devices:\n[-] Device: %s\n", kDevice);
    return 0;
  }
  if (a.command == "measure-power") {
    std::printf("Executing on device: %s\n", kDevice);
    double w = b.load ? b.load->true_power_w(wb::sim::steady_now_s()) * b.p.tool_power_fraction : b.p.idle_w * b.p.tool_power_fraction;
    std::printf("Current power consumption (W): %s\n", fmt::format("{:.6g}", w).c_str());
    return 0;
  }
  if (a.command == "fw-control" && a.hef == "identify") {
    std::printf("Executing on device: %s\nIdentifying board\nControl Protocol Version: 2\nFirmware Version: 4.23.0 (release,app,extended context switch buffer)\n"
                "Logger Version: 0\nBoard Name: Hailo-8\nDevice Architecture: HAILO8\nSerial Number: HLLWMB0214400013\n"
                "Part Number: HM218B1C2LAE\nProduct Name: HAILO-8 AI ACC M.2 B+M KEY MODULE EXT TMP\n\n", kDevice);
    return 0;
  }
  cli_error("The subcommand '" + a.command + "' is not simulated (run, benchmark, run2, scan, measure-power, fw-control identify)");
}
