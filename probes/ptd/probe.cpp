// The ptd probe: a lab power analyzer behind SPEC PTDaemon, over TCP. It sets the ranges,
// starts a measurement (Go), fetches the logged samples with RL at poll_ms and their
// uncertainty with Uncertainty, maps the analyzer's sample times onto the run's clock, and at
// the end stops, cross-checks PTDaemon's own count and average, and restores the ranges it
// found. On `sim` the same client talks to the simulator's PTDaemon on loopback (probe.hpp).
#include "probes/ptd/probe.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <fstream>
#include <thread>
#include "harness/util/regex.hpp"

#include "harness/plugin/probe.hpp"
#include "probes/ptd/connection.hpp"
#include "probes/ptd/protocol.hpp"
#include "probes/ptd/settings.hpp"

namespace wb {

namespace {

using steady = std::chrono::steady_clock;

double steady_s(steady::time_point t) { return std::chrono::duration<double>(t.time_since_epoch()).count(); }
double wall_now_s() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

enum PtdChannel { kPower, kVolts, kAmps, kPf, kUncertainty, kPtdChannelCount };

// The most power the analyzer can report: its voltage range times its current range (with
// room for the peak factor, readings to 2x range), or, with a range on Auto, kPtdAutoMaxW.
inline constexpr double kPtdAutoMaxW = 50e3;  // 1000 V x 50 A: beyond the ranges of bench analyzers
double ptd_max_power_w(const PtdSettings& c) {
  try {
    if (c.volts_range != "Auto" && c.amps_range != "Auto")
      return 2 * std::stod(c.volts_range) * std::stod(c.amps_range);
  } catch (const std::exception&) {
  }
  return kPtdAutoMaxW;
}

class PtdProbe : public Probe {
 public:
  PtdProbe(const ProbeConfig& cfg, const ProbeContext& ctx, SimulatedPtd simulate)
      : m_cfg(cfg), m_ptd(cfg.settings_as<PtdSettings>()), m_ctx(ctx), m_simulate(std::move(simulate)) {
    const auto& c = m_ptd;
    m_info = probe_info_base(cfg, c.transport_name == "sim" ? "sim" : fmt::format("tcp {}:{}", c.host, c.port),
                             1000 / c.period_ms);
    m_info.poll_hz = 1000 / c.poll_ms;
    m_info.channels = {{"power_w", "W", Quantity::power},
                       {"volts_v", "V", Quantity::voltage},
                       {"amps_a", "A", Quantity::current},
                       {"pf", "", Quantity::other},
                       {"uncertainty_pct", "%", Quantity::other}};
    m_info.power_channel = kPower;
    // The analyzer measures a load: negative power or power beyond its ranges is no reading.
    m_info.channels[kPower].plausible_min = 0;
    m_info.channels[kPower].plausible_max = ptd_max_power_w(c);
    // The analyzer logs one mean per integration period; read() already stamps its middle.
    m_info.channels[kPower].meter = {
        MeterKind::averaged, c.period_ms / 1000,
        fmt::format("PTDaemon: mean over each {:g} ms period, stamped at its middle", c.period_ms), true};
    m_info.uncertainty_channel = kUncertainty;
    m_info.uncertainty_limit_pct = c.max_uncertainty_pct;
    m_rl = c.channel > 0 ? "RL,*,*" : "RL";
    m_period_s = c.period_ms / 1000;
  }

  ~PtdProbe() override {
    try {
      close();
    } catch (...) {
    }
  }

  const ProbeInfo& info() const override { return m_info; }
  bool batched() const override { return true; }

