// wattbench-ft232h-emulator: runs a command against FT232H boards emulated at the usbdevfs
// level (umockdev), so the real libftdi1 + libusb code in that command talks to our
// MPSSE/I2C/INA228 simulator. See ft232h_usb_device.hpp for the sources of each behaviour.
//
//   wattbench-ft232h-emulator [--device SERIAL[@BUS:ADDR]=CHIP[,CHIP...]]... [--watch DIR]
//                             [--unplug SERIAL:AT_S:FOR_S] [--power-loss SERIAL:0xADDR:AT_S:FOR_S]
//                             [--rail VOLTS:AMPS] [--verbose] -- COMMAND ARGS...
//
// CHIP: ina228:0x40[:SHUNT_OHM] (shunt 0.015 Ω by default). BUS:ADDR default to 1:2, 1:3, …
// Rail: with --watch, the newest sim-state.txt under DIR (with its sim-params.json) drives a
// wb::sim::LoadModel, as `wattbench run` on a config with a `sim:` section writes them; before
// one exists, or without --watch, a constant rail (--rail, default 3.3 V 1.4 A).
// --power-loss: one INA228 loses power while its FT232H stays up (VS dip, cable reseated).
// --unplug and --power-loss times count from the first phase mark in the current sim-state.txt (each new one
// re-arms it); without --watch, from the emulator's start.
// Exit status: the command's, or 128+signal if it was killed; 2 on a usage error.
#include <fmt/format.h>
#include <glib-object.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <umockdev.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sim/bench/load_model.hpp"
#include "sim/bench/rail_source.hpp"
#include "sim/bench/sim_params.hpp"
#include "sim/bench/sim_state.hpp"
#include "tests/usb/ft232h_usb_device.hpp"

extern char** environ;

namespace fs = std::filesystem;
using namespace wb;

namespace {

#ifndef WB_UMOCKDEV_PRELOAD
#define WB_UMOCKDEV_PRELOAD "libumockdev-preload.so.0"
#endif

// Forwards to whichever rail is current; the emulator swaps it when a newer run appears.
class ForwardingRail : public sim::RailSource {
 public:
  explicit ForwardingRail(std::shared_ptr<sim::RailSource> r) : m_rail(std::move(r)) {}
  void set(std::shared_ptr<sim::RailSource> r) {
    std::lock_guard lock(m_mutex);
    m_rail = std::move(r);
  }
  double voltage_v(double t) override { return get()->voltage_v(t); }
  double current_a(double t) override { return get()->current_a(t); }
  double die_temp_c(double t) override { return get()->die_temp_c(t); }

 private:
  std::shared_ptr<sim::RailSource> get() {
    std::lock_guard lock(m_mutex);
    return m_rail;
  }
  std::mutex m_mutex;
  std::shared_ptr<sim::RailSource> m_rail;
};

struct Unplug {
  std::string serial;
  double at_s = 0, for_s = 0;
  int chip_address = -1;  // --power-loss: only this INA228 loses power, the FT232H stays up
};

[[noreturn]] void usage(const std::string& why) {
  std::fprintf(stderr,
               "wattbench-ft232h-emulator: %s\nusage: wattbench-ft232h-emulator [--device "
               "SERIAL[@BUS:ADDR]=ina228:0x40[:SHUNT_OHM][,...]]... "
               "[--watch DIR] [--unplug SERIAL:AT_S:FOR_S] [--power-loss SERIAL:0xADDR:AT_S:FOR_S] [--rail VOLTS:AMPS] "
               "[--verbose] "
               "-- COMMAND ARGS...\n",
               why.c_str());
  std::exit(2);
}

// The newest sim-state.txt under dir that has its sim-params.json beside it (by the params' mtime).
std::optional<fs::path> newest_state(const fs::path& dir) {
  std::optional<fs::path> best;
  fs::file_time_type best_t{};
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec)) {
    if (it->path().filename() != "sim-state.txt") continue;
    fs::path params = it->path().parent_path() / "sim-params.json";
    std::error_code e2;
    auto t = fs::last_write_time(params, e2);
    if (e2) continue;
    if (!best || t > best_t || (t == best_t && it->path() > *best)) {
      best = it->path();
      best_t = t;
    }
  }
  return best;
}

