// Voyager SDK end-of-run output and progress bar. Formats read in the SDK source
// (axelera-ai-hub/voyager-sdk v1.2.5; later releases from linenmin/FlowSentry-Wake, see
// parse.hpp) and tqdm's std.py (format_meter, status_printer, __iter__).
#include "adapters/axelera/parse.hpp"

#include <fmt/format.h>

#include <algorithm>
#include "harness/util/regex.hpp"

#include "adapters/generic/terminal_text.hpp"
#include "adapters/text_util.hpp"

namespace wb::axelera {

namespace {
// "46,012.8" -> 46012.8; "inf", "-inf", "nan" -> absent.
std::optional<double> number_with_commas(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), ','), s.end());
  return text::to_number(s);
}

// Value and unit of a tracer line: TraceMetric.text_report is f"{value:.1f}{unit}"; a ≤1.3
// -v log line may also carry a module ("INFO    : inference: Metis : …").
constexpr const char* kValue = R"((-?(?:[\d,]*\.?\d+|inf)|nan)(°C|fps|%|inf/s|ms|us))";
const rx::regex& log_re() {
  static const rx::regex re(std::string(R"(^(?:\[[^\]]*\]\s*)?INFO\s*:\s*(?:[\w.]+:\s+)?(.+?) : )") + kValue +
                            R"(\s*$)");
  return re;
}
// display_tracers (1.4+): padded title, no level; Latency adds " (min:… max:… σ:… x̄:…)unit".
const rx::regex& tracer_re() {
  static const rx::regex re(
      std::string(R"(^(\S.*?)\s* : )") + kValue +
      R"((?: \(min:([^\s)]+) max:([^\s)]+) \S+?:([^\s)]+) \S+?:([^\s)]+)\)(?:°C|fps|%|inf/s|ms|us))?\s*$)");
  return re;
}
// A known tracer title with something other than "<number><unit>" after it: a broken line.
const rx::regex& loose_re() {
  static const rx::regex re(
      R"(^(?:(?:\[[^\]]*\]\s*)?INFO\s*:\s*(?:[\w.]+:\s+)?)?(Core Temp|Metis|Host|CPU %|End-to-end|Inf\. Rate|Jitter|Latency)\s* : (\S+)\s*.*$)");
  return re;
}
bool is_rule(const std::string& l) {
  auto t = text::trim(l);
  return t.size() >= 20 && t.find_first_not_of('=') == std::string::npos;
}
}  // namespace

bool is_end_of_run_line(const std::string& line) {
  std::string l = term::strip_ansi(line);
  if (rx::match(l, log_re())) return true;
  if (l.rfind("INFO", 0) != 0 && l.rfind("WARNING", 0) != 0 && rx::match(l, tracer_re())) return true;
  return is_rule(l);
}