  void open() override {
    const auto& c = m_ptd;
    m_host = c.host;
    m_port = c.port;
    if (c.transport_name == "sim") {
      if (!m_simulate)
        throw std::runtime_error(fmt::format("probe {}: transport sim needs the simulated bench", m_cfg.name));
      m_server = m_simulate(c.utc, m_port);
      m_host = "127.0.0.1";
    }
    if (!m_ctx.run_dir.empty()) m_transcript.open(m_ctx.run_dir / fmt::format("ptd-{}.log", m_cfg.name), std::ios::app);
    connect();
    m_info.instrument = m_conn->command("Identify");
    auto rr = m_conn->command("RR");
    if (ptd::is_error_reply(rr)) {
      warn(fmt::format("PTDaemon did not report its ranges (RR: '{}'); they are restored to Auto at the end", rr));
    } else {
      m_initial = ptd::parse_ranges(rr);
    }
    set_range("V", c.volts_range);
    set_range("A", c.amps_range);
    // The mark names the run in PTDaemon's own log; commas would split the command.
    std::string mark = "wattbench_" + m_cfg.name;
    auto go = m_conn->command(fmt::format("Go,{:g},0,{}", c.period_ms, mark));
    if (ptd::is_error_reply(go))
      throw std::runtime_error(fmt::format("PTDaemon at {} refused to start measuring: {}", m_conn->peer(), go));
    m_measuring = true;
    adopt_period(go);
    // Our reading of the wall clock against the steady one: PTDaemon stamps samples with the
    // wall time of its host (checked against arrival times as samples come).
    m_wall_minus_steady = wall_now_s() - steady_s(steady::now());
  }

  void read(Sample& s) override {
    // One sample for `wattbench probes` and cooldown checks: wait for the next period's.
    auto deadline = steady::now() + std::chrono::duration<double>(2 * m_ptd.period_ms / 1000 + m_ptd.timeout_s);
    std::vector<Sample> got;
    while (got.empty()) {
      read_batch(steady::now(), got);
      if (!got.empty()) break;
      if (steady::now() > deadline)
        throw std::runtime_error(fmt::format("PTDaemon at {}:{} sent no sample within {:g} s", m_host, m_port,
                                             2 * m_ptd.period_ms / 1000 + m_ptd.timeout_s));
      std::this_thread::sleep_for(std::chrono::duration<double>(m_ptd.poll_ms / 1000));
    }
    s = got.back();
  }

  void read_batch(steady::time_point t0, std::vector<Sample>& out) override {
    if (!m_conn) {
      connect();  // PTDaemon measures on; RL then hands over what it logged meanwhile
      if (!m_resync) ++m_reconnects;
      m_resync = false;
    }
    try {
      fetch(steady_s(t0), out);
    } catch (const ptd::ProtocolError& e) {
      // A reply we could not follow: say so once, and start the next poll on a fresh
      // connection so no later reply is read as this one's.
      warn(e.what());
      m_conn.reset();
      m_resync = true;
      throw;
    } catch (const std::exception& e) {
      m_conn.reset();
      if (m_lost_reason.empty()) m_lost_reason = e.what();
      throw;
    }
  }

  void close() override {
    if (!m_conn && !m_measuring) return;
    // Stop, cross-check and restore; once more on a fresh connection if the link fails midway.
    for (int attempt = 0; attempt < 2; ++attempt) {
      try {
        if (!m_conn) connect();
        if (m_measuring) {
          auto r = m_conn->command("Stop");
          if (ptd::is_error_reply(r)) warn(fmt::format("PTDaemon answered Stop with '{}'", r));
          m_measuring = false;
          cross_check(m_conn->command("Watts"));
        }
        if (m_ranges_set) {
          m_conn->command("SR,V," + ptd::restore_argument(m_initial.volt_auto, m_initial.volt_range));
          m_conn->command("SR,A," + ptd::restore_argument(m_initial.amp_auto, m_initial.amp_range));
          m_ranges_set = false;
        }
        break;
      } catch (const std::exception& e) {
        m_conn.reset();
        if (attempt == 1)
          warn(fmt::format(
              "PTDaemon could not be stopped cleanly ({}); it may still be measuring, with the ranges of this run",
              e.what()));
      }
    }
    if (m_reconnects)
      warn(fmt::format("the connection to PTDaemon was lost {} time(s) and re-established (first: {})", m_reconnects,
                       m_lost_reason));
    if (m_duplicates)
      warn(fmt::format("PTDaemon sent {} sample(s) again after a reconnect; they were counted once", m_duplicates));
    m_measuring = false;
    m_conn.reset();
    m_server.reset();
  }

