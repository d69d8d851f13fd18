// PTDaemon: the replies MLCommons published parse as they read; the ptd probe against a fake
// PTDaemon on loopback (sequence, clock mapping, uncertainty, ranges, reconnects, channel and
// DC variants, errors); config checks.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "config_test_support.hpp"
#include "fixture.hpp"
#include "harness/config/config.hpp"
#include "harness/plugin/probe.hpp"
#include "probes/ptd/protocol.hpp"
#include "probes/ptd/settings.hpp"
#include "sim/bench/sim_state.hpp"
#include "sim/ptd/ptd_server.hpp"

using namespace wb;
using config_test::write_probes_config;
namespace fs = std::filesystem;
using steady = std::chrono::steady_clock;

namespace {

std::vector<std::string> fixture_lines(const std::string& rel) {
  std::vector<std::string> out;
  std::stringstream ss(read_fixture(rel));
  for (std::string l; std::getline(ss, l);) out.push_back(l);
  return out;
}

// The published reply after "Power: " / "Uncertainty: " in ptd_out.txt.
std::string published(const std::string& prefix) {
  for (const auto& l : fixture_lines("ptd/ptd_out_pr273.txt"))
    if (l.rfind(prefix, 0) == 0) return l.substr(prefix.size());
  FAIL("no line " << prefix);
  return {};
}

ProbeConfig lab_config(int port, const std::function<void(PtdSettings&)>& tweak = {}) {
  ProbeConfig c;
  c.name = "lab";
  c.kind = "ptd";
  c.rail = "wall";
  c.scope = "host";
  auto ptd = std::make_shared<PtdSettings>();
  ptd->transport_name = "tcp";
  ptd->host = "127.0.0.1";
  ptd->port = port;
  ptd->period_ms = 50;
  ptd->poll_ms = 20;
  ptd->timeout_s = 2;
  if (tweak) tweak(*ptd);
  c.settings = ptd;
  c.rate_hz = 20;
  return c;
}

// A load whose power encodes the middle of each averaging interval (seconds after `base`):
// a sample's watts say when it was taken, so time stamps can be checked to the millisecond.
sim::PtdSource clock_source(double base) {
  return [base](double t0, double t1) {
    sim::PtdReading r;
    r.watts = 100 + ((t0 + t1) / 2 - base);
    r.volts = 230;
    r.amps = r.watts / r.volts;
    r.pf = 0.9;
    return r;
  };
}

struct Collected {
  std::vector<Sample> samples;
  std::vector<std::string> errors;
};

Collected collect(Probe& p, steady::time_point t0, double seconds) {
  Collected c;
  auto end = steady::now() + std::chrono::duration<double>(seconds);
  while (steady::now() < end) {
    try {
      p.read_batch(t0, c.samples);
    } catch (const std::exception& e) {
      c.errors.push_back(e.what());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return c;
}

double seconds_of(steady::time_point t) { return std::chrono::duration<double>(t.time_since_epoch()).count(); }

bool has_warning(const ProbeInfo& info, const std::string& part) {
  for (const auto& w : info.warnings)
    if (w.find(part) != std::string::npos) return true;
  return false;
}

bool sent(const sim::PtdServer& server, const std::string& command) {
  auto cmds = server.commands();
  return std::find(cmds.begin(), cmds.end(), command) != cmds.end();
}

// A fake PTDaemon with `opt`, a ptd probe on it (config adjusted by `tweak`), `seconds` of
// polling; the server outlives the session for its command log.
struct Session {
  std::unique_ptr<sim::PtdServer> server;
  std::unique_ptr<Probe> probe;
  Collected c;
};
Session measure(steady::time_point t0, double seconds, sim::PtdServerOptions opt = {},
                const std::function<void(PtdSettings&)>& tweak = {}) {
  Session s;
  s.server = std::make_unique<sim::PtdServer>(clock_source(seconds_of(t0)), opt);
  auto cfg = lab_config(s.server->port(), tweak);
  s.probe = make_probe(cfg, {});
  s.probe->open();
  s.c = collect(*s.probe, t0, seconds);
  s.probe->close();
  return s;
}

}  // namespace

TEST_CASE("PTDaemon replies as MLCommons published them parse") {
  auto w = ptd::parse_aggregate(published("Power: "), "Watts");
  CHECK(w.avg == doctest::Approx(23.492803));
  CHECK(w.min == doctest::Approx(8.41));
  CHECK(w.max == doctest::Approx(24.56));
  CHECK(w.counts == std::vector<std::int64_t>{692, 0, 692});
  auto u = ptd::parse_aggregate(published("Uncertainty: "), "Uncertainty");
  CHECK(u.avg == doctest::Approx(0.006264));  // a fraction: 0.63 %
  CHECK(u.counts == std::vector<std::int64_t>{692, 0, 692, 0});
  CHECK_THROWS_WITH_AS(ptd::parse_aggregate(published("Power: "), "Uncertainty"),
                       doctest::Contains("expected 'Uncertainty,<avg>"), ptd::ProtocolError);

  auto lines = fixture_lines("ptd/spl_testing_excerpt.txt");
  auto s = ptd::parse_sample_line(lines[0], true);
  CHECK(s.time_text == "12-23-2020 10:21:51.496");
  CHECK(s.wall_s == doctest::Approx(1608718911.496));  // UTC
  REQUIRE(s.blocks.size() == 1);
  CHECK(s.blocks[0].watts == doctest::Approx(23.43));
  CHECK(s.blocks[0].volts == doctest::Approx(228.37));
  CHECK(s.blocks[0].amps == doctest::Approx(0.20428));
  CHECK(s.blocks[0].pf == doctest::Approx(0.5023));
  CHECK(s.mark == "testing-workload");
  CHECK_FALSE(s.blocks[0].uncertainty);
  CHECK(ptd::parse_sample_line(lines[1], true).wall_s - s.wall_s == doctest::Approx(1.009));

  CHECK(ptd::is_error_reply("Invalid number of parameters"));
  CHECK(ptd::is_error_reply("Unknown command"));
  CHECK(ptd::is_error_reply("Error: no measurement is running"));
  CHECK_FALSE(ptd::is_error_reply(read_fixture("ptd/go_reply_issue288.txt")));

  CHECK(ptd::parse_rl_header("Last 3 samples") == 3);
  CHECK(ptd::parse_rl_header("Last 0 samples") == 0);
  CHECK_THROWS_WITH(ptd::parse_rl_header("Invalid number of parameters"), doctest::Contains("Last <n> samples"));

  auto r = ptd::parse_ranges("Ranges,0,0.5,1,300");
  CHECK(ptd::restore_argument(r.amp_auto, r.amp_range) == "0.5");
  CHECK(ptd::restore_argument(r.volt_auto, r.volt_range) == "Auto");  // auto on: restore auto
  CHECK(ptd::restore_argument(-1, -1) == "Auto");                     // unknown
  CHECK_THROWS_WITH(ptd::parse_ranges("Ranges,0"), doctest::Contains("expected 'Ranges,"));
}

TEST_CASE("sample lines: channel blocks, power-dev's relabelled form, invalid readings, bad times") {
  auto multi = ptd::parse_sample_line(
      "Time,01-10-2023 "
      "13:35:07.085,Watts,30.0,Volts,230.0,Amps,0.2,PF,0.6,Watts,20.0,Volts,230.0,Amps,0.12,PF,0.6,Watts,10.0,Volts,"
      "230.0,Amps,0.08,PF,0.5",
      false);
  REQUIRE(multi.blocks.size() == 3);
  CHECK(multi.blocks[1].watts == 20.0);
  CHECK(multi.blocks[2].amps == doctest::Approx(0.08));
  // power-dev inserts Mark and Ch<n> labels when it rewrites RL replies into spl.txt.
  auto relabelled = ptd::parse_sample_line(
      "Time,01-10-2023 "
      "13:35:07.085,Watts,30.0,Volts,230.0,Amps,0.2,PF,0.6,Mark,run_testing,Ch1,Watts,20.0,Volts,230.0,Amps,0.12,PF,0."
      "6",
      false);
  CHECK(relabelled.blocks.size() == 2);
  CHECK(relabelled.mark == "run_testing");
  auto invalid = ptd::parse_sample_line(
      "Time,01-10-2023 13:35:07.085,Watts,-1.000000,Volts,-1.000000,Amps,-1.000000,PF,-1.000000", false);
  CHECK(std::isnan(invalid.blocks[0].watts));  // PTDaemon's "no reading", never -1 W
  CHECK(std::isnan(invalid.blocks[0].volts));
  CHECK(std::isnan(invalid.blocks[0].pf));
  CHECK(ptd::is_error_reply("SR: Error setting range"));  // "Error" anywhere, as power-dev reads it
  auto with_u = ptd::parse_sample_line(
      "Time,01-10-2023 13:35:07.085,Watts,30.0,Volts,230.0,Amps,0.2,PF,0.6,Uncertainty,0.0061", false);
  CHECK(*with_u.blocks[0].uncertainty == doctest::Approx(0.0061));
  CHECK_THROWS_WITH(ptd::parse_sample_line("Time,2023-01-10 13:35:07,Watts,1,Volts,2,Amps,3,PF,1", false),
                    doctest::Contains("MM-DD-YYYY HH:MM:SS.mmm"));
  CHECK_THROWS_WITH(ptd::parse_sample_line("Time,01-10-2023 13:35:07.085,Watts,abc,Volts,2", false),
                    doctest::Contains("expected a number for Watts, got 'abc'"));
  CHECK_THROWS_WITH(ptd::parse_sample_line("Ranges,1,2,3,4", false), doctest::Contains("expected a sample line"));
  double t = 1700000000.25;
  CHECK(ptd::parse_time(ptd::format_time(t, true), true) == doctest::Approx(t));
  CHECK(ptd::parse_time(ptd::format_time(t, false), false) == doctest::Approx(t));
}

TEST_CASE("differenced running means give each batch's mean, and telescope over a window") {
  std::vector<double> u{0.0061, 0.0070, 0.0065, 0.0090, 0.0062, 0.0064};
  auto agg_after = [&](std::size_t n) {
    ptd::Aggregate a;
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += u[i];
    a.avg = std::round(sum / static_cast<double>(n) * 1e6) / 1e6;  // 6 decimals, as sent
    a.counts = {static_cast<std::int64_t>(n)};
    return a;
  };
  ptd::Aggregate none;
  CHECK(*ptd::added_mean(none, agg_after(2)) == doctest::Approx((u[0] + u[1]) / 2).epsilon(1e-3));
  CHECK(*ptd::added_mean(agg_after(2), agg_after(3)) == doctest::Approx(u[2]).epsilon(2e-3));
  CHECK_FALSE(ptd::added_mean(agg_after(3), agg_after(3)));
  // Batches 3..6 together: the same as one difference.
  double weighted = 0;
  for (std::size_t n = 3; n < 6; ++n) weighted += *ptd::added_mean(agg_after(n), agg_after(n + 1));
  CHECK(weighted / 3 == doctest::Approx((u[3] + u[4] + u[5]) / 3).epsilon(1e-3));
}

TEST_CASE("ptd probe against a fake PTDaemon: the command sequence, samples on the run clock, their uncertainty") {
  auto t0 = steady::now();
  sim::PtdServer server(clock_source(seconds_of(t0)));
  auto dir = fs::temp_directory_path() / "wattbench-ptd-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  ProbeContext ctx;
  ctx.run_dir = dir;
  auto probe = make_probe(lab_config(server.port()), ctx);
  probe->open();
  REQUIRE(probe->batched());
  auto c = collect(*probe, t0, 1.0);
  probe->close();
  CHECK(c.errors.empty());
  // 20 Hz for ~1 s.
  CHECK(c.samples.size() >= 15);
  CHECK(c.samples.size() <= 21);
  const auto& info = probe->info();
  CHECK(info.channels[static_cast<std::size_t>(info.power_channel)].name == "power_w");
  for (std::size_t i = 0; i < c.samples.size(); ++i) {
    const auto& s = c.samples[i];
    REQUIRE(s.flags == 0);
    double watts = s.values[0];
    // The sample's time on our clock is the middle of the analyzer's averaging period.
    CHECK(std::abs(s.t_s - (watts - 100)) < 0.012);
    if (i) CHECK(s.t_s - c.samples[i - 1].t_s == doctest::Approx(0.05).epsilon(0.2));
    // Auto ranges 300 V × 0.5 A: 0.1 % of reading + 0.1 % of 150 W.
    double expected_pct = (0.001 * watts + 0.001 * 150) / watts * 100;
    CHECK(s.values[4] == doctest::Approx(expected_pct).epsilon(0.02));
  }
  auto cmds = server.commands();
  REQUIRE(cmds.size() >= 8);
  CHECK(std::vector<std::string>(cmds.begin(), cmds.begin() + 6) ==
        std::vector<std::string>{"Hello", "Identify", "RR", "SR,V,Auto", "SR,A,Auto", "Go,50,0,wattbench_lab"});
  CHECK(std::find(cmds.begin(), cmds.end(), "RL") != cmds.end());
  CHECK(std::find(cmds.begin(), cmds.end(), "Uncertainty") != cmds.end());
  auto stop = std::find(cmds.begin(), cmds.end(), "Stop");
  REQUIRE(stop != cmds.end());
  CHECK(std::vector<std::string>(stop, cmds.end()) ==
        std::vector<std::string>{"Stop", "Watts", "SR,V,Auto", "SR,A,Auto"});
  CHECK(info.warnings.empty());
  // Every line both ways is in the run folder, as it happened.
  std::ifstream log(dir / "ptd-lab.log");
  std::string text((std::istreambuf_iterator<char>(log)), {});
  CHECK(text.find("> Go,50,0,wattbench_lab") != std::string::npos);
  CHECK(text.find("< Time,") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("fixed ranges are set and the analyzer's own restored; a refused range is an error that says which") {
  auto t0 = steady::now();
  auto s = measure(t0, 0.3, {}, [](PtdSettings& c) {
    c.volts_range = "300";
    c.amps_range = "1";
  });
  REQUIRE_FALSE(s.c.samples.empty());
  double w = s.c.samples.back().values[0];
  CHECK(s.c.samples.back().values[4] == doctest::Approx((0.001 * w + 0.001 * 300) / w * 100).epsilon(0.02));
  CHECK(sent(*s.server, "SR,V,300"));
  CHECK(sent(*s.server, "SR,A,1"));
  CHECK(s.server->commands().back() == "SR,A,Auto");  // RR said auto before we started

  sim::PtdServer server2(clock_source(seconds_of(t0)));
  auto bad = lab_config(server2.port(), [](PtdSettings& c) { c.amps_range = "50"; });  // beyond the meter's 20 A
  auto p2 = make_probe(bad, {});
  CHECK_THROWS_WITH(p2->open(), doctest::Contains("refused the current range '50' (SR,A,50)"));
}

TEST_CASE("an analyzer clock that disagrees with ours is caught; samples are aligned by arrival") {
  sim::PtdServerOptions opt;
  opt.clock_offset_s = 42;  // the director PC's clock is 42 s ahead
  auto s = measure(steady::now(), 0.8, opt);
  REQUIRE(s.c.samples.size() >= 10);
  CHECK(has_warning(s.probe->info(), "PTDaemon's clock is about +4"));
  CHECK(has_warning(s.probe->info(), "aligned by arrival"));
  // Within about a poll (20 ms) and a period of the truth (more on a loaded machine), never 42 s off.
  for (const auto& smp : s.c.samples) CHECK(std::abs(smp.t_s - (smp.values[0] - 100)) < 0.25);
}

TEST_CASE("an analyzer stamping UTC: timezone utc maps it right, the local default is caught by the clock check") {
  const char* old_tz = std::getenv("TZ");
  std::string saved = old_tz ? old_tz : "";
  ::setenv("TZ", "CET-1", 1);  // this host one hour east of UTC
  ::tzset();
  auto t0 = steady::now();
  sim::PtdServerOptions opt;
  opt.utc = true;
  auto right = measure(t0, 0.4, opt, [](PtdSettings& c) { c.utc = true; });
  REQUIRE_FALSE(right.c.samples.empty());
  CHECK(right.probe->info().warnings.empty());
  for (const auto& smp : right.c.samples) CHECK(std::abs(smp.t_s - (smp.values[0] - 100)) < 0.012);
  auto wrong = measure(t0, 0.4, opt);  // timezone local: an hour off
  CHECK(has_warning(wrong.probe->info(), "clock is"));
  CHECK(has_warning(wrong.probe->info(), "check the probe's timezone"));  // an hour off: the setting, not NTP
  if (old_tz)
    ::setenv("TZ", saved.c_str(), 1);
  else
    ::unsetenv("TZ");
  ::tzset();
}

TEST_CASE("connection dropped mid-measurement: the probe reconnects and RL hands over every sample logged meanwhile") {
  sim::PtdServerOptions opt;
  opt.drop_connection_after_s = 0.3;
  auto s = measure(steady::now(), 1.0, opt);
  // The loss was seen (as a failed poll, or while fetching uncertainty) …
  CHECK(has_warning(s.probe->info(), "re-established"));
  // … and nothing was lost (not "lost:", which the failed poll's own "connection lost: …" text has)
  CHECK_FALSE(has_warning(s.probe->info(), "but wattbench received"));
  // Stop comes after the last RL: at most the one sample logged in between is not ours.
  CHECK(s.c.samples.size() + 1 >= s.server->samples_taken());
  for (std::size_t i = 1; i < s.c.samples.size(); ++i)
    CHECK(s.c.samples[i].t_s - s.c.samples[i - 1].t_s < 0.08);  // no gap
}

TEST_CASE("samples resent after a reconnect are counted once; the analyzer's own period is adopted") {
  sim::PtdServerOptions opt;
  opt.drop_connection_after_s = 0.3;
  opt.resend_on_reconnect = true;
  auto s = measure(steady::now(), 0.8, opt);
  CHECK(has_warning(s.probe->info(), "again after a reconnect; they were counted once"));
  for (std::size_t i = 1; i < s.c.samples.size(); ++i) CHECK(s.c.samples[i].t_s > s.c.samples[i - 1].t_s);
  CHECK(s.c.samples.size() <= s.server->samples_taken());

  sim::PtdServerOptions slow;
  slow.actual_period_ms = 100;  // asked for 50
  auto p = measure(steady::now(), 0.6, slow);
  CHECK(has_warning(p.probe->info(), "samples every 100 ms, not the 50 ms asked for"));
  CHECK(p.probe->info().rate_hz == doctest::Approx(10));
  // Placed at the middle of the analyzer's real 100 ms period.
  for (const auto& smp : p.c.samples) CHECK(std::abs(smp.t_s - (smp.values[0] - 100)) < 0.012);
}

TEST_CASE("multi-channel and DC analyzers; a channel that does not exist is an error") {
  auto t0 = steady::now();
  sim::PtdServerOptions two;
  two.channels = 2;
  auto ch2 = measure(t0, 0.3, two, [](PtdSettings& c) { c.channel = 2; });
  REQUIRE_FALSE(ch2.c.samples.empty());
  const auto& last = ch2.c.samples.back();
  CHECK(last.values[0] == doctest::Approx((100 + last.t_s) / 2).epsilon(0.01));  // half the sum
  CHECK(sent(*ch2.server, "RL,*,*"));

  auto ch3 = measure(t0, 0.2, two, [](PtdSettings& c) { c.channel = 3; });
  REQUIRE_FALSE(ch3.c.samples.empty());
  CHECK((ch3.c.samples.front().flags & kFlagReadError) != 0);
  // What to fix reaches the run's warnings, not only the live status.
  CHECK(has_warning(ch3.probe->info(), "channel 3 asked for, but PTDaemon sent 2 channel block(s)"));

  auto single = measure(t0, 0.1, {}, [](PtdSettings& c) { c.channel = 1; });
  REQUIRE_FALSE(single.c.errors.empty());
  CHECK(single.c.errors.front().find("single channel; remove 'channel'") != std::string::npos);
  CHECK(has_warning(single.probe->info(), "single channel; remove 'channel'"));

  sim::PtdServerOptions dc;
  dc.dc = true;
  auto d = measure(t0, 0.3, dc);
  CHECK_FALSE(d.c.samples.empty());
  CHECK(sent(*d.server, "DC-RL"));
}

TEST_CASE("over-range readings are invalid samples, never numbers; per-line uncertainty is used as sent") {
  auto t0 = steady::now();
  // ~100 W at 230 V is 0.43 A: over a 0.1 A range.
  auto over = measure(t0, 0.3, {}, [](PtdSettings& c) { c.amps_range = "0.1"; });
  REQUIRE_FALSE(over.c.samples.empty());
  for (const auto& smp : over.c.samples) {
    CHECK((smp.flags & kFlagReadError) != 0);
    CHECK_FALSE(is_present(smp.values[0]));
    CHECK(smp.error.find("no valid reading") != std::string::npos);
  }

  sim::PtdServerOptions opt;
  opt.samples_carry_uncertainty = true;
  opt.range_pct = 0.5;
  auto per_line = measure(t0, 0.3, opt);
  REQUIRE_FALSE(per_line.c.samples.empty());
  double w = per_line.c.samples.back().values[0];
  CHECK(per_line.c.samples.back().values[4] == doctest::Approx((0.001 * w + 0.005 * 150) / w * 100).epsilon(0.001));
  CHECK_FALSE(sent(*per_line.server, "Uncertainty"));  // not needed
}

TEST_CASE("nothing listening, or not PTDaemon: errors say what to check") {
  int port = 0;
  {
    sim::PtdServer gone([](double, double) { return sim::PtdReading{}; });
    port = gone.port();
  }  // closed: nothing listens there now
  auto probe = make_probe(lab_config(port), {});
  CHECK_THROWS_WITH(probe->open(),
                    doctest::Contains(fmt::format("cannot connect to PTDaemon at 127.0.0.1:{}", port).c_str()));
  CHECK_THROWS_WITH(probe->open(), doctest::Contains("started with -p"));
}

TEST_CASE("ptd config: defaults, checks with file:line, and the shipped simulated config") {
  auto dir = fs::temp_directory_path() / "wattbench-ptd-config";
  auto write = [](const std::string& probe_yaml) { return write_probes_config("wattbench-ptd-config", probe_yaml); };
  auto cfg = load_config(write("  - {name: wall, kind: ptd, rail: AC, scope: host}\n"));
  const auto& p = cfg.probes[0].settings_as<PtdSettings>();
  CHECK(p.transport() == "tcp");
  CHECK(p.host == "127.0.0.1");
  CHECK(p.port == 8888);
  CHECK(p.period_ms == 1000);
  CHECK(p.volts_range == "Auto");
  CHECK(cfg.probes[0].rate_hz == 1);
  auto err = [&](const std::string& y) {
    try {
      load_config(write(y));
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(err("  - {name: w, kind: ptd, rail: AC, scope: host, port: 70000}\n").find("expected a TCP port") !=
        std::string::npos);
  CHECK(err("  - {name: w, kind: ptd, rail: AC, scope: host, timezone: CET}\n").find("expected local or utc") !=
        std::string::npos);
  auto range = err("  - {name: w, kind: ptd, rail: AC, scope: host, amps_range: lots}\n");
  CHECK(range.find("c.yaml:4") != std::string::npos);
  CHECK(range.find("'lots': expected Auto or a positive range in A") != std::string::npos);
  CHECK(err("  - {name: w, kind: ptd, rail: AC, scope: host, rate_hz: 5}\n").find("rate_hz") != std::string::npos);
  CHECK(load_config(write("  - {name: w, kind: ptd, rail: AC, scope: host, volts_range: 300}\n"))
            .probes[0]
            .settings_as<PtdSettings>()
            .volts_range == "300");
  fs::remove_all(dir);
  auto shipped = load_config(fs::path(WB_SOURCE_DIR) / "configs/sim/deepx-m1-ptd.yaml");
  CHECK(shipped.probes[0].kind == "ptd");
  CHECK(shipped.probes[0].settings_as<PtdSettings>().transport() == "sim");
}