Output parse(const std::string& raw, const std::string& file) {
  Output o;
  auto lines = text::lines_of(term::clean(raw));
  static const rx::regex row_re(R"(^(.*?)\s{3,}([\d,]+)\s+([\d,.]+|n/a)\s*$)");
  static const rx::regex numbers_only_re(R"(^\s+([\d,]+)\s+([\d,.]+|n/a)\s*$)");
  static const rx::regex header_re(R"(^Element\s+(\S+)\s+Effective FPS\s*$)");
  static const rx::regex footer_re(R"(^End-to-end average measurement\s+([\d,.]+)\s*$)");
  int rules = 0;             // table rules seen: 1 header top, 2 header bottom, 3 rows end, 4 footer end
  std::string pending_name;  // a name longer than 45 characters sits alone on its line
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    rx::smatch m;
    auto value = [&](const std::string& s) -> std::optional<double> {
      std::string t = text::trim(s);
      if (t == "inf" || t == "-inf" || t == "nan") return std::nullopt;
      auto v = number_with_commas(t);
      if (!v)
        throw ParseError(fmt::format("{}:{}: expected a number, found '{}' in: '{}'", file, i + 1, t, text::trim(l)));
      return v;
    };
    auto mark = [&] {
      if (!o.first_result_line) o.first_result_line = i + 1;
    };
    bool is_log = rx::match(l, m, log_re());
    bool is_tracer = !is_log && l.rfind("INFO", 0) != 0 && l.rfind("WARNING", 0) != 0 && l.rfind("ERROR", 0) != 0 &&
                     rules != 1 && rules != 2 && rx::match(l, m, tracer_re());
    if (is_log || is_tracer) {
      mark();
      if (o.form.empty() || o.form == "table") o.form = is_log ? "log" : "tracers";
      Metric mt{text::trim(m[1]), m[3], value(m[2]), {}, {}, {}, {}};
      if (is_tracer && m[4].matched) {
        mt.min = value(m[4]);
        mt.max = value(m[5]);
        mt.sd = value(m[6]);
        mt.mean = value(m[7]);
      }
      o.metrics.push_back(mt);
      const std::string& t = mt.title;
      auto v = mt.value;
      if (t == "Metis")
        o.device_fps = v;
      else if (t == "Host")
        o.host_fps = v;
      else if (t == "End-to-end") {
        // 0.0: no ~1 s chunk closed (a run under a second): not measured, never a figure.
        o.system_fps_not_measured = !v || *v <= 0;
        o.system_fps = o.system_fps_not_measured ? std::nullopt : v;
      } else if (t == "Inf. Rate")
        o.inference_rate = v && *v > 0 ? v : std::nullopt;
      else if (t == "Core Temp")
        o.core_temp_c = v;
      else if (t == "CPU %")
        o.cpu_pct = v;
      else if (t == "Jitter")
        o.jitter_ms = v;
      else if (t == "Latency") {
        // 1.4+ ignores the first 201 frames; with none left it prints 0.0ms (min:inf max:-inf …).
        bool none = is_tracer && m[4].matched && !mt.min;
        if (!none && v) {
          o.latency_ms = v;
          o.latency_min_ms = mt.min;
          o.latency_max_ms = mt.max;
          o.latency_sd_ms = mt.sd;
          o.latency_mean_ms = mt.mean;
        }
      }
      continue;
    }
    if (rx::match(l, m, loose_re()))
      throw ParseError(fmt::format("{}:{}: {}: expected '<number><unit>' (e.g. 798.4fps), found '{}' in: '{}'", file,
                                   i + 1, m[1].str(), m[2].str(), text::trim(l)));
    if (is_rule(l)) {
      mark();
      if (o.form.empty()) o.form = "table";
      ++rules;
      pending_name.clear();
      continue;
    }
    if (rules == 1 && rx::match(l, m, header_re)) {
      o.table_time_header = m[1];
    } else if (rules == 2) {
      Element e;
      if (rx::match(l, m, numbers_only_re) && !pending_name.empty()) {
        e.name = pending_name;
        e.us = value(m[1]);
        if (m[2] != "n/a") e.fps = value(m[2]);
      } else if (rx::match(l, m, row_re)) {
        e.name = text::trim(m[1]);
        e.us = value(m[2]);
        if (m[3] != "n/a") e.fps = value(m[3]);
      } else if (!text::trim(l).empty()) {
        pending_name = text::trim(l);
        continue;
      }
      pending_name.clear();
      std::string bare = e.name.rfind("└─", 0) == 0 ? text::trim(e.name.substr(std::string("└─").size())) : e.name;
      if (bare == "Metis") {
        o.device_latency_us = e.us;
        o.device_fps = e.fps;
      } else if (bare == "Host") {
        o.host_latency_us = e.us;
        o.host_fps = e.fps;
      }
      if (!e.name.empty()) o.elements.push_back(e);
    } else if (rules == 3 && rx::match(l, m, footer_re)) {
      // The same last-5-s End-to-end value; 0.0 when no chunk closed or the tracer is off.
      auto v = value(m[1]);
      o.system_fps_not_measured = !v || *v <= 0;
      o.system_fps = o.system_fps_not_measured ? std::nullopt : v;
    }
  }
  if (!o.device_fps && !o.system_fps && !o.host_fps && !o.system_fps_not_measured)
    throw ParseError(
        fmt::format("{}: no throughput found: expected end-of-run lines like 'INFO    : End-to-end : 798.4fps' "
                    "(SDK ≤1.3), 'End-to-end : 798.4fps' (SDK 1.4+) or the --show-stats table "
                    "('End-to-end average measurement …')",
                    file));
  return o;
}