  nlohmann::json settings() const override {
    const auto& c = m_ptd;
    return {{"kind", "ptd"},
            {"transport", c.transport_name},
            {"host", c.host},
            {"port", c.port},
            {"period_ms", c.period_ms},
            {"poll_ms", c.poll_ms},
            {"volts_range", c.volts_range},
            {"amps_range", c.amps_range},
            {"channel", c.channel},
            {"timezone", c.utc ? "utc" : "local"},
            {"max_uncertainty_pct", c.max_uncertainty_pct},
            {"rail", m_cfg.rail},
            {"scope", m_cfg.scope}};
  }

 private:
  void warn(const std::string& text) {
    if (std::find(m_info.warnings.begin(), m_info.warnings.end(), text) == m_info.warnings.end())
      m_info.warnings.push_back(text);
  }

  void connect() {
    auto conn = std::make_unique<ptd::LineConnection>(m_host, m_port, m_ptd.timeout_s);
    conn->on_line([this](char dir, const std::string& line) {
      if (!m_transcript) return;
      m_transcript << fmt::format("{:.6f} {} {}\n", steady_s(steady::now()), dir, line);
      if (dir == '<' && line.rfind("Time,", 0) != 0)
        m_transcript.flush();  // samples flush with their batch's next reply
    });
    auto hello = conn->command("Hello");
    if (hello != ptd::kHelloReply)
      throw std::runtime_error(fmt::format("{} answered Hello with '{}', not '{}': is this PTDaemon's port?",
                                           conn->peer(), hello, ptd::kHelloReply));
    m_conn = std::move(conn);  // only a connection that greeted us is used
  }

  void set_range(const std::string& which, const std::string& value) {
    auto r = m_conn->command(fmt::format("SR,{},{}", which, value));
    m_ranges_set = true;
    if (ptd::is_error_reply(r))
      throw std::runtime_error(fmt::format("PTDaemon refused the {} range '{}' (SR,{},{}): {}",
                                           which == "V" ? "voltage" : "current", value, which, value, r));
  }

  // Go's reply names the period the analyzer really uses ("… samples at 1000ms …").
  void adopt_period(const std::string& go_reply) {
    static const rx::regex at(R"(at (\d+(?:\.\d+)?) ?ms)");
    rx::smatch m;
    if (!rx::search(go_reply, m, at)) return;
    double ms = std::stod(m[1].str());
    if (ms > 0 && std::abs(ms - m_ptd.period_ms) > 0.5) {
      warn(fmt::format("PTDaemon samples every {:g} ms, not the {:g} ms asked for; its period is used", ms,
                       m_ptd.period_ms));
      m_period_s = ms / 1000;
      m_info.rate_hz = 1000 / ms;
    }
  }

