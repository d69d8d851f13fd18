// sim-ptd: a stand-in for SPEC PTDaemon, to try the ptd probe's TCP path without an analyzer.
// It serves 127.0.0.1:<port> with the fake analyzer of sim/ptd/ptd_server: a load of
// --watts with a slow ±10 % swing (20 s period) at 230 V, PF 0.9, until Ctrl-C.
#include <signal.h>

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <string>

#include "sim/ptd/ptd_server.hpp"

namespace {
const char* kUsage =
    "Usage: sim-ptd [-p PORT] [--watts W] [--utc]\n"
    "A fake SPEC PTDaemon on 127.0.0.1 (default port 8888) for trying wattbench's ptd probe\n"
    "(transport: tcp) without a power analyzer. Not SPEC PTDaemon.\n"
    "  -p PORT     TCP port, 0 for any free one (printed)\n"
    "  --watts W   mean load in W (default 45)\n"
    "  --utc       stamp samples in UTC, as PTDaemon started with TZ=UTC does\n";
}  // namespace

int main(int argc, char** argv) {
  wb::sim::PtdServerOptions opt;
  opt.port = 8888;
  double watts = 45;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "sim-ptd: " << a << " needs a value\n" << kUsage;
        std::exit(2);
      }
      return argv[++i];
    };
    try {
      if (a == "-p") {
        std::string v = value();
        std::size_t used = 0;
        opt.port = std::stoi(v, &used);
        if (used != v.size() || opt.port < 0 || opt.port > 65535) {
          std::cerr << "sim-ptd: -p " << v << ": expected a TCP port 0..65535\n";
          return 2;
        }
      } else if (a == "--watts")
        watts = std::stod(value());
      else if (a == "--utc")
        opt.utc = true;
      else if (a == "-h" || a == "--help") {
        std::cout << kUsage;
        return 0;
      } else {
        std::cerr << "sim-ptd: unknown option " << a << "\n" << kUsage;
        return 2;
      }
    } catch (const std::exception&) {
      std::cerr << "sim-ptd: " << a << ": expected a number\n";
      return 2;
    }
  }
  // Block the stop signals before the server's threads start, then wait for one here.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  try {
    wb::sim::PtdServer server(
        [watts](double t0, double t1) {
          // Mean of W·(1 + 0.1 sin(2πt/20)) over [t0, t1], exactly.
          constexpr double kPeriod = 20, kTwoPi = 6.283185307179586;
          double w = kTwoPi / kPeriod;
          double mean = t1 > t0 ? watts * (1 + 0.1 * (std::cos(w * t0) - std::cos(w * t1)) / (w * (t1 - t0))) : watts;
          wb::sim::PtdReading r;
          r.watts = mean;
          r.volts = 230;
          r.pf = 0.9;
          r.amps = mean / (r.volts * r.pf);
          return r;
        },
        opt);
    std::cout << "sim-ptd: listening on 127.0.0.1:" << server.port() << std::endl;
    int sig = 0;
    sigwait(&stop, &sig);
  } catch (const std::exception& e) {
    std::cerr << "sim-ptd: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
