// PTDaemon reply and sample-line parsing.
#include "probes/ptd/protocol.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <ctime>

namespace wb::ptd {

namespace {

std::vector<std::string_view> split_commas(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    auto comma = s.find(',', start);
    out.push_back(s.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<double> number(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  if (s.front() == '+') s.remove_prefix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) {
    // PTDaemon prints "nan"/"inf" for a bad reading (e.g. "Bad watts reading nan").
    if (s == "nan" || s == "-nan" || s == "NaN") return NAN;
    return std::nullopt;
  }
  return v;
}

double require_number(std::string_view s, std::string_view what, std::string_view line) {
  auto v = number(s);
  if (!v) throw ProtocolError(fmt::format("expected a number for {}, got '{}' in '{}'", what, s, line));
  return *v;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

bool is_error_reply(std::string_view reply) {
  // power-dev takes any reply containing "Error" as a refusal.
  return reply.find("Error") != std::string_view::npos || reply.find("ERROR") != std::string_view::npos ||
         reply.find("Unknown command") != std::string_view::npos ||
         reply.find("Invalid number of parameters") != std::string_view::npos;
}

Ranges parse_ranges(std::string_view reply) {
  auto f = split_commas(trim(reply));
  if (f.size() < 5 || trim(f[0]) != "Ranges")
    throw ProtocolError(
        fmt::format("expected 'Ranges,<amp auto>,<amp range>,<volt auto>,<volt range>' from RR, got '{}'", reply));
  Ranges r;
  r.amp_auto = static_cast<int>(require_number(f[1], "the current auto-range flag", reply));
  r.amp_range = require_number(f[2], "the current range", reply);
  r.volt_auto = static_cast<int>(require_number(f[3], "the voltage auto-range flag", reply));
  r.volt_range = require_number(f[4], "the voltage range", reply);
  return r;
}

std::string restore_argument(int auto_flag, double range) {
  // As power-dev does: a fixed range only when auto is off and the range is known.
  return auto_flag == 0 && range > 0 ? fmt::format("{:g}", range) : "Auto";
}

std::size_t parse_rl_header(std::string_view reply) {
  auto r = trim(reply);
  auto fail = [&] { return ProtocolError(fmt::format("expected 'Last <n> samples' in reply to RL, got '{}'", reply)); };
  if (!starts_with(r, "Last ")) throw fail();
  r.remove_prefix(5);
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(r.data(), r.data() + r.size(), n);
  if (ec != std::errc() || end == r.data()) throw fail();
  return n;
}

double parse_time(std::string_view text, bool utc) {
  // MM-DD-YYYY HH:MM:SS[.fff]
  auto t = trim(text);
  int mon = 0, day = 0, year = 0, hh = 0, mm = 0;
  double ss = 0;
  auto field = [&](std::size_t pos, std::size_t len, int& out) {
    if (pos + len > t.size()) return false;
    auto [e, ec] = std::from_chars(t.data() + pos, t.data() + pos + len, out);
    return ec == std::errc() && e == t.data() + pos + len;
  };
  bool ok = t.size() >= 19 && t[2] == '-' && t[5] == '-' && t[10] == ' ' && t[13] == ':' && t[16] == ':' &&
            field(0, 2, mon) && field(3, 2, day) && field(6, 4, year) && field(11, 2, hh) && field(14, 2, mm);
  std::optional<double> sec = ok ? number(t.substr(17)) : std::nullopt;
  if (!ok || !sec || *sec < 0 || *sec >= 61 || mon < 1 || mon > 12 || day < 1 || day > 31 || hh > 23 || mm > 59)
    throw ProtocolError(
        fmt::format("expected a time like 12-23-2020 10:21:51.496 (MM-DD-YYYY HH:MM:SS.mmm), got '{}'", text));
  ss = *sec;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = mon - 1;
  tm.tm_mday = day;
  tm.tm_hour = hh;
  tm.tm_min = mm;
  tm.tm_sec = 0;
  tm.tm_isdst = -1;
  std::time_t base = utc ? timegm(&tm) : std::mktime(&tm);
  return static_cast<double>(base) + ss;
}

std::string format_time(double wall_s, bool utc) {
  double whole = std::floor(wall_s);
  auto ms = static_cast<int>(std::lround((wall_s - whole) * 1000));
  if (ms == 1000) {
    whole += 1;
    ms = 0;
  }
  auto tt = static_cast<std::time_t>(whole);
  std::tm tm{};
  if (utc)
    gmtime_r(&tt, &tm);
  else
    localtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%m-%d-%Y %H:%M:%S", &tm);
  return fmt::format("{}.{:03d}", buf, ms);
}

SampleLine parse_sample_line(std::string_view line, bool utc) {
  auto f = split_commas(trim(line));
  if (f.size() < 4 || trim(f[0]) != "Time")
    throw ProtocolError(fmt::format("expected a sample line 'Time,<time>,Watts,<w>,…', got '{}'", line));
  SampleLine s;
  s.time_text = std::string(trim(f[1]));
  s.wall_s = parse_time(s.time_text, utc);
  for (std::size_t i = 2; i < f.size();) {
    auto key = trim(f[i]);
    // power-dev's reformatted logs label channel blocks with a lone "Ch<n>"; PTDaemon's own
    // fields come in key,value pairs.
    if (starts_with(key, "Ch") && key.size() > 2 && std::isdigit(static_cast<unsigned char>(key[2]))) {
      ++i;
      continue;
    }
    if (i + 1 >= f.size()) throw ProtocolError(fmt::format("field '{}' has no value in '{}'", key, line));
    auto value = f[i + 1];
    if (key == "Watts") {
      s.blocks.emplace_back();
      double w = require_number(value, "Watts", line);
      // -1 is PTDaemon's "no valid reading" (power-dev's merge skips it): never a power.
      s.blocks.back().watts = w == -1.0 ? NAN : w;
    } else if (key == "Volts" || key == "Amps" || key == "PF" || key == "Uncertainty") {
      if (s.blocks.empty()) throw ProtocolError(fmt::format("'{}' before any Watts field in '{}'", key, line));
      double v = require_number(value, key, line);
      if (v == -1.0) v = NAN;  // the same "no reading" for the other quantities
      auto& b = s.blocks.back();
      if (key == "Volts")
        b.volts = v;
      else if (key == "Amps")
        b.amps = v;
      else if (key == "PF")
        b.pf = v;
      else
        b.uncertainty = v;
    } else if (key == "Mark") {
      s.mark = std::string(trim(value));
    }  // other fields a newer PTDaemon may add are skipped, pair by pair
    i += 2;
  }
  if (s.blocks.empty()) throw ProtocolError(fmt::format("no Watts field in sample line '{}'", line));
  return s;
}

Aggregate parse_aggregate(std::string_view reply, std::string_view name) {
  auto f = split_commas(trim(reply));
  if (f.size() < 4 || trim(f[0]) != name)
    throw ProtocolError(fmt::format("expected '{0},<avg>,<min>,<max>,…' in reply to {0}, got '{1}'", name, reply));
  Aggregate a;
  a.avg = require_number(f[1], fmt::format("the {} average", name), reply);
  a.min = require_number(f[2], fmt::format("the {} minimum", name), reply);
  a.max = require_number(f[3], fmt::format("the {} maximum", name), reply);
  for (std::size_t i = 4; i < f.size(); ++i) {
    auto v = require_number(f[i], fmt::format("count {} of {}", i - 3, name), reply);
    a.counts.push_back(static_cast<std::int64_t>(v));
  }
  return a;
}

std::optional<double> added_mean(const Aggregate& before, const Aggregate& after) {
  if (after.counts.empty()) return std::nullopt;
  std::int64_t n0 = before.counts.empty() ? 0 : before.counts[0], n1 = after.counts[0];
  if (n1 <= n0) return std::nullopt;
  double sum0 = n0 ? before.avg * static_cast<double>(n0) : 0;
  return (after.avg * static_cast<double>(n1) - sum0) / static_cast<double>(n1 - n0);
}

}  // namespace wb::ptd