  void fetch(double t0_s, std::vector<Sample>& out) {
    auto header = m_conn->command(m_rl);
    if (header.find("Unknown command") != std::string::npos && m_rl.rfind("RL", 0) == 0) {
      m_rl = "DC-" + m_rl;  // a DC analyzer (power-dev falls back the same way)
      header = m_conn->command(m_rl);
    }
    if (header.find("Invalid number of parameters") != std::string::npos && m_ptd.channel > 0)
      throw ptd::ProtocolError(
          fmt::format("PTDaemon rejected '{}': this analyzer has a single channel; remove 'channel' from probe {}",
                      m_rl, m_cfg.name));
    if (ptd::is_error_reply(header)) throw ptd::ProtocolError(fmt::format("PTDaemon refused {}: {}", m_rl, header));
    std::size_t n = ptd::parse_rl_header(header);
    // PTDaemon has handed these samples over for good: whatever fails next, those read are delivered.
    std::exception_ptr pending;
    std::vector<std::string> lines;
    try {
      for (std::size_t i = 0; i < n; ++i) lines.push_back(m_conn->read_line());
    } catch (const std::exception&) {
      pending = std::current_exception();
    }
    double arrived = steady_s(steady::now());
    n = lines.size();
    auto block_index = static_cast<std::size_t>(m_ptd.channel);
    std::vector<ptd::SampleLine> parsed(n);
    std::vector<std::string> errors(n);
    bool carries_uncertainty = false;
    for (std::size_t i = 0; i < n; ++i) {
      try {
        parsed[i] = ptd::parse_sample_line(lines[i], m_ptd.utc);
        if (block_index >= parsed[i].blocks.size())
          throw ptd::ProtocolError(fmt::format("probe {}: channel {} asked for, but PTDaemon sent {} channel block(s)",
                                               m_cfg.name, m_ptd.channel, parsed[i].blocks.size() - 1));
        carries_uncertainty |= parsed[i].blocks[block_index].uncertainty.has_value();
      } catch (const ptd::ProtocolError& e) {
        errors[i] = e.what();
        warn(e.what());
      }
    }
    // The Uncertainty reply is for the sum: used for channel 0 only.
    std::optional<double> batch_uncertainty;
    if (n && !pending && !carries_uncertainty && block_index == 0) {
      try {
        batch_uncertainty = fetch_uncertainty();
      } catch (const ptd::ProtocolError& e) {
        warn(fmt::format("no sample uncertainty: {}", e.what()));
      } catch (const std::exception&) {
        pending = std::current_exception();
      }
    }
    align_clock(parsed, errors, arrived);
    for (std::size_t i = 0; i < n; ++i) {
      Sample s;
      s.values.assign(kPtdChannelCount, kMissing);
      if (!errors[i].empty()) {
        // No time of its own: the period after the last sample.
        s.flags |= kFlagReadError;
        s.error = errors[i];
        s.t_s = m_last_t_s ? *m_last_t_s + m_period_s : arrived - t0_s;
        m_last_t_s = s.t_s;
        ++m_received;
        out.push_back(std::move(s));
        continue;
      }
      const auto& line = parsed[i];
      if (m_last_wall && line.wall_s <= *m_last_wall) {
        ++m_duplicates;  // sent again (after a reconnect): already delivered
        continue;
      }
      m_last_wall = line.wall_s;
      ++m_received;
      const auto& b = line.blocks[block_index];
      // The analyzer reports the mean over the period that ends at its time stamp.
      s.t_s = line.wall_s - m_wall_minus_steady - m_period_s / 2 - t0_s;
      m_last_t_s = s.t_s;
      if (std::isnan(b.watts)) {
        s.flags |= kFlagReadError;
        s.error = "PTDaemon logged no valid reading (over range or a meter error)";
        out.push_back(std::move(s));
        continue;
      }
      s.values[kPower] = b.watts;
      s.values[kVolts] = b.volts;
      s.values[kAmps] = b.amps;
      s.values[kPf] = b.pf;
      if (b.uncertainty && *b.uncertainty >= 0)
        s.values[kUncertainty] = *b.uncertainty * 100;
      else if (batch_uncertainty)
        s.values[kUncertainty] = *batch_uncertainty * 100;
      out.push_back(std::move(s));
    }
    if (pending) std::rethrow_exception(pending);
  }

  // PTDaemon's Uncertainty is a running mean since Go; differencing two replies gives the mean
  // of the samples in between (exact over a window: the differences telescope).
  std::optional<double> fetch_uncertainty() {
    auto reply = m_conn->command("Uncertainty");
    if (ptd::is_error_reply(reply)) return std::nullopt;  // an analyzer without uncertainty evaluation
    auto agg = ptd::parse_aggregate(reply, "Uncertainty");
    auto mean = ptd::added_mean(m_last_uncertainty, agg);
    m_last_uncertainty = agg;
    if (!mean || agg.min < 0) return std::nullopt;
    return std::clamp(*mean, agg.min, agg.max);  // rounding of the 6-decimal replies only
  }

