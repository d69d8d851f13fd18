// A fake SPEC PTDaemon on 127.0.0.1: the line protocol and replies of probes/ptd/protocol.hpp,
// a measurement thread logging one sample per Go period, and a WT300-shaped uncertainty model
// (% of reading + % of range, auto or fixed ranges). The real PTDaemon is proprietary; this
// follows the replies published by mlcommons/power-dev (see docs/PTD.md), not our client.
#pragma once
#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace wb::sim {

struct PtdReading {
  double watts = 0, volts = 0, amps = 0, pf = 1;
};
// The analyzer's mean reading over [t0, t1] (steady seconds).
using PtdSource = std::function<PtdReading(double t0, double t1)>;

struct PtdServerOptions {
  std::string identify = "wattbench fake PTDaemon (simulated analyzer, not SPEC PTDaemon)";
  int port = 0;               // 0: any free port (see port())
  bool utc = false;           // sample times in UTC (power-dev runs PTDaemon with TZ=UTC)
  double clock_offset_s = 0;  // the analyzer host's wall clock minus ours
  double reading_pct = 0.1;   // uncertainty: % of reading …
  double range_pct = 0.1;     // … plus % of range (volt range × amp range)
  std::vector<double> volt_ranges{15, 30, 60, 150, 300, 600};
  std::vector<double> amp_ranges{0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20};
  int channels = 1;                        // >1: a multi-channel analyzer answering RL,*,* (power split evenly)
  bool dc = false;                         // a DC analyzer: RL is "Unknown command", DC-RL serves samples
  bool samples_carry_uncertainty = false;  // sample lines add an Uncertainty field
  double drop_connection_after_s = -1;     // close the client's connection once, this long after Go
  bool resend_on_reconnect = false;        // a new connection's RL starts again from Go's first sample
  double actual_period_ms = 0;             // >0: sample at this period whatever Go asks (and say so)
};

class PtdServer {
 public:
  explicit PtdServer(PtdSource source, PtdServerOptions opt = {});
  ~PtdServer();
  PtdServer(const PtdServer&) = delete;
  PtdServer& operator=(const PtdServer&) = delete;
  int port() const { return m_port; }
  // Every command line received, in order (tests check the client's sequence).
  std::vector<std::string> commands() const;
  std::size_t samples_taken() const;

 private:
  struct Sample {
    double wall_s;
    std::vector<PtdReading> blocks;  // sum, then channels
    double uncertainty;              // fraction; NaN when over range
  };
  void serve();
  void handle(int fd);
  std::string reply(const std::string& cmd, std::vector<std::string>& extra_lines);
  void measure(double period_s);
  std::string sample_line(const Sample& s) const;
  double pick(const std::vector<double>& ranges, double value, double fixed) const;

  PtdSource m_source;
  PtdServerOptions m_opt;
  int m_listen_fd = -1;
  int m_port = 0;
  std::atomic<bool> m_running{true};
  std::thread m_thread;

  mutable std::mutex m_mutex;
  std::vector<std::string> m_commands;
  double m_volt_range = 0, m_amp_range = 0;  // 0: auto
  std::atomic<bool> m_measuring{false};
  std::thread m_measure_thread;
  double m_go_s = 0;
  bool m_dropped = false;
  std::vector<Sample> m_samples;  // since Go
  std::size_t m_unread = 0;       // index of the first sample not yet sent by RL
};

}  // namespace wb::sim