volatile sig_atomic_t g_child = 0;
void forward_signal(int sig) {
  if (g_child > 0) ::kill(g_child, sig);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> device_args;
  std::vector<Unplug> unplugs;
  std::optional<fs::path> watch;
  double rail_v = 3.3, rail_a = 1.4;
  bool verbose = false;
  int i = 1;
  for (; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(a + " needs a value");
      return argv[++i];
    };
    if (a == "--") {
      ++i;
      break;
    } else if (a == "--device") {
      device_args.push_back(value());
    } else if (a == "--watch") {
      watch = value();
    } else if (a == "--unplug") {
      std::string v = value();
      auto c2 = v.rfind(':'), c1 = c2 == std::string::npos ? c2 : v.rfind(':', c2 - 1);
      Unplug u;
      try {
        if (c1 == std::string::npos || c1 == 0) throw std::invalid_argument("");
        u.serial = v.substr(0, c1);
        u.at_s = std::stod(v.substr(c1 + 1, c2 - c1 - 1));
        u.for_s = std::stod(v.substr(c2 + 1));
      } catch (const std::exception&) {
        usage("--unplug wants SERIAL:AT_S:FOR_S, got " + v);
      }
      unplugs.push_back(u);
    } else if (a == "--power-loss") {
      std::string v = value();
      char serial[128] = {};
      unsigned addr = 0;
      Unplug u;
      if (std::sscanf(v.c_str(), "%127[^:]:%x:%lf:%lf", serial, &addr, &u.at_s, &u.for_s) != 4 || addr > 0x7F)
        usage("--power-loss wants SERIAL:0xADDR:AT_S:FOR_S, got " + v);
      u.serial = serial;
      u.chip_address = static_cast<int>(addr);
      unplugs.push_back(u);
    } else if (a == "--rail") {
      if (std::sscanf(value().c_str(), "%lf:%lf", &rail_v, &rail_a) != 2) usage("--rail wants VOLTS:AMPS");
    } else if (a == "--verbose") {
      verbose = true;
    } else if (a == "--help" || a == "-h") {
      usage("help");
    } else {
      usage("unknown argument " + a);
    }
  }
  if (i >= argc) usage("no COMMAND after --");
  if (device_args.empty()) device_args.push_back("FT000001=ina228:0x40");

  std::vector<usbemu::DeviceSpec> specs;
  try {
    int next_addr = 2;
    for (const auto& d : device_args) {
      specs.push_back(usbemu::parse_device_spec(d, next_addr));
      next_addr = specs.back().address + 1;
    }
  } catch (const std::exception& e) {
    usage(e.what());
  }
  for (std::size_t a = 0; a < specs.size(); ++a)
    for (std::size_t b = 0; b < a; ++b) {
      if (specs[a].serial == specs[b].serial) usage("two --device with serial " + specs[a].serial);
      if (specs[a].bus == specs[b].bus && specs[a].address == specs[b].address)
        usage(fmt::format("two --device at {}:{}", specs[a].bus, specs[a].address));
    }
  for (const auto& u : unplugs) {
    bool found = false;
    for (const auto& s : specs) found |= s.serial == u.serial;
    if (!found) usage("--unplug names no --device serial: " + u.serial);
  }

  auto constant = std::make_shared<sim::ConstantRail>(rail_v, rail_a, 35.5);
  ForwardingRail rail(constant);
  UMockdevTestbed* testbed = umockdev_testbed_new();  // sets UMOCKDEV_DIR in our environment
  std::vector<std::unique_ptr<usbemu::Ft232hUsbDevice>> devices;
  try {
    std::map<int, bool> hubs;
    for (const auto& s : specs)
      if (!hubs[s.bus]) {
        usbemu::add_root_hub(testbed, s.bus);
        hubs[s.bus] = true;
      }
    for (const auto& s : specs) {
      devices.push_back(std::make_unique<usbemu::Ft232hUsbDevice>(testbed, s, rail, &sim::steady_now_s, verbose));
      if (verbose)
        std::fprintf(stderr, "ft232h-emulator: %s at %s\n", s.serial.c_str(), devices.back()->devnode().c_str());
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "wattbench-ft232h-emulator: %s\n", e.what());
    g_object_unref(testbed);
    return 2;
  }
  auto arm_unplugs = [&](double t0) {
    for (const auto& u : unplugs)
      for (auto& d : devices)
        if (d->spec().serial == u.serial && u.chip_address >= 0) {
          if (!d->chip_power_loss(static_cast<std::uint8_t>(u.chip_address), t0 + u.at_s, t0 + u.at_s + u.for_s))
            std::fprintf(stderr, "ft232h-emulator: --power-loss: no chip at 0x%02x on %s\n", u.chip_address,
                         u.serial.c_str());
        } else if (d->spec().serial == u.serial) {
          d->unplug(t0 + u.at_s, t0 + u.at_s + u.for_s);
          if (verbose)
            std::fprintf(stderr, "ft232h-emulator: %s unplugged from t0+%.3f s for %.3f s\n", u.serial.c_str(), u.at_s,
                         u.for_s);
        }
  };
  if (!watch) arm_unplugs(sim::steady_now_s());

  // The command, with the preload library in front of whatever LD_PRELOAD it already had.
  std::string preload = WB_UMOCKDEV_PRELOAD;
  if (const char* old = std::getenv("LD_PRELOAD"); old && *old) preload += std::string(":") + old;
  std::vector<std::string> env_store;
  for (char** e = environ; *e; ++e)
    if (std::string(*e).rfind("LD_PRELOAD=", 0) != 0) env_store.push_back(*e);
  env_store.push_back("LD_PRELOAD=" + preload);
  std::vector<char*> envp, args;
  for (auto& s : env_store) envp.push_back(s.data());
  envp.push_back(nullptr);
  for (int k = i; k < argc; ++k) args.push_back(argv[k]);
  args.push_back(nullptr);

  struct sigaction sa {};
  sa.sa_handler = forward_signal;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
  pid_t pid = 0;
  if (int rc = posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), envp.data()); rc != 0) {
    std::fprintf(stderr, "wattbench-ft232h-emulator: cannot run %s: %s\n", args[0], std::strerror(rc));
    devices.clear();
    g_object_unref(testbed);
    return 127;
  }
  g_child = pid;

  std::optional<fs::path> current;
  bool armed = false;
  int status = 0;
  auto last_scan = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  for (;;) {
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) break;
    if (r < 0 && errno != EINTR) {
      status = 0;
      break;
    }
    auto t = std::chrono::steady_clock::now();
    if (watch && t - last_scan >= std::chrono::milliseconds(50)) {
      last_scan = t;
      auto newest = newest_state(*watch);
      if (newest && newest != current) {
        try {
          auto params = sim::load_sim_params(newest->parent_path() / "sim-params.json");
          rail.set(std::make_shared<sim::LoadModel>(params, *newest));
          current = newest;
          armed = false;
          if (verbose) std::fprintf(stderr, "ft232h-emulator: rail from %s\n", newest->c_str());
        } catch (const std::exception& e) {
          // Half-written params: try again at the next scan.
          if (verbose) std::fprintf(stderr, "ft232h-emulator: %s: %s\n", newest->c_str(), e.what());
        }
      }
      if (current && !armed && !unplugs.empty()) {
        auto st = sim::read_sim_state(*current);
        if (!st.marks.empty()) {
          arm_unplugs(st.marks.front().t_s);
          armed = true;
        }
      }
    }
    for (auto& d : devices) d->tick();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  g_child = 0;
  if (verbose)
    for (const auto& d : devices) {
      auto c = d->counters();
      std::fprintf(stderr,
                   "ft232h-emulator: %s: %llu ioctls, %llu URBs, %llu bytes out, %llu in, %llu unknown ioctls, %llu "
                   "power cycles\n",
                   d->spec().serial.c_str(), (unsigned long long)c.ioctls, (unsigned long long)c.urbs,
                   (unsigned long long)c.bulk_out_bytes, (unsigned long long)c.bulk_in_bytes,
                   (unsigned long long)c.unknown_ioctls, (unsigned long long)c.power_on_resets);
    }
  devices.clear();
  g_object_unref(testbed);  // removes the testbed folder
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
