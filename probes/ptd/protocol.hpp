// SPEC PTDaemon's line protocol: replies and sample lines as the MLPerf power server reads them
// (mlcommons/power-dev ptd_client_server/lib/server.py; published replies in its PR #273 and
// issue #288). Lines end in "\r\n" both ways; one command, one reply line, except RL whose
// "Last N samples" header is followed by N sample lines. See docs/PTD.md for what is pinned
// by those sources and what is inferred.
#pragma once
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace wb::ptd {

inline constexpr std::string_view kHelloReply = "Hello, PTDaemon here!";

struct ProtocolError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// "Error…", "Unknown command…", "Invalid number of parameters…": PTDaemon refused the command.
bool is_error_reply(std::string_view reply);

// RR: "Ranges,{AmpAuto},{AmpRange},{VoltAuto},{VoltRange}"; auto flags -1 unknown, 0 off, 1 on.
struct Ranges {
  int amp_auto = -1;
  double amp_range = -1;
  int volt_auto = -1;
  double volt_range = -1;
};
Ranges parse_ranges(std::string_view reply);
// The SR argument that restores a range read by RR: the fixed value, else "Auto".
std::string restore_argument(int auto_flag, double range);

// RL header: "Last 3 samples" → 3.
std::size_t parse_rl_header(std::string_view reply);

// One block of a sample line: the sum (or only) channel, then one block per channel on
// multi-channel analyzers (RL,*,*).
struct Block {
  double watts = 0, volts = 0, amps = 0, pf = 0;
  std::optional<double> uncertainty;  // fraction, when the line carries one
};
struct SampleLine {
  std::string time_text;  // "MM-DD-YYYY HH:MM:SS.mmm"
  double wall_s = 0;      // the same, as seconds since the epoch
  std::vector<Block> blocks;
  std::string mark;
};
// "Time,<t>,Watts,<w>,Volts,<v>,Amps,<a>,PF,<pf>[,Mark,<m>][,Watts,…]"; `utc`: the time is UTC
// (power-dev starts PTDaemon with TZ=UTC), else this host's local time.
SampleLine parse_sample_line(std::string_view line, bool utc);
double parse_time(std::string_view text, bool utc);
std::string format_time(double wall_s, bool utc);

// Watts / Uncertainty: "<Name>,<avg>,<min>,<max>,<count>…" over the measurement since Go.
// Uncertainty is a fraction (0.006264 = 0.63 %).
struct Aggregate {
  double avg = 0, min = 0, max = 0;
  std::vector<std::int64_t> counts;  // the integer fields after max, as sent
};
Aggregate parse_aggregate(std::string_view reply, std::string_view name);

// The mean uncertainty of the samples added between two Uncertainty replies (the running mean
// times its count, differenced); nullopt when no sample was added.
std::optional<double> added_mean(const Aggregate& before, const Aggregate& after);

}  // namespace wb::ptd
