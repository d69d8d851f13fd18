// The ptd kind's settings: a lab analyzer behind SPEC PTDaemon, over TCP.
#pragma once
#include <memory>
#include <string>

#include "harness/plugin/probe_kind.hpp"

namespace wb {

class ConfigNode;

struct PtdSettings : ProbeSettings {
  std::string transport_name = "tcp";  // tcp | sim (a fake PTDaemon on loopback, fed by the simulated bench)
  std::string host = "127.0.0.1";
  int port = 8888;                                        // PTDaemon's -p
  double period_ms = 1000;                                // Go,<period_ms>,0,<mark>: the analyzer's sample period
  double poll_ms = 250;                                   // how often RL fetches the samples logged since the last poll
  std::string volts_range = "Auto", amps_range = "Auto";  // SR,V,… and SR,A,…
  int channel = 0;                 // multi-channel analyzers: 0 = the sum, n = channel n (RL,*,*)
  bool utc = false;                // PTDaemon's sample times are UTC (started with TZ=UTC), not local
  double timeout_s = 5;            // per reply
  double max_uncertainty_pct = 1;  // SPEC's acceptance limit: samples above it are counted and warned

  std::string transport() const override { return transport_name; }
  bool simulated() const override { return transport_name == "sim"; }
};

// The rate is the analyzer's: 1000 / period_ms.
std::shared_ptr<const ProbeSettings> parse_ptd_settings(const ConfigNode& n, ProbeConfig& common);

}  // namespace wb
