// The ptd kind's simulator: the real PTDaemon client talks to a fake PTDaemon on loopback
// whose analyzer measures the card's supply: the mean power over each period, exactly.
#include "probes/ptd/probe.hpp"
#include "sim/bench/sim_bench.hpp"
#include "sim/ptd/ptd_server.hpp"

namespace wb::sim {

namespace {

std::unique_ptr<Probe> make_sim_ptd(const ProbeConfig& cfg, const ProbeContext& ctx, SimBench& bench) {
  return make_ptd_probe(cfg, ctx, [&bench](bool utc, int& port) {
    LoadModel* load = &bench.load();
    PtdSource source = [load](double t0, double t1) {
      PtdReading r;
      r.watts = t1 > t0 ? load->true_energy_j(t0, t1) / (t1 - t0) : load->true_power_w(t1);
      r.volts = load->voltage_v(t1);
      r.amps = r.volts > 0 ? r.watts / r.volts : 0;
      r.pf = 1;
      return r;
    };
    PtdServerOptions opt;
    opt.utc = utc;
    auto server = std::make_shared<PtdServer>(source, opt);
    port = server->port();
    return server;
  });
}

}  // namespace

extern const SimProbeKind ptd_sim;
const SimProbeKind ptd_sim{"ptd", &make_sim_ptd, nullptr};  // no keys of its own: it measures the bench's supply

}  // namespace wb::sim