  // Sample times are the analyzer host's wall clock. Trust it while it agrees with arrival
  // (a sample cannot arrive before it was taken, nor long after its poll); otherwise align
  // on arrival, keeping the tightest bound seen.
  void align_clock(const std::vector<ptd::SampleLine>& parsed, const std::vector<std::string>& errors, double arrived) {
    std::optional<double> newest;
    for (std::size_t i = 0; i < parsed.size(); ++i)
      if (errors[i].empty()) newest = std::max(newest.value_or(-INFINITY), parsed[i].wall_s);
    if (!newest) return;
    double lag = arrived - (*newest - m_wall_minus_steady);
    double slack = m_ptd.poll_ms / 1000 + m_period_s + 1.0;
    if (!m_by_arrival && (lag < -0.25 || lag > slack)) {
      m_by_arrival = true;
      double off = -lag, hours = std::round(off / 3600);
      std::string fix =
          hours != 0 && std::abs(off - hours * 3600) < 120
              ? fmt::format("a whole {:+g} h: check the probe's timezone (utc when PTDaemon runs with TZ=UTC)", hours)
              : "synchronise both clocks (NTP) for exact alignment";
      warn(fmt::format(
          "PTDaemon's clock is about {:+.1f} s off this host's; its samples are aligned by arrival instead (within "
          "one poll, {:g} ms); {}",
          off, m_ptd.poll_ms, fix));
      m_wall_minus_steady = *newest - arrived;
    } else if (m_by_arrival) {
      m_wall_minus_steady = std::max(m_wall_minus_steady, *newest - arrived);
    }
  }

  void cross_check(const std::string& reply) {
    if (ptd::is_error_reply(reply)) return;
    ptd::Aggregate w;
    try {
      w = ptd::parse_aggregate(reply, "Watts");
    } catch (const ptd::ProtocolError& e) {
      warn(fmt::format("cannot cross-check PTDaemon's totals: {}", e.what()));
      return;
    }
    if (w.counts.empty()) return;
    // The third count is the total logged (692,0,692 in the published reply), else the only one.
    auto total = static_cast<std::size_t>(std::max<std::int64_t>(0, w.counts.size() >= 3 ? w.counts[2] : w.counts[0]));
    // One sample may be logged between the last RL and Stop.
    if (total > m_received + 1)
      warn(fmt::format("PTDaemon logged {} samples but wattbench received {}: {} lost", total, m_received,
                       total - m_received));
    else if (m_received > total)
      warn(fmt::format("wattbench received {} samples but PTDaemon says it logged {}", m_received, total));
  }

  ProbeConfig m_cfg;
  PtdSettings m_ptd;
  ProbeContext m_ctx;
  ProbeInfo m_info;
  std::string m_host;
  int m_port = 0;
  std::string m_rl;
  SimulatedPtd m_simulate;
  std::shared_ptr<void> m_server;  // the simulator's PTDaemon (transport sim), while open
  std::unique_ptr<ptd::LineConnection> m_conn;
  std::ofstream m_transcript;
  std::string m_lost_reason;
  ptd::Ranges m_initial;
  bool m_ranges_set = false, m_measuring = false, m_by_arrival = false, m_resync = false;
  double m_wall_minus_steady = 0;
  double m_period_s = 1;
  ptd::Aggregate m_last_uncertainty;
  std::optional<double> m_last_wall, m_last_t_s;
  std::size_t m_received = 0, m_duplicates = 0, m_reconnects = 0;
};

std::unique_ptr<Probe> make_real_ptd_probe(const ProbeConfig& cfg, const ProbeContext& ctx) {
  return std::make_unique<PtdProbe>(cfg, ctx, nullptr);
}

}  // namespace

std::unique_ptr<Probe> make_ptd_probe(const ProbeConfig& cfg, const ProbeContext& ctx, SimulatedPtd simulate) {
  return std::make_unique<PtdProbe>(cfg, ctx, std::move(simulate));
}

extern const ProbeKind ptd_probe_kind;
const ProbeKind ptd_probe_kind{"ptd",
                               "a lab power analyzer behind SPEC PTDaemon, over TCP",
                               true,
                               false,
                               &parse_ptd_settings,
                               &make_real_ptd_probe,
                               nullptr};

}  // namespace wb