std::optional<BarFrame> parse_bar(const std::string& line) {
  // r_bar "| {n_fmt}/{total_fmt} [{elapsed}<{remaining}, {rate_fmt}{postfix}]" (n_fmt = str(n)).
  static const rx::regex re(R"((\d+)/(\d+|\?) \[(?:\d+:)?\d\d:\d\d<(?:(?:\d+:)?\d\d:\d\d|\?), )");
  rx::smatch m;
  std::string l = term::strip_ansi(line);
  if (!rx::search(l, m, re)) return std::nullopt;
  BarFrame f;
  f.n = std::stoll(m[1]);
  if (m[2] != "?") f.total = std::stoll(m[2]);
  return f;
}

std::optional<BarWindow> bar_window(const std::vector<TimedLine>& lines, double settle_s) {
  // tqdm writes each redraw as "\r<bar>" and flushes; the runner ends a line at the next \r,
  // so a bar line's own write time is the stamp of the stderr line before it.
  std::optional<double> end_lines_s;
  for (const auto& l : lines)
    if (l.stream == 1 && is_end_of_run_line(l.text)) {
      end_lines_s = l.t_s;
      break;
    }
  struct Point {
    double t;
    long long n;
  };
  std::vector<Point> pts;
  std::optional<double> prev_t;
  for (const auto& l : lines) {
    if (l.stream != 2) continue;
    auto f = parse_bar(l.text);
    std::optional<double> written = prev_t;
    prev_t = l.t_s;
    if (!f || !written || (end_lines_s && *written >= *end_lines_s)) continue;
    // A redraw forced by a log line (tqdm.write clears and redraws) repeats a stale counter:
    // keep the first appearance of each count.
    if (!pts.empty() && f->n <= pts.back().n) continue;
    if (f->n >= 1) pts.push_back({*written, f->n});
  }
  if (pts.size() < 3) return std::nullopt;
  // Start-up ramp: the first two frames are slow (stream.py resets its timer after them) and
  // the pipeline fills; skip a settling time, at most a quarter of what the bar shows.
  double span = pts.back().t - pts.front().t;
  double settle = std::min(settle_s, span / 4);
  auto first = std::find_if(pts.begin(), pts.end(), [&](const Point& p) { return p.t >= pts.front().t + settle; });
  const Point& last = pts.back();
  if (first == pts.end() || !(last.t > first->t) || last.n <= first->n) return std::nullopt;
  BarWindow w;
  w.start_s = first->t;
  w.end_s = last.t;
  w.n_start = first->n;
  w.n_end = last.n;
  w.redraws = static_cast<std::size_t>(pts.end() - first);
  w.settle_s = settle;
  // tqdm read its counter just before writing each redraw; the stamp adds the write, pty and
  // reader latency (milliseconds), and the counter is whole frames.
  w.uncertainty_s = 0.005 + 1.0 / w.fps();
  w.detail = fmt::format(
      "tqdm progress bar on stderr (a terminal): frame counter {} at t={:.3f} s to {} at t={:.3f} s, "
      "{} redraws; the first {:.2f} s of frames skipped as start-up",
      w.n_start, w.start_s, w.n_end, w.end_s, w.redraws, settle);
  return w;
}

}  // namespace wb::axelera
